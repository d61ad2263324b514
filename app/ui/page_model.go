package ui

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ModelCard renders a model's whole card at /models/NAME. Card prose
// (intended use, limitations, data credit) is written by the model's
// authors in English and shown as written.
type ModelCard struct {
	app.Compo
	base
	name    string
	card    *clinical.Card
	loadErr string
}

func (m *ModelCard) OnMount(ctx app.Context) { m.mountBase(ctx) }

func (m *ModelCard) OnNav(ctx app.Context) {
	m.name = strings.TrimPrefix(ctx.Page().URL().Path, "/models/")
	m.card, m.loadErr = nil, ""
	setTitle(ctx)
	m.load(ctx)
}

func (m *ModelCard) load(ctx app.Context) {
	if client == nil {
		return
	}
	name := m.name
	m.run(ctx, func() func(app.Context) {
		data, err := client.Card(ctx, name)
		var c clinical.Card
		if err == nil {
			err = json.Unmarshal(data, &c)
		}
		// A name this release does not ship is a wrong address, not a
		// failure: there is no input to keep and nothing to retry.
		unknown := err != nil && !hasModel(name)
		return func(app.Context) {
			if unknown {
				m.loadErr = trf("card.notfound", name)
				return
			}
			if err != nil {
				m.loadErr = errorMessage(err)
				return
			}
			m.card = &c
		}
	})
}

func (m *ModelCard) Render() app.UI {
	return m.shell("",
		app.If(m.loadErr != "", func() app.UI {
			return app.Div().Body(
				app.H1().Text(modelTitle(m.name)),
				app.P().Class("notice", "error").Role("alert").Text(m.loadErr),
				app.P().Body(el("a").Attr("href", "/").Text(tr("card.notfound.home"))),
			)
		}).ElseIf(m.card == nil, func() app.UI {
			return app.Div().Body(app.H1().Text(modelTitle(m.name)), loading("card.loading"))
		}).Else(func() app.UI { return cardView(m.card) }),
	)
}

func cardView(c *clinical.Card) app.UI {
	section := func(key string, body ...app.UI) app.UI {
		return el("section").Class("card-section").Body(append([]app.UI{el("h2").Text(tr(key))}, body...)...)
	}
	list := func(items []string) app.UI {
		return app.Ul().Body(app.Range(items).Slice(func(i int) app.UI { return app.Li().Text(items[i]) }))
	}
	metricRows := func(ms []clinical.Metric) [][]string {
		rows := make([][]string, len(ms))
		for i, x := range ms {
			rows[i] = []string{metricName(x.Name), formatMetric(x.Value, x.Low, x.High), x.Split, strconv.Itoa(x.N)}
		}
		return rows
	}
	metricHead := []string{tr("card.metric"), tr("card.value"), tr("card.split"), tr("card.n")}
	disclaimer := c.Disclaimer
	if disclaimer == "" || disclaimer == clinical.Disclaimer {
		disclaimer = tr("disclaimer")
	}
	var parts []app.UI
	add := func(ui ...app.UI) { parts = append(parts, ui...) }
	add(
		app.H1().Text(modelTitle(c.Name)),
		app.P().Class("meta").Text(trf("model.version", c.Version)+" · "+c.Name),
		app.P().Class("notice", "warn").Text(disclaimer),
	)
	if current != English {
		add(app.P().Class("help").Text(tr("card.english")))
	}
	add(
		app.P().Class("lead").Lang("en").Text(c.Summary),
		section("card.intended", app.P().Lang("en").Text(c.IntendedUse)),
	)
	if len(c.Users) > 0 {
		add(section("card.users", list(c.Users)))
	}
	if len(c.OutOfScope) > 0 {
		add(section("card.outofscope", list(c.OutOfScope)))
	}
	add(
		section("card.data", kv([][2]string{
			{tr("card.data.name"), c.Data.Name},
			{tr("card.data.rows"), formatInt(c.Data.Rows)},
			{tr("card.data.source"), c.Data.Source},
			{tr("card.data.licence"), c.Data.Licence},
			{tr("card.data.credit"), c.Data.Credit},
		})),
		section("card.metrics", table(metricHead, metricRows(c.Metrics))),
	)
	if len(c.Baselines) > 0 {
		add(section("card.baselines", table(metricHead, metricRows(c.Baselines))))
	}
	if sel := c.Selection; sel != nil && len(sel.Candidates) > 0 {
		head := []string{tr("card.candidate")}
		for _, sc := range sel.Candidates[0].Scores {
			head = append(head, metricName(sc.Name))
		}
		rows := make([][]string, len(sel.Candidates))
		for i, cand := range sel.Candidates {
			rows[i] = []string{cand.Name}
			for _, sc := range cand.Scores {
				rows[i] = append(rows[i], f3(sc.Mean)+" ± "+f3(sc.SD))
			}
		}
		add(section("card.selection",
			app.P().Text(trf("card.winner", sel.Winner)),
			table(head, rows),
			app.P().Class("help").Lang("en").Text(sel.Verdict),
			app.P().Class("help").Lang("en").Text(sel.Method),
		))
	}
	if cal := c.Calibration; cal != nil {
		rows := make([][]string, len(cal.Bins))
		for i, b := range cal.Bins {
			rows[i] = []string{f2(b.Low) + "–" + f2(b.High), f2(b.MeanPred), f2(b.FracTrue), strconv.Itoa(b.N)}
		}
		add(section("card.calibration",
			app.P().Text(trf("card.calibration.summary", cal.Method, cal.ECE, cal.Brier)),
			table([]string{tr("card.bin"), tr("card.meanpred"), tr("card.fractrue"), tr("card.n")}, rows),
		))
	}
	if len(c.Inputs) > 0 {
		rows := make([][]string, len(c.Inputs))
		for i, f := range c.Inputs {
			rng := formatNumber(f.Min) + "–" + formatNumber(f.Max)
			if len(f.Categories) > 0 {
				names := make([]string, len(f.Categories))
				for j, v := range f.Categories {
					names[j] = optionName(f.Name, v)
				}
				rng = strings.Join(names, tr("list.sep"))
			}
			rows[i] = []string{featureName(f.Name, f.Label), unitName(f.Unit), rng, formatNumber(f.Default)}
		}
		add(section("card.inputs", table([]string{tr("card.input"), tr("card.unit"), tr("card.range"), tr("card.default")}, rows)))
	}
	if len(c.Labels) > 0 {
		names := make([]string, len(c.Labels))
		for i, l := range c.Labels {
			names[i] = className(c.Name, l)
		}
		add(section("card.labels", app.P().Text(strings.Join(names, tr("list.sep")))))
	}
	model := []app.UI{kv([][2]string{
		{tr("card.architecture"), c.Architecture},
		{tr("card.parameters"), formatInt(c.Parameters)},
		{tr("card.training"), c.Training},
	})}
	if len(c.Preprocess) > 0 {
		model = append(model, el("h3").Text(tr("card.preprocess")),
			el("ol").Body(app.Range(c.Preprocess).Slice(func(i int) app.UI { return app.Li().Text(c.Preprocess[i]) })))
	}
	add(section("card.model", model...))
	if len(c.TriageRules) > 0 {
		rows := make([][]string, len(c.TriageRules))
		for i, r := range c.TriageRules {
			rows[i] = []string{trOr("flag."+r.ID, r.When), triageName(r.Level), r.Source}
		}
		add(section("card.triage", table([]string{tr("card.rule"), tr("card.level"), tr("card.source")}, rows)))
	}
	if a := c.Abstention; a != nil && len(a.Rates) > 0 {
		rows := make([][]string, len(a.Rates))
		for i, r := range a.Rates {
			share := math.NaN()
			if r.Of > 0 {
				share = float64(r.Abstained) / float64(r.Of)
			}
			rows[i] = []string{r.Set, trOr("card.abstention."+r.Expected, r.Expected), trf("card.abstention.of", r.Abstained, r.Of, formatPercent(share))}
		}
		add(section("card.abstention", app.P().Text(a.Rule),
			table([]string{tr("card.abstention.set"), tr("card.abstention.expected"), tr("card.abstention.rate")}, rows)))
	}
	add(section("card.limitations", list(c.Limitations)))
	return el("article").Class("model-card").Body(parts...)
}

// table renders rows of text under a header; the first column is the row
// header. Data-driven so that each table does not cost its own code. On a
// phone the CSS lays each row out as a block with its cells labelled from
// data-label, so the ARIA roles keep it a table for screen readers.
func table(head []string, rows [][]string) app.UI {
	return app.Div().Class("table-wrap").Body(el("table").Attr("role", "table").Body(
		el("thead").Body(el("tr").Attr("role", "row").Body(app.Range(head).Slice(func(i int) app.UI {
			return el("th").Attr("scope", "col").Attr("role", "columnheader").Text(head[i])
		}))),
		el("tbody").Body(app.Range(rows).Slice(func(i int) app.UI {
			r := rows[i]
			return el("tr").Attr("role", "row").Body(app.Range(r).Slice(func(j int) app.UI {
				if j == 0 {
					return el("th").Attr("scope", "row").Attr("role", "rowheader").Text(r[j])
				}
				return el("td").Attr("role", "cell").Attr("data-label", cellLabel(head, j)).Text(r[j])
			}))
		})),
	))
}

// cellLabel is column j's header, which labels a cell when a phone shows
// rows as blocks.
func cellLabel(head []string, j int) string {
	if j < len(head) {
		return head[j]
	}
	return ""
}

// kv renders label/value pairs as a description list.
func kv(pairs [][2]string) app.UI {
	return el("dl").Class("kv").Body(app.Range(pairs).Slice(func(i int) app.UI {
		return app.Div().Body(el("dt").Text(pairs[i][0]), el("dd").Text(pairs[i][1]))
	}))
}
