package ui

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestSymptoms(t *testing.T) {
	t.Run("no fever is recognised as negated and struck through", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx := harness(t, fake)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("Itchy red patches with scales on my elbows, no fever")
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		mustContain(t, page, `class="finding ctx-negated`, ">fever</s>", "Recognised as absent:", "Psoriasis", "86%",
			"See a doctor", "Psoriasis (86%)", "Words that drove the answer", "Most likely conditions")
		mustNotContain(t, page, "Call emergency services now.", "not sure")
		if !strings.Contains(page, `<s class="neg-chip">fever</s>`) {
			t.Error("the negated finding is not listed")
		}
	})
	t.Run("a red flag puts call emergency services at the top", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("Crushing chest pain and I am short of breath")
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		i, j := strings.Index(page, "Call emergency services now."), strings.Index(page, "<h1")
		if i < 0 || i > j {
			t.Fatalf("emergency banner at %d, heading at %d", i, j)
		}
		mustContain(t, page, `role="alert"`, "Red flags", "chest pain with shortness of breath", "Emergency")
	})
	t.Run("the red flag overrides a triage level that forgot it", func(t *testing.T) {
		fake := &fakeClient{predict: func(name string, in []byte) ([]byte, error) {
			return []byte(`{"model":"symptom","classes":[{"label":"Migraine","prob":0.9}],"tokens":[],"findings":[],"triage":{"level":"self-care","reasons":[],"red_flags":["sudden worst headache of life"]},"uncertain":false}`), nil
		}}
		e, ctx := harness(t, fake)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("worst headache of my life, sudden")
		s.submit(ctx)
		e.ConsumeAll()
		mustContain(t, html(s), "Call emergency services now.")
	})
	t.Run("text the model does not know gets an honest not sure", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("lorem ipsum dolor")
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		mustContain(t, page, "The model is not sure.", "<details>", "What the model considered")
		mustNotContain(t, page, "Most likely conditions")
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
		fake := &fakeClient{predict: func(n string, in []byte) ([]byte, error) {
			calls++
			if calls == 1 {
				panic("index out of range [3] with length 3")
			}
			return defaultPredict(n, in)
		}}
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
		mustContain(t, page, "Psoriasis")
		mustNotContain(t, page, "Something went wrong")
	})
	t.Run("an example is one click away and runs", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx := harness(t, fake)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.onExample("example.symptom.redflag")(ctx, app.Event{})
		e.ConsumeAll()
		mustContain(t, html(s), "Call emergency services now.", "Crushing chest pain")
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
		s.setText("itchy red patches, no fever")
		s.submit(ctx)
		e.ConsumeAll()
		page := html(s)
		mustContain(t, page, "症状自查", "银屑病", "识别为没有", `lang="zh-Hans"`)
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
		mustContain(t, page, "Findings (6)", `<s class="finding ctx-negated`, "ctx-family", "ctx-historical", "ctx-possible", "ctx-hypothetical",
			"Cardiovascular / pulmonary", "81%", "Driving words:", "Past medical history", "Copy as CSV", "someone else (family)")
		csv := findingsCSV(n.context.Findings)
		if strings.Count(csv, "\n") != 7 {
			t.Errorf("CSV has %d lines:\n%s", strings.Count(csv, "\n"), csv)
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
		mustContain(t, html(n), "Findings (6)", "weights missing")
	})
	t.Run("without a specialty model the findings are shown with a plain notice", func(t *testing.T) {
		fake := &fakeClient{without: "specialty"}
		e, ctx := harness(t, fake)
		n := &Notes{}
		n.OnMount(ctx)
		n.setText(en["example.note"])
		n.submit(ctx)
		e.ConsumeAll()
		mustContain(t, html(n), "Findings (6)", "not part of this release")
		if fake.called("predict") != 0 {
			t.Error("asked a model the release does not ship")
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
		n.setText("Patient denies fever.")
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
	t.Run("the form comes from the card with units, ranges, help and defaults", func(t *testing.T) {
		_, _, r := load(t, "pima", &fakeClient{})
		page := html(r)
		mustContain(t, page, "Plasma glucose (2-hour OGTT)", "(mg/dL)", "Valid range 40–250 mg/dL.", "75 g oral glucose",
			`value="110"`, "Optional: leave empty if unknown.", "Lower-risk patient")
	})
	t.Run("an invalid value is flagged at the field and nothing runs", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx, r := load(t, "pima", fake)
		r.setField("glucose", "abc", true)
		r.setField("bmi", "700", false) // still typing: not flagged yet
		page := html(r)
		mustContain(t, page, "“abc” is not a number.")
		mustNotContain(t, page, "Must be between 15 and 70")
		r.submit(ctx)
		e.ConsumeAll()
		page = html(r)
		mustContain(t, page, "2 field(s) need attention", "Must be between 15 and 70 kg/m²", `value="abc"`)
		if fake.called("predict") != 0 {
			t.Error("the model ran with invalid fields")
		}
	})
	t.Run("a valid form gives the gauge, performance and contributions", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx, r := load(t, "pima", fake)
		r.setField("glucose", "150", true)
		r.submit(ctx)
		e.ConsumeAll()
		page := html(r)
		mustContain(t, page, `class="gauge"`, "Probability of diabetes within 5 years: 23%", "0.830 (0.770–0.890)",
			"validation (20%, stratified, seed 1), n = 123", "Calibration error (ECE): 0.041", "raises risk", "lowers risk")
		if fake.called(`predict pima {"age":35,"bmi":30,"glucose":150,"pregnancies":1}`) != 1 {
			t.Errorf("predict input: %v", fake.calls)
		}
	})
	t.Run("an example patient fills the form and passes validation", func(t *testing.T) {
		_, _, r := load(t, "pima", &fakeClient{})
		r.applyExample(1)
		if r.values["glucose"] != "170" || r.values["age"] != "52" || r.values["insulin"] != "200" {
			t.Errorf("values %v", r.values)
		}
		if _, probs := formInput(r.card.Inputs, r.values); len(probs) != 0 {
			t.Errorf("example fails validation: %v", probs)
		}
	})
	t.Run("categorical inputs are select boxes with named options", func(t *testing.T) {
		_, _, r := load(t, "heart", &fakeClient{})
		mustContain(t, html(r), "<select", "No chest pain", "Typical angina")
	})
	t.Run("a missing card is a clear message", func(t *testing.T) {
		_, _, r := load(t, "wdbc", &fakeClient{})
		mustContain(t, html(r), "This model is not available")
	})
	t.Run("survival shows the curve, 1/5/10-year figures, group and external validation", func(t *testing.T) {
		e, ctx, r := load(t, "survival", &fakeClient{})
		r.applyExample(1)
		r.submit(ctx)
		e.ConsumeAll()
		page := html(r)
		mustContain(t, page, `class="curve-line"`, "Year 1", "95%", "Year 5", "71%", "Year 10", "55%", "intermediate",
			"C-index", "external: GBSG", "Positive lymph nodes", "Year 5: 71%.")
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
		e, ctx := harness(t, &fakeClient{})
		h := &Home{}
		h.OnMount(ctx)
		e.ConsumeAll()
		page := html(h)
		mustContain(t, page, "Your privacy", "Nothing you type leaves it", "Not a medical device", "Symptom checker",
			"Version 1.0.0", "ready on this device", "downloading 42%", "AUC", "0.830 (0.770–0.890)", `href="/models/pima"`, "Online.")
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
		mustContain(t, html(m), "Symptom checker", "Intended use", "Validated performance", "0.950 (0.920–0.970)",
			"Triage rules", "NHS 111", "Limitations", "English only.", "Psoriasis, Allergy")
	})
	t.Run("an unknown model says so", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		m := &ModelCard{name: "nope"}
		m.load(ctx)
		e.ConsumeAll()
		mustContain(t, html(m), "This model is not available")
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
		mustContain(t, html(s), "itchy red patches, no fever", "Psoriasis 86%")

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
