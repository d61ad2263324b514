package ui

import (
	"encoding/json"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// symptomExamples are the example inputs one click away; keys into the
// translation tables so Chinese users get Chinese examples... of what the
// model can read. The model is trained on English text, so both languages
// offer English examples and say so.
var symptomExamples = []string{"example.symptom.skin", "example.symptom.flu", "example.symptom.redflag", "example.symptom.stomach"}

// topClasses is how many conditions the symptom checker lists.
const topClasses = 5

// Symptoms is the symptom checker: free text in, likely conditions, triage
// with its reasons and red flags, and the words that drove the answer.
type Symptoms struct {
	app.Compo
	base
	text    string
	problem *Problem
	busy    bool
	result  *clinical.TextPrediction
	asked   string // the text the result is for
	failure string
}

func (s *Symptoms) OnMount(ctx app.Context) { s.mountBase(ctx) }

func (s *Symptoms) onInput(ctx app.Context, e app.Event) {
	defer s.catch()
	s.setText(ctx.JSSrc().Get("value").String())
}

func (s *Symptoms) setText(v string) {
	s.text = v
	if s.problem != nil && checkText(v, maxSymptomChars) == nil {
		s.problem = nil
	}
}

func (s *Symptoms) onExample(key string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		defer s.catch()
		s.setText(tr(key))
		s.submit(ctx)
	}
}

func (s *Symptoms) onSubmit(ctx app.Context, e app.Event) {
	defer s.catch()
	e.PreventDefault()
	s.submit(ctx)
}

// submit checks the text and asks the model. The text box keeps what was
// typed whatever happens.
func (s *Symptoms) submit(ctx app.Context) {
	s.failure = ""
	if p := checkText(s.text, maxSymptomChars); p != nil {
		s.problem = p
		return
	}
	s.problem = nil
	if client == nil {
		s.failure = tr("err.noplatform")
		return
	}
	s.busy = true
	text := s.text
	s.run(ctx, func() func(app.Context) {
		if !hasModel(symptomModel) {
			return func(app.Context) {
				s.busy = false
				s.failure = tr("err.model.notfound")
			}
		}
		input, _ := json.Marshal(map[string]string{"text": text})
		out, err := client.Predict(ctx, symptomModel, input)
		var pred clinical.TextPrediction
		if err == nil {
			err = json.Unmarshal(out, &pred)
		}
		return func(ctx app.Context) {
			s.busy = false
			if err != nil {
				s.failure = errorMessage(err)
				return
			}
			s.result, s.asked = &pred, text
			if emergency(&pred) {
				reveal(ctx, "emergency")
			} else {
				reveal(ctx, "result-h")
			}
			saveHistory(ctx, "symptoms", text, symptomSummary(&pred))
		}
	})
}

// symptomSummary is the one line kept in history.
func symptomSummary(p *clinical.TextPrediction) string {
	var parts []string
	if p.Triage != nil {
		parts = append(parts, triageName(p.Triage.Level))
	}
	for i, c := range p.Classes {
		if i == 3 {
			break
		}
		parts = append(parts, diseaseName(c.Label)+" "+formatPercent(c.Prob))
	}
	return strings.Join(parts, " · ")
}

func triageName(level string) string { return trOr("triage."+level, level) }

// emergency reports whether the result must open with "call emergency
// services": any red flag, or the emergency level, whatever the classes say.
func emergency(p *clinical.TextPrediction) bool {
	return p != nil && p.Triage != nil && (p.Triage.Level == "emergency" || len(p.Triage.RedFlags) > 0)
}

func (s *Symptoms) Render() app.UI {
	return s.shell("/symptoms",
		app.If(emergency(s.result), func() app.UI { return emergencyBanner() }),
		app.H1().Text(tr("symptoms.title")),
		app.P().Class("lead").Text(tr("symptoms.lead")),
		el("form").Class("ask").OnSubmit(s.onSubmit).Body(
			el("label").Attr("for", "symptom-text").Text(tr("symptoms.label")),
			app.P().ID("symptom-help").Class("help").Text(tr("symptoms.help")),
			el("textarea").ID("symptom-text").Attr("name", "symptoms").Attr("rows", 5).
				Aria("describedby", "symptom-help symptom-error").
				Aria("invalid", ariaBool(s.problem != nil)).
				Attr("placeholder", tr("symptoms.placeholder")).
				Attr("value", s.text).OnInput(s.onInput),
			app.P().ID("symptom-error").Class("field-error").Aria("live", "assertive").Text(s.problem.String()),
			app.Div().Class("actions").Body(
				el("button").Attr("type", "submit").Class("primary").Attr("disabled", ariaBool(s.busy)).Text(tr(map[bool]string{true: "symptoms.busy", false: "symptoms.submit"}[s.busy])),
			),
			app.Div().Class("examples").Body(
				el("span").ID("ex-label").Text(tr("examples.label")),
				app.Range(symptomExamples).Slice(func(i int) app.UI {
					k := symptomExamples[i]
					return el("button").Attr("type", "button").Class("chip").Aria("describedby", "ex-label").Text(tr(k)).OnClick(s.onExample(k))
				}),
			),
		),
		app.If(s.busy, func() app.UI { return loading("symptoms.running") }),
		app.If(s.failure != "", func() app.UI { return app.P().Class("notice", "error").Role("alert").Text(s.failure) }),
		app.If(s.result != nil && !s.busy, func() app.UI { return symptomResult(s.result, s.asked) }),
		app.P().Class("disclaimer").Text(tr("disclaimer")),
	)
}

func emergencyBanner() app.UI {
	return app.Div().ID("emergency").Class("emergency").Role("alert").Body(
		el("strong").Text(tr("emergency.title")),
		app.P().Text(tr("emergency.body")),
	)
}

// symptomResult renders the answer: triage first (it decides what to do),
// then the conditions or an honest "not sure", then the explanation.
func symptomResult(p *clinical.TextPrediction, text string) app.UI {
	var negated []nlp.Finding
	for _, f := range p.Findings {
		if f.Negation == "negated" {
			negated = append(negated, f)
		}
	}
	bars := []Bar{}
	for i, c := range p.Classes {
		if i == topClasses {
			break
		}
		bars = append(bars, Bar{Label: diseaseName(c.Label), Desc: diseaseDesc(c.Label), Prob: c.Prob})
	}
	return el("section").Class("result").Aria("labelledby", "result-h").Aria("live", "polite").Body(
		el("h2").ID("result-h").Text(tr("result.title")),
		app.If(p.Triage != nil, func() app.UI { return triageBox(p.Triage) }),
		app.If(p.Uncertain, func() app.UI {
			return app.Div().Class("notice", "uncertain").Body(
				el("strong").Text(tr("symptoms.uncertain.title")),
				app.P().Text(tr("symptoms.uncertain.body")),
			)
		}),
		app.If(!p.Uncertain && len(bars) > 0, func() app.UI {
			return app.Div().Body(
				el("h3").Text(tr("symptoms.conditions")),
				ProbBars(bars),
			)
		}).ElseIf(len(bars) > 0, func() app.UI {
			return el("details").Body(
				el("summary").Text(tr("symptoms.considered")),
				ProbBars(bars),
			)
		}),
		el("h3").Text(tr("symptoms.words")),
		app.P().Class("help").Text(tr("symptoms.words.help")),
		Highlight(text, p.Tokens, p.Findings),
		app.If(len(negated) > 0, func() app.UI {
			return app.P().Class("negated-list").Body(
				app.Text(tr("symptoms.negated")+" "),
				app.Range(negated).Slice(func(i int) app.UI {
					return el("s").Class("neg-chip").Text(negated[i].Text)
				}),
			)
		}),
		app.If(p.Note != nil, func() app.UI { return app.P().Class("help").Text(message(*p.Note)) }),
		app.P().Class("meta").Body(
			app.Text(trf("model.version", p.Version)+" · "),
			el("a").Attr("href", "/models/"+symptomModel).Text(tr("model.card.link")),
		),
	)
}

func triageBox(t *clinical.Triage) app.UI {
	return app.Div().Class("triage", "level-"+t.Level).Body(
		app.P().Class("triage-level").Body(
			el("span").Text(tr("triage.label")+" "),
			el("strong").Text(triageName(t.Level)),
		),
		app.P().Text(trOr("triage."+t.Level+".advice", "")),
		app.If(len(t.RedFlags) > 0, func() app.UI {
			return app.Div().Body(
				el("h3").Text(tr("triage.redflags")),
				el("ul").Class("flags").Body(app.Range(t.RedFlags).Slice(func(i int) app.UI {
					return el("li").Text(trOr("flag."+t.RedFlags[i], t.RedFlags[i]))
				})),
			)
		}),
		app.If(len(t.Reasons) > 0, func() app.UI {
			return app.Div().Body(
				el("h3").Text(tr("triage.reasons")),
				el("ul").Body(app.Range(t.Reasons).Slice(func(i int) app.UI {
					return el("li").Text(message(t.Reasons[i]))
				})),
			)
		}),
	)
}
