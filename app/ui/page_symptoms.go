package ui

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp/record"
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
	about   clinical.About
	weeks   string // weeks of pregnancy as typed
	problem *Problem
	weeksOK bool // false once submit found the typed weeks unreadable
	busy    bool
	result  *clinical.TextPrediction
	dept    *clinical.TextPrediction // the clinic suggestion, for Chinese text
	asked   string                   // the text the result is for
	askedAb clinical.About           // and the structured answers
	failure string
}

func (s *Symptoms) OnMount(ctx app.Context) {
	s.mountBase(ctx)
	s.weeksOK = true
	// The clinic suggestion is for Chinese text: someone reading Chinese
	// gets its model now, to have it offline; others when first needed.
	if client != nil && current == Chinese {
		client.Want("department")
	}
	if e := takeReopen("symptoms"); e != nil {
		s.text = e.Input
		s.submit(ctx)
	}
}

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

// stale reports whether the shown result was made from other input than
// what the form now holds: a reader must not take it for the new text.
func (s *Symptoms) stale() bool {
	return s.result != nil && (s.text != s.asked || s.about != s.askedAb)
}

func (s *Symptoms) onAbout(field string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		defer s.catch()
		v := ctx.JSSrc().Get("value").String()
		if field == "pregnant" {
			v = map[bool]string{true: "true", false: ""}[ctx.JSSrc().Get("checked").Bool()]
		}
		s.setAbout(field, v)
	}
}

// setAbout records one answer of the structured step. Pregnancy goes with
// the sex that can carry one, so choosing male clears it rather than
// sending a contradiction.
func (s *Symptoms) setAbout(field, v string) {
	a := &s.about
	switch field {
	case "who":
		a.Who = v
	case "age":
		a.Age = v
	case "sex":
		a.Sex = v
		if !pregnancyAsked(v) {
			a.Pregnant, a.Weeks, s.weeks = false, 0, ""
		}
	case "pregnant":
		a.Pregnant = v == "true"
		if !a.Pregnant {
			a.Weeks, s.weeks = 0, ""
		}
	case "weeks":
		s.weeks = v
		var ok bool
		if a.Weeks, ok = parseWeeks(v); ok {
			s.weeksOK = true // a fixed error clears while typing; a new one waits for submit
		}
	case "duration":
		a.Duration = v
	case "severity":
		a.Severity = v
	}
}

func pregnancyAsked(sex string) bool { return sex == "female" || sex == "other" }

// parseWeeks reads weeks of pregnancy; empty is fine and means not given.
func parseWeeks(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 45 {
		return 0, false
	}
	return n, true
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

// symptomInput is the model's input; About is left out when nothing was
// chosen, so free text alone is sent as it always was.
type symptomInput struct {
	Text  string          `json:"text"`
	About *clinical.About `json:"about,omitempty"`
}

// submit checks the text and asks the model. The text box keeps what was
// typed whatever happens; a result for other text is removed with the
// error, since it would answer a question no longer asked.
func (s *Symptoms) submit(ctx app.Context) {
	s.failure = ""
	_, weeksOK := parseWeeks(s.weeks)
	s.weeksOK = weeksOK
	if p := checkText(s.text, maxSymptomChars); p != nil || !weeksOK {
		s.problem = p
		s.result, s.dept = nil, nil
		return
	}
	s.problem = nil
	if client == nil {
		s.failure = tr("err.noplatform")
		return
	}
	s.busy = true
	text, about := s.text, s.about
	s.run(ctx, func() func(app.Context) {
		if !hasModel(symptomModel) {
			return func(app.Context) {
				s.busy = false
				s.failure = tr("err.model.notfound")
			}
		}
		in := symptomInput{Text: text}
		if about != (clinical.About{}) {
			in.About = &about
		}
		input, _ := json.Marshal(in)
		out, err := client.Predict(ctx, symptomModel, input)
		var pred clinical.TextPrediction
		if err == nil {
			err = json.Unmarshal(out, &pred)
		}
		var dept *clinical.TextPrediction
		if err == nil && !emergency(&pred) {
			dept = suggestDepartment(ctx, text)
		}
		return func(ctx app.Context) {
			s.busy = false
			if err != nil {
				s.failure = errorMessage(err)
				return
			}
			s.result, s.dept, s.asked, s.askedAb = &pred, dept, text, about
			if emergency(&pred) {
				reveal(ctx, "emergency")
			} else {
				reveal(ctx, "result-h")
			}
			saveHistory(ctx, "symptoms", text, symptomSummary(&pred))
		}
	})
}

// symptomSummary is the one line kept in history. Conditions are left out
// when the checker abstained or it is an emergency, as on screen.
func symptomSummary(p *clinical.TextPrediction) string {
	var parts []string
	if p.Triage != nil {
		parts = append(parts, triageName(p.Triage.Level))
	}
	if p.Abstain || emergency(p) {
		return strings.Join(parts, " · ")
	}
	for i, c := range p.Classes {
		if i == 3 {
			break
		}
		parts = append(parts, diseaseName(c.Label)+" "+formatPercent(c.Prob))
	}
	return strings.Join(parts, " · ")
}

// suggestDepartment asks the department model which internal-medicine
// clinic a Chinese description resembles. English text gets none (that
// model reads Chinese only), and neither does an emergency, which must say
// one thing: call. A failure leaves the triage, which stands on its own,
// without a suggestion rather than failing the page.
func suggestDepartment(ctx app.Context, text string) *clinical.TextPrediction {
	if record.Language(text) != "zh" || !hasModel(departmentModel) {
		return nil
	}
	input, _ := json.Marshal(map[string]string{"text": text})
	out, err := client.Predict(ctx, departmentModel, input)
	if err != nil {
		return nil
	}
	var d clinical.TextPrediction
	if json.Unmarshal(out, &d) != nil || len(d.Classes) == 0 {
		return nil
	}
	return &d
}

func triageName(level string) string { return trOr("triage."+level, level) }

// emergency reports whether the result is only "call for help now": the
// emergency level, or a red flag under a level milder than urgent (a
// triage that forgot its flag must not bury it). An urgent level keeps its
// own red flags (chest pain without the emergency signs) in the usual
// result.
func emergency(p *clinical.TextPrediction) bool {
	if p == nil || p.Triage == nil {
		return false
	}
	switch p.Triage.Level {
	case "emergency":
		return true
	case "urgent":
		return false
	}
	return len(p.Triage.RedFlags) > 0
}

// hasHan reports whether text has Chinese characters, which the symptom
// classifier cannot read (the red flags and findings can).
func hasHan(text string) bool {
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func (s *Symptoms) Render() app.UI {
	shown := s.result != nil && !s.busy
	return s.shell("/symptoms",
		app.If(shown && emergency(s.result), func() app.UI { return emergencyCard(s.result.Triage, s.stale()) }),
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
			s.aboutStep(),
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
		app.If(shown && !emergency(s.result), func() app.UI { return symptomResult(s.result, s.dept, s.asked, s.stale()) }),
		app.P().Class("disclaimer").Text(tr("disclaimer")),
	)
}

// aboutStep is the optional structured step. It stays open once anything
// is chosen so that what will be sent is visible.
func (s *Symptoms) aboutStep() app.UI {
	a := s.about
	d := el("details").ID("about").Class("about")
	if a != (clinical.About{}) || !s.weeksOK {
		d = d.Attr("open", true)
	}
	choice := func(field, value string, values []string) app.UI {
		id := "about-" + field
		return app.Div().Class("field").Body(
			el("label").Attr("for", id).Text(tr("about."+field)),
			el("select").ID(id).Attr("name", field).OnChange(s.onAbout(field)).Body(
				option("", value == "", tr("about.any")),
				app.Range(values).Slice(func(i int) app.UI {
					return option(values[i], values[i] == value, tr("about."+field+"."+values[i]))
				}),
			),
		)
	}
	return d.Body(
		el("summary").Text(tr("about.title")),
		app.P().Class("help").Text(tr("about.help")),
		app.Div().Class("fields").Body(
			choice("who", a.Who, []string{"me", "other"}),
			choice("age", a.Age, clinical.AgeBands),
			choice("sex", a.Sex, []string{"female", "male", "other"}),
			app.If(pregnancyAsked(a.Sex), func() app.UI {
				return app.Div().Class("field").Body(
					el("label").Body(
						el("input").ID("about-pregnant").Attr("type", "checkbox").Attr("checked", a.Pregnant).OnChange(s.onAbout("pregnant")),
						app.Text(" "+tr("about.pregnant")),
					),
				)
			}),
			app.If(a.Pregnant, func() app.UI {
				return app.Div().Class("field", map[bool]string{true: "", false: "has-error"}[s.weeksOK]).Body(
					el("label").Attr("for", "about-weeks").Text(tr("about.weeks")),
					el("input").ID("about-weeks").Attr("type", "text").Attr("inputmode", "numeric").Attr("autocomplete", "off").
						Attr("value", s.weeks).Aria("describedby", "about-weeks-err").Aria("invalid", ariaBool(!s.weeksOK)).
						OnInput(s.onAbout("weeks")),
					app.P().ID("about-weeks-err").Class("field-error").Aria("live", "assertive").
						Text(map[bool]string{true: "", false: tr("about.weeks.error")}[s.weeksOK]),
				)
			}),
			choice("duration", a.Duration, []string{"hours", "days", "weeks", "months"}),
			choice("severity", a.Severity, []string{"mild", "moderate", "severe"}),
		),
		app.If(a.Child() || a.Pregnant, func() app.UI { return app.P().Class("notice", "uncertain").Text(tr("about.scope")) }),
	)
}

// staleNote tells a screen-reader user, as the dimming tells a sighted one,
// that the result answers earlier input.
func staleNote(stale bool, key string) app.UI {
	return app.If(stale, func() app.UI { return app.P().Class("stale-note").Role("status").Text(tr(key)) })
}

func staleClass(stale bool) string { return map[bool]string{true: "stale", false: ""}[stale] }

// emergencyCard is all an emergency shows: the call button with the
// region's number, why, and what to do while waiting. Conditions and
// advice for milder levels would only compete with the call.
func emergencyCard(t *clinical.Triage, stale bool) app.UI {
	number := region.EmergencyNumber()
	var why []string
	named := map[string]bool{}
	for _, r := range t.Reasons {
		switch r.Code {
		case clinical.MsgCallEmergency, clinical.MsgDiseaseLevel:
			continue
		case clinical.MsgRedFlag:
			named[r.Args["rule"]] = true
		}
		why = append(why, message(r))
	}
	for _, f := range t.RedFlags {
		if !named[f] {
			why = append(why, trOr("flag."+f, f))
		}
	}
	waits := []string{"emergency.wait.1", "emergency.wait.2", "emergency.wait.3", "emergency.wait.4", "emergency.wait.5"}
	return el("section").ID("emergency").Class("emergency", staleClass(stale)).Role("alert").Aria("labelledby", "emergency-h").Body(
		el("h2").ID("emergency-h").Text(tr("emergency.title")),
		staleNote(stale, "result.stale"),
		el("a").ID("call").Class("call").Attr("href", "tel:"+number).Text(trf("emergency.call", number)),
		app.P().Class("region").Body(
			app.Text(trf("emergency.region", regionName(region))+" "),
			el("a").Attr("href", "/settings#region").Text(tr("emergency.region.change")),
		),
		app.P().Text(message(clinical.Message{Code: clinical.MsgCallEmergency})),
		app.P().Class("triage-level").Body(
			el("span").Text(tr("triage.label")+" "),
			el("strong").Text(triageName("emergency")),
		),
		app.If(len(why) > 0, func() app.UI {
			return app.Div().Body(
				el("h3").Text(tr("triage.redflags")),
				el("ul").Class("flags").Body(app.Range(why).Slice(func(i int) app.UI { return el("li").Text(why[i]) })),
			)
		}),
		el("h3").Text(tr("emergency.wait")),
		el("ul").Class("wait").Body(app.Range(waits).Slice(func(i int) app.UI { return el("li").Text(tr(waits[i])) })),
	)
}

// symptomResult renders the answer: triage first (it decides what to do),
// then the conditions or an honest "not sure", then the explanation. When
// the checker abstains its classes are no answer and are not shown at all,
// nor the attention that produced them.
func symptomResult(p, dept *clinical.TextPrediction, text string, stale bool) app.UI {
	var negated []record.Finding
	for _, f := range p.Findings {
		if f.Negation == "negated" {
			negated = append(negated, f)
		}
	}
	bars := []Bar{}
	for i, c := range p.Classes {
		if i == topClasses || p.Abstain {
			break
		}
		bars = append(bars, Bar{Label: diseaseName(c.Label), Desc: diseaseDesc(c.Label), Prob: c.Prob})
	}
	tokens := p.Tokens
	if p.Abstain {
		tokens = nil
	}
	return el("section").Class("result", staleClass(stale)).Aria("labelledby", "result-h").Aria("live", "polite").Body(
		el("h2").ID("result-h").Text(tr("result.title")),
		staleNote(stale, "result.stale"),
		historyNotice(),
		app.If(p.Triage != nil, func() app.UI { return triageBox(p.Triage, p.Abstain) }),
		app.If(p.Abstain && hasHan(text), func() app.UI {
			return app.P().Class("notice", "english-only").Text(tr("symptoms.english_only"))
		}),
		app.If(dept != nil, func() app.UI { return departmentBox(dept) }),
		app.If(p.Uncertain && !p.Abstain, func() app.UI {
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
		el("h3").Text(tr(map[bool]string{true: "symptoms.found", false: "symptoms.words"}[p.Abstain])),
		app.P().Class("help").Text(tr(map[bool]string{true: "symptoms.found.help", false: "symptoms.words.help"}[p.Abstain])),
		Highlight(text, tokens, p.Findings),
		app.If(len(negated) > 0, func() app.UI {
			return app.P().Class("negated-list").Body(
				app.Text(tr("symptoms.negated")+" "),
				app.Range(negated).Slice(func(i int) app.UI {
					return el("s").Class("neg-chip").Text(negated[i].Text)
				}),
			)
		}),
		app.If(p.Note != nil && !p.Abstain, func() app.UI { return app.P().Class("help").Text(message(*p.Note)) }),
		app.P().Class("meta").Body(
			app.Text(trf("model.version", p.Version)+" · "),
			el("a").Attr("href", "/models/"+symptomModel).Text(tr("model.card.link")),
		),
	)
}

// triageBox says how urgent it is and why. Abstaining, the checker has no
// level of its own: "cannot tell" is said in words, and the classifier's
// reasons are dropped; red flags still count. Being outside the model's
// scope is said plainly, not as one reason among others.
func triageBox(t *clinical.Triage, abstain bool) app.UI {
	var reasons, notices []clinical.Message
	for _, r := range t.Reasons {
		switch {
		case r.Code == clinical.MsgCannotTell || r.Code == clinical.MsgOutOfScope:
			notices = append(notices, r)
		case abstain && r.Code == clinical.MsgDiseaseLevel:
		default:
			reasons = append(reasons, r)
		}
	}
	known := t.Level != "cannot-tell" && t.Level != ""
	return app.Div().Class("triage", "level-"+t.Level).Body(
		app.If(known, func() app.UI {
			return app.P().Class("triage-level").Body(
				el("span").Text(tr("triage.label")+" "),
				el("strong").Text(triageName(t.Level)),
			)
		}),
		app.If(known, func() app.UI { return app.P().Text(triageAdvice(t.Level)) }),
		app.Range(notices).Slice(func(i int) app.UI {
			return app.P().Class("triage-note", "note-"+strings.ReplaceAll(notices[i].Code, ".", "-")).Body(el("strong").Text(message(notices[i])))
		}),
		app.If(len(t.RedFlags) > 0, func() app.UI {
			return app.Div().Body(
				el("h3").Text(tr("triage.redflags")),
				el("ul").Class("flags").Body(app.Range(t.RedFlags).Slice(func(i int) app.UI {
					return el("li").Text(trOr("flag."+t.RedFlags[i], t.RedFlags[i]))
				})),
			)
		}),
		app.If(len(reasons) > 0, func() app.UI {
			return app.Div().Body(
				el("h3").Text(tr("triage.reasons")),
				el("ul").Body(app.Range(reasons).Slice(func(i int) app.UI {
					return el("li").Text(message(reasons[i]))
				})),
			)
		}),
	)
}

// deptClasses and deptChars are how many clinics and characters the
// suggestion shows: the second clinic matters (many questions fit two).
const (
	deptClasses = 2
	deptChars   = 5
)

// departmentBox is the department model's suggestion: the two likeliest
// clinics with their probabilities, the characters its attention weighed
// most, its card and what it is not (a diagnosis or triage).
func departmentBox(d *clinical.TextPrediction) app.UI {
	var bars []Bar
	for i, c := range d.Classes {
		if i == deptClasses {
			break
		}
		bars = append(bars, Bar{Label: departmentName(c.Label), Prob: c.Prob})
	}
	chars := drivingChars(d.Tokens, deptChars)
	return el("section").ID("department").Class("department").Aria("labelledby", "department-h").Body(
		el("h3").ID("department-h").Text(tr("dept.title")),
		app.P().Class("help").Text(tr("dept.help")),
		ProbBars(bars),
		app.If(d.Uncertain, func() app.UI { return app.P().Class("notice", "uncertain").Text(tr("dept.uncertain")) }),
		app.If(len(chars) > 0, func() app.UI {
			return app.P().Class("dept-chars").Body(
				app.Text(tr("dept.chars")+" "),
				app.Range(chars).Slice(func(i int) app.UI { return el("mark").Class("dept-char").Text(chars[i]) }),
			)
		}),
		app.P().Class("disclaimer").Text(tr("dept.disclaimer")),
		app.P().Class("meta").Body(
			app.Text(trf("model.version", d.Version)+" · "),
			el("a").Attr("href", "/models/"+departmentModel).Text(tr("model.card.link")),
		),
	)
}

// drivingChars are the n distinct tokens with the most attention, most
// first; punctuation and spaces carry no meaning a reader can use.
func drivingChars(tokens []clinical.TokenWeight, n int) []string {
	ts := append([]clinical.TokenWeight(nil), tokens...)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Weight > ts[j].Weight })
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if len(out) == n {
			break
		}
		if seen[t.Text] || !strings.ContainsFunc(t.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		seen[t.Text] = true
		out = append(out, t.Text)
	}
	return out
}
