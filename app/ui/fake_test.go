package ui

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/bedside-health/bedside/app/platform"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// fakeClient answers like the real platform, with JSON shaped as the models
// print it. Tests replace predict/context to steer a case.
type fakeClient struct {
	mu      sync.Mutex
	calls   []string
	predict func(name string, input []byte) ([]byte, error)
	context func(text string) ([]byte, error)
	cards   map[string]clinical.Card
	without string // a model this release does not ship
}

func (f *fakeClient) record(s string) {
	f.mu.Lock()
	f.calls = append(f.calls, s)
	f.mu.Unlock()
}

func (f *fakeClient) called(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

func (f *fakeClient) Models() []clinical.Entry {
	var out []clinical.Entry
	for _, n := range []string{"symptom", "specialty", "wdbc", "pima", "heart", "survival"} {
		if n == f.without {
			continue
		}
		out = append(out, clinical.Entry{Name: n, Version: "1.0.0", Kind: "tabular", Bytes: 1000})
	}
	return out
}

func (f *fakeClient) Status(name string) platform.Status {
	if name == "heart" {
		return platform.Status{Name: name, State: platform.Downloading, Progress: 0.42}
	}
	return platform.Status{Name: name, State: platform.Ready}
}

func (f *fakeClient) Predict(ctx context.Context, name string, input []byte) ([]byte, error) {
	f.record("predict " + name + " " + string(input))
	if f.predict != nil {
		return f.predict(name, input)
	}
	return defaultPredict(name, input)
}

func (f *fakeClient) Context(ctx context.Context, text string) ([]byte, error) {
	f.record("context")
	if f.context != nil {
		return f.context(text)
	}
	return json.Marshal(noteContext(text))
}

func (f *fakeClient) Card(ctx context.Context, name string) ([]byte, error) {
	f.record("card " + name)
	c, ok := f.cards[name]
	if !ok {
		c, ok = testCards[name]
	}
	if !ok {
		return nil, &clinical.Error{Op: "card " + name, Kind: clinical.NotFound, Err: errors.New("no such model")}
	}
	return json.Marshal(c)
}

// findSpan locates word in text as a code-point span.
func findSpan(text, word string) nlp.Span {
	i := strings.Index(text, word)
	if i < 0 {
		return nlp.Span{}
	}
	start := len([]rune(text[:i]))
	return nlp.Span{Text: word, Start: start, End: start + len([]rune(word)), ByteStart: i, ByteEnd: i + len(word)}
}

// defaultPredict imitates each model: the symptom model escalates chest
// pain with breathlessness, recognises "no fever" as negated and is
// uncertain about text with no known words.
func defaultPredict(name string, input []byte) ([]byte, error) {
	switch name {
	case "symptom", "specialty":
		var in struct{ Text string }
		if err := json.Unmarshal(input, &in); err != nil {
			return nil, &clinical.Error{Op: "predict " + name, Kind: clinical.Invalid, Field: "text", Err: err}
		}
		p := clinical.TextPrediction{Model: name, Version: "1.0.0"}
		lower := strings.ToLower(in.Text)
		for _, w := range []string{"itchy", "red", "patches", "scales", "elbows", "chest", "pain", "breath", "fever", "pressure"} {
			if s := findSpan(lower, w); s.End > 0 {
				s.Text = string([]rune(in.Text)[s.Start:s.End])
				p.Tokens = append(p.Tokens, clinical.TokenWeight{Span: s, Weight: 0.1 + float64(len(w))/20})
			}
		}
		if s := findSpan(lower, "fever"); s.End > 0 && strings.Contains(lower, "no fever") {
			s.Text = string([]rune(in.Text)[s.Start:s.End])
			p.Findings = append(p.Findings, nlp.Finding{Span: s, Concept: "fever", Negation: "negated", Temporality: "recent", Experiencer: "patient"})
		}
		if name == "specialty" {
			p.Classes = []clinical.ClassProb{{Label: "Cardiovascular / Pulmonary", Prob: 0.81}, {Label: "Gastroenterology", Prob: 0.1}, {Label: "Neurology", Prob: 0.05}}
			return json.Marshal(p)
		}
		p.Classes = []clinical.ClassProb{{Label: "Psoriasis", Prob: 0.86}, {Label: "Fungal infection", Prob: 0.08}, {Label: "Impetigo", Prob: 0.03}, {Label: "Acne", Prob: 0.02}, {Label: "allergy", Prob: 0.005}, {Label: "Migraine", Prob: 0.005}}
		p.Triage = &clinical.Triage{Level: "see-doctor", Reasons: []clinical.Message{{Code: clinical.MsgDiseaseLevel, Args: map[string]string{"label": "Psoriasis", "prob": "0.86", "level": "see-doctor"}}}, RedFlags: []string{}}
		if strings.Contains(lower, "chest pain") && strings.Contains(lower, "breath") {
			p.Classes = []clinical.ClassProb{{Label: "Bronchial Asthma", Prob: 0.4}, {Label: "Pneumonia", Prob: 0.3}, {Label: "Hypertension", Prob: 0.3}}
			p.Triage = &clinical.Triage{Level: "emergency", Reasons: []clinical.Message{{Code: clinical.MsgCallEmergency}}, RedFlags: []string{"chest pain with shortness of breath"}}
		}
		if len(p.Tokens) == 0 {
			p.Uncertain = true
			p.Classes = []clinical.ClassProb{{Label: "Common Cold", Prob: 0.09}, {Label: "Dengue", Prob: 0.08}}
			p.Note = &clinical.Message{Code: clinical.MsgNoKnownWords}
		}
		return json.Marshal(p)
	case "survival":
		p := clinical.SurvivalPrediction{Model: name, Version: "1.0.0", RiskScore: 0.4, RiskGroup: "intermediate",
			Survival1y: 0.95, Survival5y: 0.71, Survival10y: 0.55,
			Contributions: []clinical.Contribution{{Feature: "nodes", Value: 3, Contribution: 0.5}, {Feature: "pgr", Value: 80, Contribution: -0.2}}}
		for d := 0.0; d <= 3653; d += 365.25 {
			p.Curve = append(p.Curve, clinical.SurvivalPoint{Days: d, Survival: 1 - 0.045*d/365.25})
		}
		return json.Marshal(p)
	default:
		var in map[string]float64
		if err := json.Unmarshal(input, &in); err != nil {
			return nil, &clinical.Error{Op: "predict " + name, Kind: clinical.Invalid, Err: err}
		}
		p := clinical.RiskPrediction{Model: name, Version: "1.0.0", Probability: 0.23, Label: "positive"}
		for k, v := range in {
			c := 0.01 * v
			if k == "bmi" || k == "age" {
				c = -c
			}
			p.Contributions = append(p.Contributions, clinical.Contribution{Feature: k, Value: v, Contribution: c})
		}
		return json.Marshal(p)
	}
}

func noteContext(text string) NoteContext {
	var nc NoteContext
	add := func(word, neg, tmp, who string) {
		if s := findSpan(text, word); s.End > 0 {
			nc.Findings = append(nc.Findings, nlp.Finding{Span: s, Concept: strings.ToLower(word), Negation: neg, Temporality: tmp, Experiencer: who, Section: "history_of_present_illness"})
		}
	}
	add("chest pressure", "affirmed", "recent", "patient")
	add("fever", "negated", "recent", "patient")
	add("pneumonia", "possible", "recent", "patient")
	add("myocardial infarction", "affirmed", "historical", "patient")
	add("coronary artery disease", "affirmed", "recent", "other")
	add("nitroglycerin", "affirmed", "hypothetical", "patient")
	if i := strings.Index(text, "PAST MEDICAL HISTORY"); i >= 0 {
		start := len([]rune(text[:i]))
		nc.Sections = append(nc.Sections, Section{Name: "past_medical_history", Start: start, End: start + 40})
	}
	return nc
}

var testCards = map[string]clinical.Card{
	"pima": {
		Name: "pima", Title: "Diabetes within five years", Version: "1.0.0", Summary: "Predicts diabetes within five years.",
		IntendedUse: "Education.", Data: clinical.DataCredit{Name: "Pima", Rows: 614, Source: "UCI", Licence: "CC BY 4.0", Credit: "NIDDK"},
		Inputs: []clinical.Feature{
			{Name: "pregnancies", Label: "Pregnancies", Min: 0, Max: 17, Default: 1},
			{Name: "glucose", Label: "Glucose", Unit: "mg/dL", Min: 40, Max: 250, Default: 110},
			{Name: "insulin", Label: "Insulin", Unit: "µU/mL", Min: 10, Max: 900, Optional: true},
			{Name: "bmi", Label: "BMI", Unit: "kg/m²", Min: 15, Max: 70, Default: 30},
			{Name: "age", Label: "Age", Unit: "years", Min: 21, Max: 90, Default: 35},
		},
		Metrics:     []clinical.Metric{{Name: "auc", Value: 0.83, Low: 0.77, High: 0.89, Split: "validation (20%, stratified, seed 1)", N: 123}, {Name: "accuracy", Value: 0.76, Low: 0.69, High: 0.83, Split: "validation", N: 123}},
		Calibration: &clinical.Calibration{Method: "temperature scaling on validation", ECE: 0.041, Brier: 0.16, Bins: []clinical.CalibBin{{Low: 0, High: 0.5, MeanPred: 0.2, FracTrue: 0.22, N: 80}}},
		Limitations: []string{"Only Pima women aged 21 and over."},
	},
	"heart": {
		Name: "heart", Version: "1.0.0",
		Inputs: []clinical.Feature{
			{Name: "age", Min: 20, Max: 90, Default: 55},
			{Name: "cp", Min: 1, Max: 4, Default: 4, Categories: []float64{1, 2, 3, 4}},
		},
		Metrics: []clinical.Metric{{Name: "auc", Value: 0.9, Low: 0.84, High: 0.95, Split: "validation", N: 49}},
	},
	"survival": {
		Name: "survival", Version: "1.0.0",
		Inputs: []clinical.Feature{
			{Name: "age", Min: 20, Max: 90, Default: 55},
			{Name: "size", Min: 0, Max: 2, Default: 1, Categories: []float64{0, 1, 2}},
			{Name: "nodes", Min: 0, Max: 40, Default: 2},
		},
		Metrics: []clinical.Metric{{Name: "c_index", Value: 0.67, Low: 0.64, High: 0.70, Split: "external: GBSG (n=686)", N: 686}},
	},
	"symptom": {
		Name: "symptom", Version: "1.0.0", Summary: "Free-text symptoms to one of 24 conditions.", IntendedUse: "Education.",
		Labels:      []string{"Psoriasis", "allergy"},
		Metrics:     []clinical.Metric{{Name: "accuracy", Value: 0.95, Low: 0.92, High: 0.97, Split: "validation", N: 185}},
		TriageRules: []clinical.TriageRule{{ID: "chest", When: "chest pain with shortness of breath", Level: "emergency", Source: "NHS 111"}},
		Limitations: []string{"English only."},
	},
}

// probe is a mounted component whose context the tests use to drive a
// page's handlers through the engine (Async, Dispatch) as the browser would.
// Natively go-app calls no OnMount, but it does call OnUpdate when a parent
// changes an exported field, which is how the probe gets its context.
type probe struct {
	app.Compo
	N   int
	ctx app.Context
}

func (p *probe) OnUpdate(ctx app.Context) { p.ctx = ctx }
func (p *probe) Render() app.UI           { return app.Div() }

// harness mounts a probe in a test engine with fake as the client.
func harness(t *testing.T, fake *fakeClient) (app.TestEngine, app.Context) {
	t.Helper()
	old, oldHist := client, history
	if fake != nil {
		client = fake
	} else {
		client = nil
	}
	history = platform.NewVault(1000) // few PBKDF2 rounds keep the tests quick
	t.Cleanup(func() { client, history = old, oldHist; SetLang(English) })
	e := app.NewTestEngine()
	p := &probe{}
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	if err := e.Load(&probe{N: 1}); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if p.ctx.Context == nil {
		t.Fatal("the probe got no context")
	}
	return e, p.ctx
}

// html renders a page's current state.
func html(c app.Composer) string { return app.HTMLString(c.Render()) }

func mustContain(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, page string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(page, w) {
			t.Errorf("page should not contain %q", w)
		}
	}
}
