package ui

import (
	"encoding/json"
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
		return func(app.Context) {
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
		return el("ul").Body(app.Range(items).Slice(func(i int) app.UI { return el("li").Text(items[i]) }))
	}
	metricTable := func(ms []clinical.Metric) app.UI {
		return app.Div().Class("table-wrap").Body(el("table").Body(
			el("thead").Body(el("tr").Body(
				el("th").Attr("scope", "col").Text(tr("card.metric")), el("th").Attr("scope", "col").Text(tr("card.value")),
				el("th").Attr("scope", "col").Text(tr("card.split")), el("th").Attr("scope", "col").Text(tr("card.n")),
			)),
			el("tbody").Body(app.Range(ms).Slice(func(i int) app.UI {
				x := ms[i]
				return el("tr").Body(el("th").Attr("scope", "row").Text(metricName(x.Name)), el("td").Text(formatMetric(x.Value, x.Low, x.High)),
					el("td").Text(x.Split), el("td").Text(strconv.Itoa(x.N)))
			})),
		))
	}
	disclaimer := c.Disclaimer
	if disclaimer == "" || disclaimer == clinical.Disclaimer {
		disclaimer = tr("disclaimer")
	}
	return el("article").Class("model-card").Body(
		app.H1().Text(modelTitle(c.Name)),
		app.P().Class("meta").Text(trf("model.version", c.Version)+" · "+c.Name),
		app.P().Class("notice", "warn").Text(disclaimer),
		app.If(current != English, func() app.UI { return app.P().Class("help").Text(tr("card.english")) }),
		app.P().Class("lead").Lang("en").Text(c.Summary),
		section("card.intended", app.P().Lang("en").Text(c.IntendedUse)),
		app.If(len(c.Users) > 0, func() app.UI { return section("card.users", list(c.Users)) }),
		app.If(len(c.OutOfScope) > 0, func() app.UI { return section("card.outofscope", list(c.OutOfScope)) }),
		section("card.data", el("dl").Class("kv").Body(
			el("dt").Text(tr("card.data.name")), el("dd").Text(c.Data.Name),
			el("dt").Text(tr("card.data.rows")), el("dd").Text(formatInt(c.Data.Rows)),
			el("dt").Text(tr("card.data.source")), el("dd").Text(c.Data.Source),
			el("dt").Text(tr("card.data.licence")), el("dd").Text(c.Data.Licence),
			el("dt").Text(tr("card.data.credit")), el("dd").Text(c.Data.Credit),
		)),
		section("card.metrics", metricTable(c.Metrics)),
		app.If(len(c.Baselines) > 0, func() app.UI { return section("card.baselines", metricTable(c.Baselines)) }),
		app.If(c.Calibration != nil, func() app.UI {
			cal := c.Calibration
			return section("card.calibration",
				app.P().Text(trf("card.calibration.summary", cal.Method, cal.ECE, cal.Brier)),
				app.If(len(cal.Bins) > 0, func() app.UI {
					return app.Div().Class("table-wrap").Body(el("table").Body(
						el("thead").Body(el("tr").Body(
							el("th").Attr("scope", "col").Text(tr("card.bin")), el("th").Attr("scope", "col").Text(tr("card.meanpred")),
							el("th").Attr("scope", "col").Text(tr("card.fractrue")), el("th").Attr("scope", "col").Text(tr("card.n")),
						)),
						el("tbody").Body(app.Range(cal.Bins).Slice(func(i int) app.UI {
							b := cal.Bins[i]
							return el("tr").Body(
								el("td").Text(f2(b.Low)+"–"+f2(b.High)), el("td").Text(f2(b.MeanPred)),
								el("td").Text(f2(b.FracTrue)), el("td").Text(strconv.Itoa(b.N)))
						})),
					))
				}),
			)
		}),
		app.If(len(c.Inputs) > 0, func() app.UI {
			return section("card.inputs", app.Div().Class("table-wrap").Body(el("table").Body(
				el("thead").Body(el("tr").Body(
					el("th").Attr("scope", "col").Text(tr("card.input")), el("th").Attr("scope", "col").Text(tr("card.unit")),
					el("th").Attr("scope", "col").Text(tr("card.range")), el("th").Attr("scope", "col").Text(tr("card.default")),
				)),
				el("tbody").Body(app.Range(c.Inputs).Slice(func(i int) app.UI {
					f := c.Inputs[i]
					rng := formatNumber(f.Min) + "–" + formatNumber(f.Max)
					if len(f.Categories) > 0 {
						parts := make([]string, len(f.Categories))
						for j, v := range f.Categories {
							parts[j] = optionName(f.Name, v)
						}
						rng = strings.Join(parts, ", ")
					}
					return el("tr").Body(el("th").Attr("scope", "row").Text(featureName(f.Name, f.Label)), el("td").Text(f.Unit),
						el("td").Text(rng), el("td").Text(formatNumber(f.Default)))
				})),
			)))
		}),
		app.If(len(c.Labels) > 0, func() app.UI {
			names := make([]string, len(c.Labels))
			for i, l := range c.Labels {
				names[i] = className(c.Name, l)
			}
			return section("card.labels", app.P().Text(strings.Join(names, tr("list.sep"))))
		}),
		section("card.model",
			el("dl").Class("kv").Body(
				el("dt").Text(tr("card.architecture")), el("dd").Text(c.Architecture),
				el("dt").Text(tr("card.parameters")), el("dd").Text(formatInt(c.Parameters)),
				el("dt").Text(tr("card.training")), el("dd").Text(c.Training),
			),
			app.If(len(c.Preprocess) > 0, func() app.UI {
				return app.Div().Body(el("h3").Text(tr("card.preprocess")),
					el("ol").Body(app.Range(c.Preprocess).Slice(func(i int) app.UI { return el("li").Text(c.Preprocess[i]) })))
			}),
		),
		app.If(len(c.TriageRules) > 0, func() app.UI {
			return section("card.triage", app.Div().Class("table-wrap").Body(el("table").Body(
				el("thead").Body(el("tr").Body(
					el("th").Attr("scope", "col").Text(tr("card.rule")), el("th").Attr("scope", "col").Text(tr("card.level")), el("th").Attr("scope", "col").Text(tr("card.source")),
				)),
				el("tbody").Body(app.Range(c.TriageRules).Slice(func(i int) app.UI {
					r := c.TriageRules[i]
					return el("tr").Body(el("td").Text(r.When), el("td").Text(triageName(r.Level)), el("td").Text(r.Source))
				})),
			)))
		}),
		section("card.limitations", list(c.Limitations)),
	)
}
