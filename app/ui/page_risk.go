package ui

import (
	"encoding/json"
	"maps"
	"math"
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Risk is a calculator form for one tabular model (wdbc, pima, heart) or the
// survival model. The form is built from the model card's inputs (label,
// unit, valid range, default, categories), so the card is the single source
// of truth for what the model accepts.
type Risk struct {
	app.Compo
	base
	Model string

	card     *clinical.Card
	loadErr  string
	values   map[string]string
	problems map[string]*Problem
	busy     bool
	risk     *clinical.RiskPrediction
	surv     *clinical.SurvivalPrediction
	given    map[string]float64 // the input of the shown result
	sent     map[string]string  // the form as it was for the shown result
	failure  string
}

func (r *Risk) OnMount(ctx app.Context) {
	r.mountBase(ctx)
	r.loadCard(ctx)
}

func (r *Risk) OnNav(ctx app.Context) {
	// go-app reuses the component when moving between calculators.
	setTitle(ctx)
	if r.card != nil && r.card.Name != r.Model {
		*r = Risk{Model: r.Model, base: r.base}
		r.loadCard(ctx)
	}
}

func (r *Risk) loadCard(ctx app.Context) {
	if client == nil {
		return
	}
	model := r.Model
	r.run(ctx, func() func(app.Context) {
		data, err := client.Card(ctx, model)
		var c clinical.Card
		if err == nil {
			err = json.Unmarshal(data, &c)
		}
		return func(ctx app.Context) {
			if err != nil {
				r.loadErr = errorMessage(err)
				return
			}
			if len(c.Inputs) == 0 {
				r.loadErr = tr("risk.noinputs")
				return
			}
			r.card = &c
			if e := takeReopen(model); e != nil {
				r.values = riskValues(e.Input)
				r.submit(ctx)
				return
			}
			if r.values == nil {
				// An empty form: the card's defaults are a typical patient
				// of the training data, and a form that starts filled in
				// reads as this person's values. Examples are one click away.
				r.values = map[string]string{}
			}
		}
	})
}

func (r *Risk) feature(name string) (clinical.Feature, bool) {
	if r.card != nil {
		for _, f := range r.card.Inputs {
			if f.Name == name {
				return f, true
			}
		}
	}
	return clinical.Feature{}, false
}

func (r *Risk) onField(name string, final bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		defer r.catch()
		r.setField(name, ctx.JSSrc().Get("value").String(), final)
	}
}

// onSelect reads a choice by its index: go-app drops an empty value
// attribute, so the blank option ("Choose…", "Unknown") would otherwise
// report its label as the value.
func (r *Risk) onSelect(f clinical.Feature, blank bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		defer r.catch()
		i := ctx.JSSrc().Get("selectedIndex").Int()
		if blank {
			i--
		}
		v := ""
		if i >= 0 && i < len(f.Categories) {
			v = formatNumber(f.Categories[i])
		}
		r.setField(f.Name, v, true)
	}
}

// setField stores what was typed. While typing only a fixed error is
// cleared; on change (leaving the field) the value is checked and flagged.
func (r *Risk) setField(name, v string, final bool) {
	if r.values == nil {
		r.values = map[string]string{}
	}
	if r.problems == nil {
		r.problems = map[string]*Problem{}
	}
	r.values[name] = v
	f, ok := r.feature(name)
	if !ok {
		return
	}
	_, p := parseField(f, v)
	if p == nil {
		delete(r.problems, name)
	} else if final {
		r.problems[name] = p
		// A result for values that are no longer valid answers nothing.
		r.risk, r.surv = nil, nil
	}
}

func (r *Risk) onExample(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		defer r.catch()
		r.applyExample(i)
	}
}

// applyExample fills the form with an example patient. Values are snapped to
// the card's range and categories, so an example always passes validation
// whatever coding the model chose.
func (r *Risk) applyExample(i int) {
	ex := examplePatients[r.Model]
	if r.card == nil || i < 0 || i >= len(ex) {
		return
	}
	r.values = defaults(r.card.Inputs)
	r.problems = map[string]*Problem{}
	for _, f := range r.card.Inputs {
		v, ok := ex[i].Values[f.Name]
		if !ok {
			continue
		}
		r.values[f.Name] = formatNumber(snap(f, v))
	}
	r.risk, r.surv, r.failure = nil, nil, ""
}

func snap(f clinical.Feature, v float64) float64 {
	if len(f.Categories) > 0 {
		best := f.Categories[0]
		for _, c := range f.Categories {
			if math.Abs(c-v) < math.Abs(best-v) {
				best = c
			}
		}
		return best
	}
	if f.Min < f.Max {
		return math.Max(f.Min, math.Min(f.Max, v))
	}
	return v
}

func (r *Risk) onReset(ctx app.Context, e app.Event) {
	defer r.catch()
	if r.card != nil {
		r.values = map[string]string{}
		r.problems = map[string]*Problem{}
	}
}

func (r *Risk) onSubmit(ctx app.Context, e app.Event) {
	defer r.catch()
	e.PreventDefault()
	r.submit(ctx)
}

func (r *Risk) submit(ctx app.Context) {
	r.failure = ""
	if r.card == nil {
		return
	}
	input, problems := formInput(r.card.Inputs, r.values)
	r.problems = problems
	if input == nil {
		// A result for other values would read as the answer to these.
		r.risk, r.surv = nil, nil
		r.failure = trf("risk.fix", len(problems))
		for _, f := range r.card.Inputs {
			if problems[f.Name] != nil {
				focus(ctx, "f-"+f.Name) // keyboard and screen-reader users land on what to fix
				break
			}
		}
		return
	}
	if client == nil {
		r.failure = tr("err.noplatform")
		return
	}
	r.busy = true
	model := r.Model
	sent := maps.Clone(r.values)
	r.run(ctx, func() func(app.Context) {
		data, _ := json.Marshal(input)
		out, err := client.Predict(ctx, model, data)
		var risk clinical.RiskPrediction
		var surv clinical.SurvivalPrediction
		if err == nil {
			if model == survivalModel {
				err = json.Unmarshal(out, &surv)
			} else {
				err = json.Unmarshal(out, &risk)
			}
		}
		return func(ctx app.Context) {
			r.busy = false
			if err != nil {
				r.failure = errorMessage(err)
				r.risk, r.surv = nil, nil
				return
			}
			r.given, r.sent = input, sent
			if model == survivalModel {
				r.surv, r.risk = &surv, nil
				reveal(ctx, "surv-result-h")
				saveHistory(ctx, model, string(data), trf("survival.summary", formatPercent(surv.Survival5y), groupName(surv.RiskGroup)))
			} else {
				r.risk, r.surv = &risk, nil
				reveal(ctx, "risk-result-h")
				saveHistory(ctx, model, string(data), formatPercent(risk.Probability))
			}
		}
	})
}

// stale reports whether the form has changed since the shown result.
func (r *Risk) stale() bool {
	return (r.risk != nil || r.surv != nil) && !maps.Equal(r.values, r.sent)
}

func groupName(g string) string { return trOr("group."+g, g) }

func (r *Risk) path() string {
	if r.Model == survivalModel {
		return "/survival"
	}
	return "/risk/" + r.Model
}

func (r *Risk) Render() app.UI {
	return r.shell(r.path(),
		app.H1().Text(tr("risk."+r.Model+".title")),
		app.P().Class("lead").Text(tr("risk."+r.Model+".lead")),
		app.If(r.loadErr != "", func() app.UI { return app.P().Class("notice", "error").Role("alert").Text(r.loadErr) }).
			ElseIf(r.card == nil, func() app.UI { return loading("risk.loading") }).
			Else(func() app.UI { return r.form() }),
		app.If(r.busy, func() app.UI { return loading("risk.running") }),
		app.If(r.failure != "", func() app.UI { return app.P().Class("notice", "error").Role("alert").Text(r.failure) }),
		app.If(r.risk != nil && !r.busy, func() app.UI { return r.riskResult() }),
		app.If(r.surv != nil && !r.busy, func() app.UI { return r.survivalResult() }),
		app.P().Class("disclaimer").Text(tr("disclaimer")),
	)
}

func (r *Risk) form() app.UI {
	ex := examplePatients[r.Model]
	return el("form").Class("risk-form").OnSubmit(r.onSubmit).Attr("novalidate", true).Body(
		app.If(len(ex) > 0, func() app.UI {
			return app.Div().Class("examples").Body(
				el("span").Text(tr("examples.patients")),
				app.Range(ex).Slice(func(i int) app.UI {
					return el("button").Attr("type", "button").Class("chip").Text(tr(ex[i].Key)).OnClick(r.onExample(i))
				}),
			)
		}),
		app.Div().Class("fields").Body(app.Range(r.card.Inputs).Slice(func(i int) app.UI { return r.field(r.card.Inputs[i]) })),
		app.Div().Class("actions").Body(
			el("button").Attr("type", "submit").Class("primary").Attr("disabled", ariaBool(r.busy)).Text(tr("risk.submit")),
			el("button").Attr("type", "button").Text(tr("risk.reset")).OnClick(r.onReset),
		),
	)
}

func (r *Risk) field(f clinical.Feature) app.UI {
	id := "f-" + f.Name
	p := r.problems[f.Name]
	help := featureHelp(f.Name)
	// The card's description is the model authors' English; a select
	// already names its options, so it is shown only for numbers.
	if help == "" && f.Description != "" && len(f.Categories) == 0 {
		help = f.Description
		if !strings.ContainsAny(help[len(help)-1:], ".。!?") {
			help += "."
		}
	}
	rangeText := trf("risk.range", formatNumber(f.Min), formatNumber(f.Max), unitSuffix(f.Unit))
	if b := sizeBand(r.Model, f.Name, r.values[f.Name]); b != "" {
		help = strings.TrimSpace(help + " " + trf("survival.size_band", tr("band."+b)))
	}
	if f.Optional {
		rangeText += " " + tr("risk.optional")
	}
	var control app.UI
	if len(f.Categories) > 0 {
		blank := f.Optional || r.values[f.Name] == ""
		control = el("select").ID(id).Attr("name", f.Name).Aria("describedby", id+"-help "+id+"-err").Aria("invalid", ariaBool(p != nil)).
			OnChange(r.onSelect(f, blank)).Body(
			app.If(f.Optional, func() app.UI { return option("", r.values[f.Name] == "", tr("risk.unknown")) }).
				ElseIf(r.values[f.Name] == "", func() app.UI { return option("", true, tr("risk.choose")) }),
			app.Range(f.Categories).Slice(func(i int) app.UI {
				v := formatNumber(f.Categories[i])
				return option(v, r.values[f.Name] == v, optionName(f.Name, f.Categories[i]))
			}),
		)
		rangeText = ""
	} else {
		control = el("input").ID(id).Attr("name", f.Name).Attr("type", "text").Attr("inputmode", "decimal").Attr("autocomplete", "off").
			Aria("describedby", id+"-help "+id+"-err").Aria("invalid", ariaBool(p != nil)).
			Attr("value", r.values[f.Name]).OnInput(r.onField(f.Name, false)).OnChange(r.onField(f.Name, true))
	}
	return app.Div().Class("field", map[bool]string{true: "has-error", false: ""}[p != nil]).Body(
		el("label").Attr("for", id).Body(
			app.Text(featureName(f.Name, f.Label)),
			app.If(f.Unit != "", func() app.UI { return el("span").Class("unit").Text(" (" + unitName(f.Unit) + ")") }),
		),
		control,
		app.P().ID(id+"-help").Class("help").Text(strings.TrimSpace(help+" "+rangeText)),
		app.P().ID(id+"-err").Class("field-error").Aria("live", "polite").Text(p.String()),
	)
}

// sizeBand is the Rotterdam band the survival model reads a tumour size
// in mm (or a band's name) as, "" for anything else; the model reports
// the band it used with the result as well.
func sizeBand(model, field, value string) string {
	if model != "survival" || field != "size" {
		return ""
	}
	v := strings.TrimSpace(value)
	switch v {
	case "<=20", "20-50", ">50":
		return v
	}
	mm, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil || !(mm > 0):
		return ""
	case mm <= 20:
		return "<=20"
	case mm <= 50:
		return "20-50"
	}
	return ">50"
}

func (r *Risk) featureLabel(name string) string {
	f, _ := r.feature(name)
	return featureName(name, f.Label)
}

// featureValue shows an input as the user gave it: the option's name for a
// choice, and the number sent with its unit otherwise, since a model may
// report its own encoding (survival turns tumour size in mm into a size
// class).
func (r *Risk) featureValue(c clinical.Contribution) string {
	if c.Missing {
		return tr("contrib.missing")
	}
	f, ok := r.feature(c.Feature)
	switch {
	case ok && len(f.Categories) > 0:
		return optionName(f.Name, c.Value)
	case ok:
		v := c.Value
		if given, ok := r.given[f.Name]; ok {
			v = given
		}
		return formatNumber(v) + unitSuffix(f.Unit)
	}
	return formatNumber(c.Value)
}

func (r *Risk) riskResult() app.UI {
	p := r.risk
	return el("section").Class("result", staleClass(r.stale())).Aria("labelledby", "risk-result-h").Aria("live", "polite").Body(
		el("h2").ID("risk-result-h").Text(tr("result.title")),
		staleNote(r.stale(), "risk.stale"),
		historyNotice(),
		app.Div().Class("result-grid").Body(
			Gauge(p.Probability, tr("risk."+r.Model+".outcome")),
			performance(r.card),
		),
		warnings(p.Warnings),
		el("h3").Text(tr("risk.contribs")),
		app.P().Class("help").Text(tr("risk.contribs.help")),
		Contributions(p.Contributions, r.featureLabel, r.featureValue, 12),
		app.P().Class("meta").Body(
			app.Text(trf("model.version", p.Version)+" · "),
			el("a").Attr("href", "/models/"+r.Model).Text(tr("model.card.link")),
		),
	)
}

func (r *Risk) survivalResult() app.UI {
	p := r.surv
	marks := map[int]float64{1: p.Survival1y, 5: p.Survival5y, 10: p.Survival10y}
	years := []int{1, 5, 10}
	return el("section").Class("result", staleClass(r.stale())).Aria("labelledby", "surv-result-h").Aria("live", "polite").Body(
		el("h2").ID("surv-result-h").Text(tr("result.title")),
		staleNote(r.stale(), "risk.stale"),
		historyNotice(),
		app.Div().Class("result-grid").Body(
			app.Div().Body(
				SurvivalCurve(p.Curve, marks),
				el("table").Class("survival-table").Body(
					el("caption").Text(tr("survival.table")),
					el("thead").Body(el("tr").Body(el("th").Attr("scope", "col").Text(tr("survival.time")), el("th").Attr("scope", "col").Text(tr("survival.rfs")))),
					el("tbody").Body(app.Range(years).Slice(func(i int) app.UI {
						return el("tr").Body(el("th").Attr("scope", "row").Text(trf("survival.years", years[i])), el("td").Text(formatPercent(marks[years[i]])))
					})),
				),
			),
			app.Div().Body(
				app.P().Class("group", "group-"+p.RiskGroup).Body(
					el("span").Text(tr("survival.group")+" "),
					el("strong").Text(groupName(p.RiskGroup)),
				),
				app.P().Class("help").Text(tr("survival.group.help")),
				performance(r.card),
			),
		),
		warnings(p.Warnings),
		el("h3").Text(tr("risk.contribs")),
		app.P().Class("help").Text(tr("survival.contribs.help")),
		Contributions(p.Contributions, r.featureLabel, r.featureValue, 12),
		app.P().Class("meta").Body(
			app.Text(trf("model.version", p.Version)+" · "),
			el("a").Attr("href", "/models/"+r.Model).Text(tr("model.card.link")),
		),
	)
}

func warnings(ws []clinical.Message) app.UI {
	return app.If(len(ws) > 0, func() app.UI {
		return app.Div().Class("notice", "uncertain").Body(
			el("strong").Text(tr("risk.warnings")),
			el("ul").Body(app.Range(ws).Slice(func(i int) app.UI { return el("li").Text(message(ws[i])) })),
		)
	})
}

// performance is the model's validated figures, shown next to every result
// so that a number is never read without how good the model is.
func performance(c *clinical.Card) app.UI {
	if c == nil {
		return app.Div()
	}
	return app.Div().Class("performance").Body(
		el("h3").Text(tr("risk.performance")),
		el("dl").Class("metrics").Body(app.Range(c.Metrics).Slice(func(i int) app.UI {
			m := c.Metrics[i]
			return app.Div().Body(
				el("dt").Text(metricName(m.Name)),
				el("dd").Text(formatMetric(m.Value, m.Low, m.High)),
			)
		})),
		app.If(len(c.Metrics) > 0, func() app.UI {
			m := c.Metrics[0]
			return app.P().Class("help").Text(trf("risk.split", m.Split, m.N))
		}),
		app.If(c.Calibration != nil, func() app.UI {
			return app.P().Class("help").Text(trf("risk.calibration", c.Calibration.ECE))
		}),
	)
}
