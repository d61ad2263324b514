package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func span(text string, start, end int) nlp.Span {
	r := []rune(text)
	return nlp.Span{Text: string(r[start:end]), Start: start, End: end,
		ByteStart: len(string(r[:start])), ByteEnd: len(string(r[:end]))}
}

func TestSegments(t *testing.T) {
	text := "itchy red patches, no fever"
	tokens := []clinical.TokenWeight{
		{Span: span(text, 0, 5), Weight: 0.5},
		{Span: span(text, 10, 17), Weight: 0.4},
		{Span: span(text, 22, 27), Weight: 0.02},
	}
	findings := []nlp.Finding{
		{Span: span(text, 22, 27), Concept: "fever", Negation: "negated", Temporality: "recent", Experiencer: "patient"},
	}
	segs := segments(text, tokens, findings)
	var joined strings.Builder
	for _, s := range segs {
		joined.WriteString(s.Text)
	}
	t.Run("the segments rebuild the text exactly", func(t *testing.T) {
		if joined.String() != text {
			t.Errorf("got %q", joined.String())
		}
	})
	t.Run("the heaviest word gets the top level", func(t *testing.T) {
		if segs[0].Text != "itchy" || segs[0].Level != 4 {
			t.Errorf("first segment %+v", segs[0])
		}
	})
	t.Run("a negated finding is marked negated", func(t *testing.T) {
		last := segs[len(segs)-1]
		if last.Text != "fever" || last.Context != ctxNegated || last.Concept != "fever" {
			t.Errorf("last segment %+v", last)
		}
	})
	t.Run("bad spans are ignored, never panic", func(t *testing.T) {
		bad := []clinical.TokenWeight{{Span: nlp.Span{Start: -3, End: 2}, Weight: 1}, {Span: nlp.Span{Start: 5, End: 500}, Weight: 1}, {Span: nlp.Span{Start: 4, End: 2}, Weight: 1}}
		badF := []nlp.Finding{{Span: nlp.Span{Start: 100, End: 101}}}
		segs := segments("short", bad, badF)
		if len(segs) != 1 || segs[0].Text != "short" || segs[0].Level != 0 {
			t.Errorf("got %+v", segs)
		}
	})
	t.Run("offsets count code points, so text after emoji and Chinese lines up", func(t *testing.T) {
		s := "头痛 🤕 fever"
		segs := segments(s, []clinical.TokenWeight{{Span: span(s, 5, 10), Weight: 1}}, nil)
		if segs[len(segs)-1].Text != "fever" || segs[len(segs)-1].Level != 4 {
			t.Errorf("got %+v", segs)
		}
	})
	t.Run("empty text gives no segments", func(t *testing.T) {
		if segs := segments("", tokens, findings); len(segs) != 0 {
			t.Errorf("got %+v", segs)
		}
	})
}

func TestContextClass(t *testing.T) {
	for _, c := range []struct {
		name string
		f    nlp.Finding
		want string
	}{
		{"a plain finding is affirmed", nlp.Finding{Negation: "affirmed", Temporality: "recent", Experiencer: "patient"}, ctxAffirmed},
		{"negation wins over history", nlp.Finding{Negation: "negated", Temporality: "historical", Experiencer: "patient"}, ctxNegated},
		{"someone else's finding is family whatever else", nlp.Finding{Negation: "negated", Experiencer: "other"}, ctxFamily},
		{"possible", nlp.Finding{Negation: "possible", Temporality: "recent", Experiencer: "patient"}, ctxPossible},
		{"historical", nlp.Finding{Negation: "affirmed", Temporality: "historical", Experiencer: "patient"}, ctxHistorical},
		{"hypothetical", nlp.Finding{Negation: "affirmed", Temporality: "hypothetical", Experiencer: "patient"}, ctxHypothetical},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := contextClass(c.f); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestFindingsExport(t *testing.T) {
	defer SetLang(English)
	text := "Denies fever, chills. Father had MI."
	fs := []nlp.Finding{
		{Span: span(text, 7, 12), Concept: "fever", Negation: "negated", Temporality: "recent", Experiencer: "patient", Section: "history_of_present_illness",
			Triggers: []nlp.Trigger{{Span: span(text, 0, 6), Class: "negation", Value: "negated", Source: nlp.SourcePhrase}}},
		{Span: span(text, 33, 35), Concept: "myocardial infarction, acute", Negation: "affirmed", Temporality: "historical", Experiencer: "other"},
	}
	t.Run("CSV quotes a value with a comma", func(t *testing.T) {
		csv := findingsCSV(fs)
		lines := strings.Split(strings.TrimSpace(csv), "\n")
		if len(lines) != 3 {
			t.Fatalf("got %d lines:\n%s", len(lines), csv)
		}
		if !strings.HasPrefix(lines[0], "Text,Finding,Context") {
			t.Errorf("header %q", lines[0])
		}
		if !strings.Contains(lines[2], `"myocardial infarction, acute"`) || !strings.Contains(lines[2], "someone else (family)") {
			t.Errorf("row %q", lines[2])
		}
		if !strings.Contains(lines[1], "History of present illness") || !strings.HasSuffix(strings.TrimSpace(lines[1]), ",7,12,negated: Denies (0–6)") {
			t.Errorf("row %q", lines[1])
		}
	})
	t.Run("text export is tab-separated with one row per finding", func(t *testing.T) {
		txt := findingsText(fs)
		lines := strings.Split(strings.TrimSpace(txt), "\n")
		if len(lines) != 3 || strings.Count(lines[1], "\t") != 9 || !strings.HasSuffix(lines[1], "\tnegated: Denies (0–6)") {
			t.Errorf("got %q", txt)
		}
	})
	t.Run("a section default names its heading", func(t *testing.T) {
		got := whyText([]nlp.Trigger{{Span: nlp.Span{Text: "FAMILY HISTORY", Start: 0, End: 14}, Class: "temporality", Value: "historical", Source: nlp.SourceSection}})
		if got != "historical: section FAMILY HISTORY (0–14)" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("the header follows the language", func(t *testing.T) {
		SetLang(Chinese)
		if !strings.HasPrefix(findingsCSV(fs), "原文,发现,语境") {
			t.Errorf("got %q", findingsCSV(fs)[:30])
		}
	})
}

func TestNoteExportsJSONAndFHIR(t *testing.T) {
	text := "Denies fever. BP 120/80 mmHg. Allergies: PCN (rash)."
	n := nlp.AnalyzeNote(text)
	nc := &NoteContext{Findings: n.Findings, Medications: n.Medications, Vitals: n.Vitals, Labs: n.Labs, Allergies: n.Allergies}
	js := noteJSON(nc)
	for _, want := range []string{`"triggers"`, `"vitals"`, `"allergies"`, `"source": "phrase"`} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON export lacks %s:\n%s", want, js)
		}
	}
	t.Run("copying as FHIR asks the worker for the bundle of the analysed text", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx := harness(t, fake)
		notes := &Notes{}
		notes.OnMount(ctx)
		notes.setText(text)
		notes.submit(ctx)
		e.ConsumeAll()
		notes.setText("a different text typed after the analysis")
		notes.copy("fhir")(ctx, app.Event{})
		e.ConsumeAll()
		if got := fake.called("fhir " + text); got != 1 {
			t.Fatalf("asked the worker for the bundle of the analysed text %d times; calls %q", got, fake.calls)
		}
		if notes.copied != "fhir" || notes.failure != "" {
			t.Errorf("copied %q, failure %q", notes.copied, notes.failure)
		}
	})
	t.Run("a failing worker says so instead of copying", func(t *testing.T) {
		fake := &fakeClient{fhir: func(string) ([]byte, error) { return nil, errors.New("the worker stopped") }}
		e, ctx := harness(t, fake)
		notes := &Notes{}
		notes.OnMount(ctx)
		notes.setText(text)
		notes.submit(ctx)
		e.ConsumeAll()
		notes.copy("fhir")(ctx, app.Event{})
		e.ConsumeAll()
		if notes.copied != "" || !strings.Contains(html(notes), "the worker stopped") {
			t.Errorf("copied %q, failure %q", notes.copied, notes.failure)
		}
	})
}

func TestMentionLines(t *testing.T) {
	defer SetLang(English)
	n := nlp.AnalyzeNote("Allergies: PCN (rash). NKDA otherwise.\nLasix 40 mg PO BID. BP 120/80 mmHg. K 5.8 H")
	for _, tc := range []struct {
		name      string
		got, want []string
	}{
		{"medications", medicationLines(n.Medications), []string{"furosemide 40 mg PO BID (Lasix 40 mg PO BID)"}},
		{"vital signs", vitalLines(n.Vitals), []string{"Blood pressure 120/80 mmHg (BP 120/80 mmHg)"}},
		{"labs", labLines(n.Labs), []string{"potassium 5.8 (high) (K 5.8 H)"}},
		{"allergies", allergyLines(n.Allergies), []string{"penicillin → rash", "No known drug allergies (NKDA)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Join(tc.got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	SetLang(Chinese)
	if got := vitalLines(n.Vitals); len(got) != 1 || !strings.HasPrefix(got[0], "血压") {
		t.Errorf("Chinese vital line %q", got)
	}
}
