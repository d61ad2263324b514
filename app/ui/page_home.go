package ui

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/bedside-health/bedside/app/platform"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Home says what Bedside is, the privacy promise, the disclaimer, the models
// with their validated figures, and whether the device is online.
type Home struct {
	app.Compo
	base
	loaded bool
	models []clinical.Entry
	status map[string]platform.Status
	cards  map[string]*clinical.Card
	online bool
}

func (h *Home) OnMount(ctx app.Context) {
	h.mountBase(ctx)
	h.online = isOnline()
	h.load(ctx)
}

func (h *Home) load(ctx app.Context) {
	if client == nil {
		return
	}
	h.run(ctx, func() func(app.Context) {
		models := client.Models()
		status := map[string]platform.Status{}
		cards := map[string]*clinical.Card{}
		for _, m := range models {
			status[m.Name] = client.Status(m.Name)
			// A model without a card is listed without figures; its own
			// page says the card is missing.
			data, err := client.Card(ctx, m.Name)
			if err != nil {
				continue
			}
			var c clinical.Card
			if err := json.Unmarshal(data, &c); err == nil {
				cards[m.Name] = &c
			}
		}
		return func(ctx app.Context) {
			h.loaded, h.models, h.status, h.cards = true, models, status, cards
			h.poll(ctx)
		}
	})
}

// poll refreshes the download states every second while any model is
// still on its way, and the online state with them.
func (h *Home) poll(ctx app.Context) {
	if !app.IsClient || client == nil || !h.unsettled() {
		return
	}
	ctx.After(time.Second, func(ctx app.Context) {
		defer h.catch()
		for _, m := range h.models {
			h.status[m.Name] = client.Status(m.Name)
		}
		h.online = isOnline()
		h.poll(ctx)
	})
}

func (h *Home) unsettled() bool {
	for _, st := range h.status {
		if (st.State == platform.Pending && !st.OnDemand) || st.State == platform.Downloading {
			return true
		}
	}
	return false
}

func (h *Home) Render() app.UI {
	return h.shell("/",
		el("section").Class("hero").Body(
			app.H1().Text(tr("home.title")),
			app.P().Class("lead").Text(tr("home.lead")),
			el("ul").Class("tools").Body(
				tool("/symptoms", "nav.symptoms", "home.tool.symptoms"),
				tool("/notes", "nav.notes", "home.tool.notes"),
				tool("/risk/wdbc", "nav.wdbc", "home.tool.wdbc"),
				tool("/risk/pima", "nav.pima", "home.tool.pima"),
				tool("/risk/heart", "nav.heart", "home.tool.heart"),
				tool("/survival", "nav.survival", "home.tool.survival"),
			),
		),
		el("section").Class("card", "privacy").Aria("labelledby", "privacy-h").Body(
			el("h2").ID("privacy-h").Text(tr("home.privacy.title")),
			app.P().Text(tr("home.privacy.body")),
		),
		el("section").Class("card", "warn").Aria("labelledby", "disc-h").Body(
			el("h2").ID("disc-h").Text(tr("home.disclaimer.title")),
			app.P().Text(tr("disclaimer")),
		),
		el("section").Aria("labelledby", "models-h").Body(
			el("h2").ID("models-h").Text(tr("home.models")),
			app.P().Class("status-line").Aria("live", "polite").Body(
				el("span").Class("dot", map[bool]string{true: "on", false: "off"}[h.online]).Aria("hidden", "true"),
				app.Text(map[bool]string{true: tr("home.online"), false: tr("home.offline")}[h.online]),
			),
			app.If(!h.loaded, func() app.UI { return loading("home.loading") }).
				ElseIf(len(h.models) == 0, func() app.UI { return app.P().Class("notice").Text(tr("home.nomodels")) }).
				Else(func() app.UI {
					return el("ul").Class("models").Body(app.Range(h.models).Slice(func(i int) app.UI {
						e := h.models[i]
						return modelSummary(e, h.status[e.Name], h.cards[e.Name], h.download(e.Name))
					}))
				}),
		),
	)
}

func tool(path, title, desc string) app.UI {
	return el("li").Body(el("a").Attr("href", path).Body(
		el("strong").Text(tr(title)),
		el("span").Text(tr(desc)),
	))
}

// download fetches a model that waits on demand, for someone who wants it
// on the device before going offline.
func (h *Home) download(name string) app.EventHandler {
	return func(ctx app.Context, _ app.Event) {
		defer h.catch()
		h.status[name] = platform.Status{Name: name, State: platform.Downloading}
		h.poll(ctx)
		h.run(ctx, func() func(app.Context) {
			client.Load(context.Background(), name) // a failure shows as the model's status
			st := client.Status(name)
			return func(app.Context) { h.status[name] = st }
		})
	}
}

// modelSummary is one model on the home page: title, version, state and
// its headline validated metrics; a model that waits on demand offers its
// download (onDownload).
func modelSummary(e clinical.Entry, st platform.Status, c *clinical.Card, onDownload app.EventHandler) app.UI {
	metrics := []clinical.Metric{}
	if c != nil {
		metrics = c.Metrics
		if len(metrics) > 3 {
			metrics = metrics[:3]
		}
	}
	return el("li").Class("model").Body(
		el("h3").Text(modelTitle(e.Name)),
		app.P().Class("meta").Body(
			app.Text(trf("model.version", e.Version)+" · "),
			el("span").Class("state", stateClass(st.State)).Text(statusText(st, e.Bytes)),
		),
		app.If(st.OnDemand && st.State == platform.Pending, func() app.UI {
			return app.Button().Type("button").Class("secondary").OnClick(onDownload).Text(trf("model.download", formatMB(e.Bytes)))
		}),
		app.If(len(metrics) > 0, func() app.UI {
			return el("dl").Class("metrics").Body(app.Range(metrics).Slice(func(i int) app.UI {
				m := metrics[i]
				return app.Div().Body(
					el("dt").Text(metricName(m.Name)),
					el("dd").Text(formatMetric(m.Value, m.Low, m.High)),
				)
			}))
		}),
		app.If(c != nil, func() app.UI { return el("a").Attr("href", "/models/"+e.Name).Text(tr("model.card.link")) }),
	)
}

func modelTitle(name string) string { return trOr("model."+name+".title", name) }

// metricName names a card metric. Cards build names from parts
// (logreg_auc, c_index_node_positive), so the parts are translated.
func metricName(name string) string {
	if s, ok := lookup("metric." + name); ok {
		return s
	}
	for _, p := range []string{"tfidf_unigram_logreg", "tfidf_logreg", "logreg", "linear_cox", "mlp", "wide_deep"} {
		if rest, ok := strings.CutPrefix(name, p+"_"); ok {
			return trf("metric.baseline."+p, metricName(rest))
		}
	}
	if base, ok := strings.CutSuffix(name, "_node_positive"); ok {
		return trf("metric.node_positive", metricName(base))
	}
	return name
}

func stateClass(s platform.State) string {
	switch s {
	case platform.Ready:
		return "ready"
	case platform.Downloading:
		return "downloading"
	case platform.Failed:
		return "failed"
	}
	return "pending"
}

func statusText(st platform.Status, bytes int64) string {
	if st.State == platform.Pending && st.OnDemand {
		return trf("status.ondemand", formatMB(bytes))
	}
	switch st.State {
	case platform.Ready:
		return tr("status.ready")
	case platform.Downloading:
		return trf("status.downloading", formatPercent(st.Progress))
	case platform.Failed:
		return trf("status.failed", st.Err)
	}
	return tr("status.pending")
}

// isOnline reads navigator.onLine in the browser; pre-rendering and tests
// assume online.
func isOnline() bool {
	if !app.IsClient {
		return true
	}
	return app.Window().Get("navigator").Get("onLine").Bool()
}
