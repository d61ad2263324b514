package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/bedside-health/bedside/app/platform"
	stdhtml "html"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// escaped is s as the page's HTML spells text.
func escaped(s string) string { return stdhtml.EscapeString(s) }

// mustShow checks that the page shows each text; the page escapes text, so
// a card's prose with quotes or ampersands is compared as rendered.
func mustShow(t *testing.T, page string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		mustContain(t, page, escaped(s))
	}
}

// symptomAnswer is what the shipped symptom model says about text.
func symptomAnswer(t *testing.T, text string) clinical.TextPrediction {
	t.Helper()
	in, _ := json.Marshal(map[string]string{"text": text})
	var p clinical.TextPrediction
	predictShipped(t, symptomModel, in, &p)
	if len(p.Classes) == 0 {
		t.Fatalf("the symptom model names no condition for %q", text)
	}
	return p
}

// mustShowTriage checks the page gives the model's triage: its level, each
// red flag and each reason, in the page's words.
func mustShowTriage(t *testing.T, page string, tri *clinical.Triage) {
	t.Helper()
	if tri == nil {
		t.Fatal("the symptom model gave no triage")
	}
	mustShow(t, page, triageName(tri.Level))
	for _, f := range tri.RedFlags {
		mustShow(t, page, trOr("flag."+f, f))
	}
	for _, r := range tri.Reasons {
		mustShow(t, page, message(r))
	}
}

func TestSymptoms(t *testing.T) {
	t.Run("no fever is recognised as negated and struck through", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx := harness(t, fake)
		s := &Symptoms{}
		s.OnMount(ctx)
		text := "Itchy red patches with scales on my elbows, no fever"
		s.setText(text)
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		mustContain(t, page, `class="finding ctx-negated`, ">fever</s>", "Recognised as absent:", "Words that drove the answer", "Most likely conditions")
		want := symptomAnswer(t, text)
		for _, c := range want.Classes[:min(topClasses, len(want.Classes))] {
			mustShow(t, page, diseaseName(c.Label), formatPercent(c.Prob))
		}
		mustShowTriage(t, page, want.Triage)
		if !emergency(&want) {
			mustNotContain(t, page, "Call emergency services now.")
		}
		mustNotContain(t, page, "not sure")
		if !strings.Contains(page, `<s class="neg-chip">fever</s>`) {
			t.Error("the negated finding is not listed")
		}
	})
	t.Run("a red flag puts call emergency services at the top", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Symptoms{}
		s.OnMount(ctx)
		text := "Crushing chest pain and I am short of breath"
		want := symptomAnswer(t, text)
		if want.Triage == nil || len(want.Triage.RedFlags) == 0 {
			t.Fatalf("the shipped symptom model raises no red flag for %q", text)
		}
		s.setText(text)
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		i, j := strings.Index(page, "Call emergency services now."), strings.Index(page, "<h1")
		if i < 0 || i > j {
			t.Fatalf("emergency banner at %d, heading at %d", i, j)
		}
		mustContain(t, page, `role="alert"`, "Red flags")
		mustShowTriage(t, page, want.Triage)
	})
	t.Run("the red flag overrides a triage level that forgot it", func(t *testing.T) {
		// No shipped model answers like this; the page must still not bury
		// a red flag under a milder level, so the result is set directly.
		_, ctx := harness(t, &fakeClient{})
		rules := shippedCard(t, symptomModel).TriageRules
		if len(rules) == 0 {
			t.Fatal("the shipped symptom card lists no triage rules")
		}
		s := &Symptoms{}
		s.OnMount(ctx)
		s.result = &clinical.TextPrediction{Model: symptomModel, Triage: &clinical.Triage{Level: "self-care", RedFlags: []string{rules[0].ID}}}
		page := html(s)
		mustContain(t, page, "Call emergency services now.")
		mustShow(t, page, tr("flag."+rules[0].ID))
	})
	t.Run("text the model does not know gets an honest cannot tell", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("lorem ipsum dolor")
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		mustContain(t, page, "can&#39;t tell from this")
		mustNotContain(t, page, "Most likely conditions", "What the model considered", `class="bars"`)
	})
	bad := []struct {
		name, text, msg string
	}{
		{"empty text is refused in place", "", "Please type something first."},
		{"a megabyte of text is refused with its size", strings.Repeat("fever ", 1<<20/6), "the limit is 5,000"},
		{"a control character is refused", "fever\x07 and cough", "cannot be read"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			fake := &fakeClient{}
			e, ctx := harness(t, fake)
			s := &Symptoms{}
			s.OnMount(ctx)
			s.setText(c.text)
			s.submit(ctx)
			e.ConsumeAll()
			page := html(s)
			mustContain(t, page, c.msg)
			if !regexp.MustCompile(`aria-invalid[ >]`).MatchString(page) {
				t.Error("the field is not marked invalid")
			}
			mustNotContain(t, page, `aria-invalid="false"`)
			if fake.called("predict") != 0 {
				t.Error("the model ran on bad input")
			}
			if s.text != c.text {
				t.Error("the typed text was lost")
			}
		})
	}
	t.Run("a model error is shown and the text kept", func(t *testing.T) {
		fake := &fakeClient{predict: func(string, []byte) ([]byte, error) { return nil, errors.New("worker stopped") }}
		e, ctx := harness(t, fake)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("itchy elbows")
		s.submit(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "worker stopped", "Your input is kept", "itchy elbows")
	})
	t.Run("a panic in the platform becomes a message and the page keeps working", func(t *testing.T) {
		calls := 0
		fake := &fakeClient{}
		fake.predict = func(n string, in []byte) ([]byte, error) {
			calls++
			if calls == 1 {
				panic("index out of range [3] with length 3")
			}
			return fake.run(n, in)
		}
		e, ctx := harness(t, fake)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("itchy elbows, no fever")
		s.submit(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "Something went wrong: index out of range", "itchy elbows, no fever")
		s.dismissFault(ctx, app.Event{})
		s.busy = false
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		top := symptomAnswer(t, "itchy elbows, no fever").Classes[0]
		mustShow(t, page, diseaseName(top.Label), formatPercent(top.Prob))
		mustNotContain(t, page, "Something went wrong")
	})
	t.Run("an example is one click away and runs", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx := harness(t, fake)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.onExample("example.symptom.redflag")(ctx, app.Event{})
		e.ConsumeAll()
		page := html(s)
		mustContain(t, page, "Call emergency services now.")
		mustShow(t, page, tr("example.symptom.redflag"))
		mustShowTriage(t, page, symptomAnswer(t, tr("example.symptom.redflag")).Triage)
	})
	t.Run("without a platform the page says it is loading", func(t *testing.T) {
		e, ctx := harness(t, nil)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("itchy elbows")
		s.submit(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "still loading")
	})
	t.Run("a release without the symptom model says so", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{without: "symptom"})
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("itchy elbows")
		s.submit(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "This model is not available in this version", "itchy elbows")
	})
	t.Run("the page and model names follow the language", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		SetLang(Chinese)
		s := &Symptoms{}
		s.OnMount(ctx)
		text := "itchy red patches, no fever"
		s.setText(text)
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		top := symptomAnswer(t, text).Classes[0]
		name := diseaseName(top.Label)
		if name == top.Label {
			t.Errorf("%q has no Chinese name", top.Label)
		}
		mustContain(t, page, "症状自查", "识别为没有", `lang="zh-Hans"`)
		mustShow(t, page, name)
		mustNotContain(t, page, "Symptom checker")
	})
}

func TestNotes(t *testing.T) {
	t.Run("the example note shows findings by context, sections and specialty", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx := harness(t, fake)
		n := &Notes{}
		n.OnMount(ctx)
		n.onExample(ctx, app.Event{})
		e.ConsumeAll()
		page := html(n)
		note := nlp.AnalyzeNote(tr("example.note"))
		mustShow(t, page, trf("notes.findings", len(note.Findings)), "Driving words:", "Copy as CSV")
		// The example note is there to show every kind of context.
		seen := map[string]bool{}
		for _, f := range note.Findings {
			c := contextClass(f)
			seen[c] = true
			tag := map[bool]string{true: "s", false: "mark"}[c == ctxNegated]
			mustContain(t, page, "<"+tag+` class="ctx-`+c+`">`+escaped(f.Text)+"</"+tag+">")
			mustShow(t, page, tr("ctx."+c))
		}
		for _, c := range []string{ctxAffirmed, ctxNegated, ctxPossible, ctxHistorical, ctxHypothetical, ctxFamily} {
			if !seen[c] {
				t.Errorf("the example note has no %s finding", c)
			}
		}
		for _, s := range note.Sections {
			mustShow(t, page, sectionName(s.Name))
		}
		in, _ := json.Marshal(map[string]string{"text": tr("example.note")})
		var sp clinical.TextPrediction
		predictShipped(t, specialtyModel, in, &sp)
		for _, c := range sp.Classes[:min(3, len(sp.Classes))] {
			mustShow(t, page, specialtyName(c.Label), formatPercent(c.Prob))
		}
		csv := findingsCSV(n.context.Findings)
		if got := strings.Count(csv, "\n"); got != len(note.Findings)+1 {
			t.Errorf("CSV has %d lines for %d findings:\n%s", got, len(note.Findings), csv)
		}
	})
	t.Run("a failing specialty model still shows the findings", func(t *testing.T) {
		fake := &fakeClient{predict: func(string, []byte) ([]byte, error) { return nil, errors.New("weights missing") }}
		e, ctx := harness(t, fake)
		n := &Notes{}
		n.OnMount(ctx)
		n.setText(en["example.note"])
		n.submit(ctx)
		e.ConsumeAll()
		mustShow(t, html(n), trf("notes.findings", len(nlp.AnalyzeNote(en["example.note"]).Findings)), "weights missing")
	})
	t.Run("without a specialty model the findings are shown with a plain notice", func(t *testing.T) {
		fake := &fakeClient{without: "specialty"}
		e, ctx := harness(t, fake)
		n := &Notes{}
		n.OnMount(ctx)
		n.setText(en["example.note"])
		n.submit(ctx)
		e.ConsumeAll()
		mustShow(t, html(n), trf("notes.findings", len(nlp.AnalyzeNote(en["example.note"]).Findings)), "not part of this release")
		if fake.called("predict") != 0 {
			t.Error("asked a model the release does not ship")
		}
	})
	t.Run("a note of dozens of medications shows them a page at a time", func(t *testing.T) {
		var note strings.Builder
		note.WriteString("Medications:\n")
		for i := 1; i <= 30; i++ {
			fmt.Fprintf(&note, "metoprolol %d mg PO BID\n", i)
		}
		meds := nlp.AnalyzeNote(note.String()).Medications
		if len(meds) != 30 {
			t.Fatalf("the test note has %d medications, want 30", len(meds))
		}
		e, ctx := harness(t, &fakeClient{})
		n := &Notes{}
		n.OnMount(ctx)
		n.fill(note.String())
		n.submit(ctx)
		e.ConsumeAll()
		page := html(n)
		// The note itself is on the page too; the list's lines are items.
		mustShow(t, page, trf("notes.meds", 30), trf("notes.items", 1, mentionsPageRows, 30))
		mustContain(t, page, "<li>metoprolol")
		if !strings.Contains(page, "<li>metoprolol 25 mg") || strings.Contains(page, "<li>metoprolol 26 mg") {
			t.Error("the first page of medications does not end at the 25th")
		}
		n.listPage[1] = 1 // as the list's Next button sets it
		page = html(n)
		mustShow(t, page, trf("notes.items", mentionsPageRows+1, 30, 30))
		if !strings.Contains(page, "<li>metoprolol 30 mg") || strings.Contains(page, "<li>metoprolol 25 mg") {
			t.Error("the second page of medications is not the 26th to the 30th")
		}
	})
	t.Run("a bare list of findings from the platform is accepted", func(t *testing.T) {
		nc, err := parseNoteContext([]byte(`[{"text":"fever","start":0,"end":5,"concept":"fever","negation":"negated"}]`))
		if err != nil || len(nc.Findings) != 1 {
			t.Errorf("got %+v, %v", nc, err)
		}
	})
	t.Run("corrupt context JSON is an error message, not a crash", func(t *testing.T) {
		fake := &fakeClient{context: func(string) ([]byte, error) { return []byte(`{"findings":[{`), nil }}
		e, ctx := harness(t, fake)
		n := &Notes{}
		n.OnMount(ctx)
		n.fill("Patient denies fever.")
		n.submit(ctx)
		e.ConsumeAll()
		mustContain(t, html(n), "could not answer", "Patient denies fever.")
	})
}

func TestRisk(t *testing.T) {
	load := func(t *testing.T, model string, fake *fakeClient) (app.TestEngine, app.Context, *Risk) {
		e, ctx := harness(t, fake)
		r := &Risk{Model: model}
		r.OnMount(ctx)
		e.ConsumeAll()
		return e, ctx, r
	}
	t.Run("the form comes from the card with units, ranges and help, and holds no patient until one is given", func(t *testing.T) {
		_, _, r := load(t, "pima", &fakeClient{})
		page := html(r)
		mustContain(t, page, "Plasma glucose (2-hour OGTT)", "75 g oral glucose", "Lower-risk patient")
		card := shippedCard(t, "pima")
		for _, f := range card.Inputs {
			mustShow(t, page, featureName(f.Name, f.Label))
			if f.Unit != "" {
				mustShow(t, page, "("+unitName(f.Unit)+")")
			}
			if len(f.Categories) == 0 {
				mustShow(t, page, trf("risk.range", formatNumber(f.Min), formatNumber(f.Max), unitSuffix(f.Unit)))
			}
			if f.Optional {
				mustShow(t, page, tr("risk.optional"))
			}
		}
		for _, f := range card.Inputs {
			if len(f.Categories) == 0 {
				if got := fieldValue(page, "f-"+f.Name); got != "" {
					t.Errorf("%s starts at %q, as if it were this person's value", f.Name, got)
				}
			}
		}
		mustShow(t, page, tr("examples.patients"))
	})
	t.Run("an invalid value is flagged at the field and nothing runs", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx, r := load(t, "pima", fake)
		bmi := cardInput(t, shippedCard(t, "pima"), "bmi")
		outOfRange := trf("err.field.range", formatNumber(bmi.Min), formatNumber(bmi.Max), unitSuffix(bmi.Unit))
		r.applyExample(0)
		r.setField("glucose", "abc", true)
		r.setField("bmi", formatNumber(bmi.Max*10), false) // still typing: not flagged yet
		page := html(r)
		mustContain(t, page, "“abc” is not a number.")
		mustNotContain(t, page, escaped(outOfRange))
		r.submit(ctx)
		e.ConsumeAll()
		page = html(r)
		mustContain(t, page, "2 field(s) need attention", `value="abc"`)
		mustShow(t, page, outOfRange)
		if fake.called("predict") != 0 {
			t.Error("the model ran with invalid fields")
		}
	})
	t.Run("a valid form gives the gauge, performance and contributions", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx, r := load(t, "pima", fake)
		r.applyExample(0)
		r.setField("glucose", "150", true)
		r.submit(ctx)
		e.ConsumeAll()
		page := html(r)
		card := shippedCard(t, "pima")
		// The model gets the example with the one value typed.
		given := maps.Clone(examplePatients["pima"][0].Values)
		given["glucose"] = 150
		input, _ := json.Marshal(given)
		if fake.called("predict pima "+string(input)) != 1 {
			t.Errorf("predict input: want %s, calls %v", input, fake.calls)
		}
		var want clinical.RiskPrediction
		predictShipped(t, "pima", input, &want)
		mustContain(t, page, `class="gauge"`)
		mustShow(t, page, trf("chart.gauge.alt", tr("risk.pima.outcome"), formatPercent(want.Probability)))
		mustShowPerformance(t, page, card)
		for _, c := range want.Contributions {
			switch {
			case c.Contribution > 0:
				mustShow(t, page, tr("contrib.up"))
			case c.Contribution < 0:
				mustShow(t, page, tr("contrib.down"))
			}
		}
	})
	t.Run("an example patient fills the form and passes validation", func(t *testing.T) {
		_, _, r := load(t, "pima", &fakeClient{})
		r.applyExample(1)
		for name, v := range examplePatients["pima"][1].Values {
			f := cardInput(t, *r.card, name)
			if v < f.Min || v > f.Max {
				t.Errorf("the example's %s %v is outside the card's %v–%v", name, v, f.Min, f.Max)
			}
			if r.values[name] != formatNumber(v) {
				t.Errorf("%s is %q, the example says %v", name, r.values[name], v)
			}
		}
		if _, probs := formInput(r.card.Inputs, r.values); len(probs) != 0 {
			t.Errorf("example fails validation: %v", probs)
		}
	})
	t.Run("categorical inputs are select boxes with named options", func(t *testing.T) {
		_, _, r := load(t, "heart", &fakeClient{})
		page := html(r)
		mustContain(t, page, "<select", "No chest pain", "Typical angina")
		for _, f := range shippedCard(t, "heart").Inputs {
			if len(f.Categories) == 0 {
				continue
			}
			if tag := openingTag(page, "select", "f-"+f.Name); tag == "" {
				t.Errorf("%s is not a select box", f.Name)
			}
			for _, c := range f.Categories {
				mustShow(t, page, optionName(f.Name, c))
			}
		}
	})
	t.Run("a calculator whose model this release does not ship is a clear message", func(t *testing.T) {
		_, _, r := load(t, "wdbc", &fakeClient{without: "wdbc"})
		page := html(r)
		mustContain(t, page, "This model is not available")
		mustNotContain(t, page, "<form")
	})
	t.Run("survival shows the curve, 1/5/10-year figures, group and external validation", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx, r := load(t, "survival", fake)
		r.applyExample(1)
		r.submit(ctx)
		e.ConsumeAll()
		page := html(r)
		if fake.called("predict survival ") != 1 {
			t.Fatalf("calls %v", fake.calls)
		}
		input := strings.TrimPrefix(fake.calls[len(fake.calls)-1], "predict survival ")
		var want clinical.SurvivalPrediction
		predictShipped(t, survivalModel, []byte(input), &want)
		mustContain(t, page, `class="curve-line"`, "Positive lymph nodes")
		for yr, s := range map[int]float64{1: want.Survival1y, 5: want.Survival5y, 10: want.Survival10y} {
			mustShow(t, page, trf("survival.years", yr))
			mustContain(t, page, "<td>"+escaped(formatPercent(s))+"</td>", trf("chart.curve.point", yr, formatPercent(s)))
		}
		mustShow(t, page, groupName(want.RiskGroup))
		mustShowPerformance(t, page, shippedCard(t, survivalModel))
	})
}

func TestContributionValues(t *testing.T) {
	r := &Risk{
		card: &clinical.Card{Inputs: []clinical.Feature{
			{Name: "size", Label: "Tumour size", Unit: "mm", Min: 0.1, Max: 250},
			{Name: "meno", Label: "Menopausal status", Categories: []float64{0, 1}},
			{Name: "nodes", Label: "Positive lymph nodes", Min: 0, Max: 60},
		}},
		given: map[string]float64{"size": 60, "meno": 0, "nodes": 12},
	}
	tests := []struct {
		name string
		c    clinical.Contribution
		want string
	}{
		{"a number is shown as entered, with its unit, not as the model's size class", clinical.Contribution{Feature: "size", Value: 2}, "60 mm"},
		{"a choice is shown by its option's name, not its code", clinical.Contribution{Feature: "meno", Value: 0}, "Premenopausal"},
		{"a count without a unit is the plain number", clinical.Contribution{Feature: "nodes", Value: 12}, "12"},
		{"a missing input says so", clinical.Contribution{Feature: "nodes", Missing: true}, tr("contrib.missing")},
		{"an input the card does not list falls back to the model's value", clinical.Contribution{Feature: "grade", Value: 3}, "3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.featureValue(tt.c); got != tt.want {
				t.Errorf("featureValue(%+v) = %q, want %q", tt.c, got, tt.want)
			}
		})
	}
}

func TestHome(t *testing.T) {
	t.Run("models are listed with version, state and metrics", func(t *testing.T) {
		fake := &fakeClient{downloading: map[string]float64{"heart": 0.42}}
		e, ctx := harness(t, fake)
		h := &Home{}
		h.OnMount(ctx)
		e.ConsumeAll()
		page := html(h)
		mustContain(t, page, "Your privacy", "Nothing you type leaves it", "Not a medical device", "Symptom checker",
			"ready on this device", "downloading 42%", "Online.")
		for _, m := range fake.Models() {
			mustShow(t, page, modelTitle(m.Name), trf("model.version", m.Version))
			mustContain(t, page, `href="/models/`+m.Name+`"`)
			card := shippedCard(t, m.Name)
			for _, x := range card.Metrics[:min(3, len(card.Metrics))] {
				mustShow(t, page, metricName(x.Name), formatMetric(x.Value, x.Low, x.High))
			}
		}
	})
	t.Run("a large model not on the device says it downloads when first used and offers the download", func(t *testing.T) {
		fake := &fakeClient{onDemand: map[string]bool{"specialty": true}}
		e, ctx := harness(t, fake)
		h := &Home{}
		h.OnMount(ctx)
		e.ConsumeAll()
		var bytes int64
		for _, m := range fake.Models() {
			if m.Name == "specialty" {
				bytes = m.Bytes
			}
		}
		size := formatMB(bytes)
		mustShow(t, html(h), trf("status.ondemand", size), trf("model.download", size))
		h.download("specialty")(ctx, app.Event{})
		e.ConsumeAll()
		if fake.called("load specialty") != 1 {
			t.Fatalf("the download button did not load the model: calls %v", fake.calls)
		}
		page := html(h)
		if strings.Contains(page, trf("model.download", size)) || strings.Contains(page, trf("status.ondemand", size)) {
			t.Error("the model is on the device but the page still offers its download")
		}
	})
	t.Run("without a platform the home page shows loading", func(t *testing.T) {
		e, ctx := harness(t, nil)
		h := &Home{}
		h.OnMount(ctx)
		e.ConsumeAll()
		mustContain(t, html(h), "Loading the list of models")
	})
}

func TestModelCard(t *testing.T) {
	t.Run("the whole card is rendered", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		m := &ModelCard{name: "symptom"}
		m.load(ctx)
		e.ConsumeAll()
		page := html(m)
		mustContain(t, page, "Symptom checker", "Intended use", "Validated performance", "Triage rules", "Limitations")
		card := shippedCard(t, symptomModel)
		mustShow(t, page, card.IntendedUse)
		for _, x := range card.Metrics {
			mustShow(t, page, metricName(x.Name), formatMetric(x.Value, x.Low, x.High), x.Split)
		}
		for _, r := range card.TriageRules {
			mustShow(t, page, r.Source)
		}
		for _, l := range card.Limitations {
			mustShow(t, page, l)
		}
		if card.Abstention == nil || len(card.Abstention.Rates) == 0 {
			t.Fatal("the symptom card has no abstention rule and rates")
		}
		mustShow(t, page, tr("card.abstention"), card.Abstention.Rule)
		for _, r := range card.Abstention.Rates {
			mustShow(t, page, r.Set, trf("card.abstention.of", r.Abstained, r.Of, formatPercent(float64(r.Abstained)/float64(r.Of))), tr("card.abstention."+r.Expected))
		}
		names := make([]string, len(card.Labels))
		for i, l := range card.Labels {
			names[i] = diseaseName(l)
		}
		mustShow(t, page, strings.Join(names, tr("list.sep")))
	})
	t.Run("an unknown model says so in one clean sentence and links home", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		m := &ModelCard{name: "nope"}
		m.load(ctx)
		e.ConsumeAll()
		page := html(m)
		mustShow(t, page, trf("card.notfound", "nope"), tr("card.notfound.home"))
		mustNotContain(t, page, "..", "input is kept")
	})
	t.Run("an error's own full stop is not doubled", func(t *testing.T) {
		if got := errorMessage(errors.New("the worker stopped.")); strings.Contains(got, "..") {
			t.Errorf("%q", got)
		}
	})
	t.Run("every route has its own tab title in both languages", func(t *testing.T) {
		for _, l := range []Lang{English, Chinese} {
			SetLang(l)
			seen := map[string]string{}
			for _, p := range []string{"/", "/symptoms", "/notes", "/risk/wdbc", "/risk/pima", "/risk/heart", "/survival", "/settings", "/models/pima", "/models/symptom", "/nope"} {
				title := pageTitle(p)
				if other, ok := seen[title]; ok {
					t.Errorf("%s: %s and %s share the title %q", l, p, other, title)
				}
				seen[title] = p
			}
		}
		SetLang(English)
	})
	t.Run("in Chinese the headings are translated and the prose marked English", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		SetLang(Chinese)
		m := &ModelCard{name: "pima"}
		m.load(ctx)
		e.ConsumeAll()
		mustContain(t, html(m), "预期用途", "局限性", `lang="en"`, "按原文显示")
	})
}

func TestSettings(t *testing.T) {
	t.Run("history is off by default", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Settings{}
		s.OnMount(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "History is off.", "Turn history on")
	})
	t.Run("history round-trips: on, save a result, lock, wrong passphrase, unlock, clear", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Settings{}
		s.OnMount(ctx)
		e.ConsumeAll()

		s.pass, s.pass2 = "correct horse", "correct horse!"
		s.enable(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "The two passphrases differ.")

		s.pass2 = "correct horse"
		s.enable(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "History is on.", "No entries yet.")

		sym := &Symptoms{}
		sym.OnMount(ctx)
		sym.setText("itchy red patches, no fever")
		sym.submit(ctx)
		e.ConsumeAll()
		s.refresh(ctx)
		e.ConsumeAll()
		top := symptomAnswer(t, "itchy red patches, no fever").Classes[0]
		mustShow(t, html(s), "itchy red patches, no fever", diseaseName(top.Label)+" "+formatPercent(top.Prob))

		s.onLock(ctx, app.Event{})
		e.ConsumeAll()
		mustContain(t, html(s), "locked")
		mustNotContain(t, html(s), "itchy red patches")

		s.pass = "wrong horse"
		s.unlock(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "Wrong passphrase.")

		s.pass = "correct horse"
		s.unlock(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "itchy red patches, no fever")

		s.onClear(ctx, app.Event{})
		mustContain(t, html(s), "cannot be undone")
		s.onClear(ctx, app.Event{})
		e.ConsumeAll()
		mustContain(t, html(s), "is deleted", "History is off.")
	})
	t.Run("choosing Chinese re-renders in Chinese", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Settings{}
		s.OnMount(ctx)
		e.ConsumeAll()
		s.setLang(ctx, Chinese)
		e.ConsumeAll()
		mustContain(t, html(s), "设置", "清除所有数据", "历史记录")
	})
}

// cardInput is the named input of a card.
func cardInput(t *testing.T, c clinical.Card, name string) clinical.Feature {
	t.Helper()
	for _, f := range c.Inputs {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("the %s card has no input %q", c.Name, name)
	return clinical.Feature{}
}

// mustShowPerformance checks a result shows the card's validated figures
// next to it, as the card states them.
func mustShowPerformance(t *testing.T, page string, c clinical.Card) {
	t.Helper()
	if len(c.Metrics) == 0 {
		t.Fatalf("the %s card has no metrics", c.Name)
	}
	for _, m := range c.Metrics {
		mustShow(t, page, metricName(m.Name), formatMetric(m.Value, m.Low, m.High))
	}
	mustShow(t, page, trf("risk.split", c.Metrics[0].Split, c.Metrics[0].N))
	if c.Calibration != nil {
		mustShow(t, page, trf("risk.calibration", c.Calibration.ECE))
	}
}

// openingTag is the opening tag of the element with this name and id; the
// engine writes attributes in no set order, so the tag is found whole.
func openingTag(page, name, id string) string {
	for _, tag := range regexp.MustCompile(`<`+name+`\b[^>]*>`).FindAllString(page, -1) {
		if strings.Contains(tag, ` id="`+id+`"`) {
			return tag
		}
	}
	return ""
}

// fieldValue is the value attribute of the input with this id.
func fieldValue(page, id string) string {
	if m := regexp.MustCompile(` value="([^"]*)"`).FindStringSubmatch(openingTag(page, "input", id)); m != nil {
		return m[1]
	}
	return ""
}

func TestHistoryNeverLosesAResult(t *testing.T) {
	e, ctx := harness(t, &fakeClient{})
	s := &Settings{}
	s.OnMount(ctx)
	e.ConsumeAll()
	s.pass, s.pass2 = "correct horse", "correct horse"
	s.enable(ctx)
	e.ConsumeAll()
	history.Lock() // what a reload does: the key is gone, the history is still on
	t.Cleanup(func() { unsaved, reopening, reopened = nil, nil, platform.Entry{} })

	r := &Risk{Model: "pima"}
	r.OnMount(ctx)
	e.ConsumeAll()
	r.applyExample(1)
	r.submit(ctx)
	e.ConsumeAll()
	t.Run("a result made while history is locked says it is not being saved", func(t *testing.T) {
		mustShow(t, html(r), tr("history.unsaved"), tr("history.unsaved.unlock"))
	})
	t.Run("the locked history says a result waits, and unlocking saves it", func(t *testing.T) {
		s.refresh(ctx)
		e.ConsumeAll()
		mustShow(t, html(s), trf("settings.unsaved", 1))
		s.pass = "correct horse"
		s.unlock(ctx)
		e.ConsumeAll()
		mustShow(t, html(s), trf("settings.unsaved.saved", 1))
		if len(s.entries) != 1 {
			t.Fatalf("%d entries after unlocking", len(s.entries))
		}
	})
	t.Run("an entry reads as a result: model, date, inputs and headline, not JSON", func(t *testing.T) {
		page := html(s)
		want := tr("risk.pima.outcome") + ": " + formatPercent(r.risk.Probability)
		mustShow(t, page, tr("kind.pima"), want, featureName("glucose", "")+" 170")
		mustNotContain(t, page, "{&#34;", `{"`)
		if !strings.Contains(page, s.entries[0].Time.Local().Format("2006-01-02 15:04")) {
			t.Error("the entry has no date")
		}
	})
	t.Run("reopening an entry fills the form and shows its result again, without saving a copy", func(t *testing.T) {
		reopening = &s.entries[0]
		r2 := &Risk{Model: "pima"}
		r2.OnMount(ctx)
		e.ConsumeAll()
		if r2.risk == nil || r2.values["glucose"] != "170" {
			t.Fatalf("reopened form %v, result %v (%s)", r2.values, r2.risk, r2.failure)
		}
		if r2.risk.Probability != r.risk.Probability {
			t.Errorf("reopened result %v, saved %v", r2.risk.Probability, r.risk.Probability)
		}
		s.refresh(ctx)
		e.ConsumeAll()
		if len(s.entries) != 1 {
			t.Errorf("%d entries after reopening one", len(s.entries))
		}
	})
	t.Run("one entry is deleted and the others stay", func(t *testing.T) {
		r.applyExample(0)
		r.submit(ctx)
		e.ConsumeAll()
		s.refresh(ctx)
		e.ConsumeAll()
		if len(s.entries) != 2 {
			t.Fatalf("%d entries", len(s.entries))
		}
		gone := s.entries[0].ID
		s.onDelete(gone)(ctx, app.Event{})
		e.ConsumeAll()
		if len(s.entries) != 1 || s.entries[0].ID == gone {
			t.Errorf("after deleting %s: %+v", gone, s.entries)
		}
	})
	t.Run("turning history off asks first, and cancel keeps it", func(t *testing.T) {
		s.onDisable(ctx, app.Event{})
		e.ConsumeAll()
		mustShow(t, html(s), trf("settings.history.off.confirm", 1))
		s.onCancelOff(ctx, app.Event{})
		s.refresh(ctx)
		e.ConsumeAll()
		if on, _ := history.Enabled(); !on || len(s.entries) != 1 {
			t.Fatalf("history on=%v with %d entries after cancelling", on, len(s.entries))
		}
		s.onDisable(ctx, app.Event{})
		s.onDisable(ctx, app.Event{})
		e.ConsumeAll()
		if on, _ := history.Enabled(); on {
			t.Error("history still on after confirming")
		}
	})
}

func TestNotFound(t *testing.T) {
	for _, l := range []Lang{English, Chinese} {
		t.Run("an unknown path shows a page with the navigation in "+string(l), func(t *testing.T) {
			harness(t, &fakeClient{})
			SetLang(l)
			n := &NotFound{path: "/nowhere"}
			page := html(n)
			mustShow(t, page, tr("notfound.title"), trf("notfound.body", "/nowhere"), tr("nav.symptoms"), tr("nav.settings"))
			mustContain(t, page, `href="/symptoms"`, "<nav")
		})
	}
}

func TestPagesAskForTheLargeModelsTheyUse(t *testing.T) {
	defer SetLang(English)
	for _, tc := range []struct {
		name  string
		lang  Lang
		mount func(ctx app.Context)
		want  string
		not   string
	}{
		{"the notes page asks for the specialty model", English, func(ctx app.Context) { (&Notes{}).OnMount(ctx) }, "want specialty", ""},
		{"the symptom page asks a Chinese reader's device for the clinic model", Chinese, func(ctx app.Context) { (&Symptoms{}).OnMount(ctx) }, "want department", ""},
		{"the symptom page leaves the clinic model on demand in English", English, func(ctx app.Context) { (&Symptoms{}).OnMount(ctx) }, "", "want department"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			SetLang(tc.lang)
			fake := &fakeClient{}
			e, ctx := harness(t, fake)
			tc.mount(ctx)
			e.ConsumeAll()
			if tc.want != "" && fake.called(tc.want) != 1 {
				t.Errorf("calls %v, want %q", fake.calls, tc.want)
			}
			if tc.not != "" && fake.called(tc.not) != 0 {
				t.Errorf("calls %v, did not want %q", fake.calls, tc.not)
			}
		})
	}
}

func TestFormatMB(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bytes int64
		want  string
	}{
		{"a small file is in KB", 343488, "335 KB"},
		{"a file over a megabyte has one decimal", 1215168, "1.2 MB"},
		{"a few bytes still show as a KB", 400, "1 KB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatMB(tc.bytes); got != tc.want {
				t.Errorf("formatMB(%d) = %q, want %q", tc.bytes, got, tc.want)
			}
		})
	}
}
