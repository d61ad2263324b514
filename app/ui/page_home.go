package ui

import (
	"encoding/json"

	"github.com/bedside-health/bedside/app/platform"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Home says what Bedside is, the privacy promise, the disclaimer, the models
// with their validated figures, and whether the device is online.
type Home struct {
	app.Compo
	base
	loaded  bool
	models  []clinical.Entry
	status  map[string]platform.Status
	cards   map[string]*clinical.Card
	online  bool
	problem string
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
		var firstErr error
		for _, m := range models {
			status[m.Name] = client.Status(m.Name)
			data, err := client.Card(ctx, m.Name)
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			var c clinical.Card
			if err := json.Unmarshal(data, &c); err == nil {
				cards[m.Name] = &c
			}
		}
		return func(app.Context) {
			h.loaded, h.models, h.status, h.cards = true, models, status, cards
			if firstErr != nil {
				h.problem = errorMessage(firstErr)
			}
		}
	})
}

func (h *Home) Render() app.UI {
	return h.shell("/",
		app.Section().Class("hero").Body(
			app.H1().Text(tr("home.title")),
			app.P().Class("lead").Text(tr("home.lead")),
			app.Ul().Class("tools").Body(
				tool("/symptoms", "nav.symptoms", "home.tool.symptoms"),
				tool("/notes", "nav.notes", "home.tool.notes"),
				tool("/risk/wdbc", "nav.wdbc", "home.tool.wdbc"),
				tool("/risk/pima", "nav.pima", "home.tool.pima"),
				tool("/risk/heart", "nav.heart", "home.tool.heart"),
				tool("/survival", "nav.survival", "home.tool.survival"),
			),
		),
		app.Section().Class("card", "privacy").Aria("labelledby", "privacy-h").Body(
			app.H2().ID("privacy-h").Text(tr("home.privacy.title")),
			app.P().Text(tr("home.privacy.body")),
		),
		app.Section().Class("card", "warn").Aria("labelledby", "disc-h").Body(
			app.H2().ID("disc-h").Text(tr("home.disclaimer.title")),
			app.P().Text(tr("disclaimer")),
		),
		app.Section().Aria("labelledby", "models-h").Body(
			app.H2().ID("models-h").Text(tr("home.models")),
			app.P().Class("status-line").Aria("live", "polite").Body(
				app.Span().Class("dot", map[bool]string{true: "on", false: "off"}[h.online]).Aria("hidden", "true"),
				app.Text(map[bool]string{true: tr("home.online"), false: tr("home.offline")}[h.online]),
			),
			app.If(h.problem != "", func() app.UI { return app.P().Class("notice", "error").Role("alert").Text(h.problem) }),
			app.If(!h.loaded, func() app.UI { return loading("home.loading") }).
				ElseIf(len(h.models) == 0, func() app.UI { return app.P().Class("notice").Text(tr("home.nomodels")) }).
				Else(func() app.UI {
					return app.Ul().Class("models").Body(app.Range(h.models).Slice(func(i int) app.UI {
						return modelSummary(h.models[i], h.status[h.models[i].Name], h.cards[h.models[i].Name])
					}))
				}),
		),
	)
}

func tool(path, title, desc string) app.UI {
	return app.Li().Body(app.A().Href(path).Body(
		app.Strong().Text(tr(title)),
		app.Span().Text(tr(desc)),
	))
}

// modelSummary is one model on the home page: title, version, state and
// its headline validated metrics.
func modelSummary(e clinical.Entry, st platform.Status, c *clinical.Card) app.UI {
	metrics := []clinical.Metric{}
	if c != nil {
		metrics = c.Metrics
		if len(metrics) > 3 {
			metrics = metrics[:3]
		}
	}
	return app.Li().Class("model").Body(
		app.H3().Text(modelTitle(e.Name)),
		app.P().Class("meta").Body(
			app.Text(trf("model.version", e.Version)+" · "),
			app.Span().Class("state", stateClass(st.State)).Text(statusText(st)),
		),
		app.If(len(metrics) > 0, func() app.UI {
			return app.Dl().Class("metrics").Body(app.Range(metrics).Slice(func(i int) app.UI {
				m := metrics[i]
				return app.Div().Body(
					app.Dt().Text(metricName(m.Name)),
					app.Dd().Text(formatMetric(m.Value, m.Low, m.High)),
				)
			}))
		}),
		app.A().Href("/models/"+e.Name).Text(tr("model.card.link")),
	)
}

func modelTitle(name string) string { return trOr("model."+name+".title", name) }

func metricName(name string) string { return trOr("metric."+name, name) }

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

func statusText(st platform.Status) string {
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
