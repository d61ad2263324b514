package ui

import (
	"strings"
	"testing"

	"github.com/bedside-health/bedside/nlp"
)

func TestPaginate(t *testing.T) {
	long := strings.Repeat("Patient denies fever. Mother had 胸痛. ", 300)
	findings := nlp.AnalyzeNote(long).Findings
	segs := segments(long, nil, findings)
	t.Run("pages hold the whole note in order with no run lost", func(t *testing.T) {
		pages := paginate(segs, 500, 60)
		var b strings.Builder
		off := 0
		for i, p := range pages {
			if p.Start != off {
				t.Fatalf("page %d starts at %d, want %d", i, p.Start, off)
			}
			for _, s := range p.Segs {
				b.WriteString(s.Text)
			}
			off = p.End
		}
		if b.String() != long {
			t.Error("the pages do not join back into the note")
		}
		if off != len([]rune(long)) {
			t.Errorf("the last page ends at %d, want %d", off, len([]rune(long)))
		}
	})
	t.Run("no page is over its size unless one run is", func(t *testing.T) {
		for _, p := range paginate(segs, 500, 60) {
			if len(p.Segs) > 60 || (len(p.Segs) > 1 && p.End-p.Start > 500) {
				t.Errorf("page %d-%d has %d runs", p.Start, p.End, len(p.Segs))
			}
		}
		one := paginate([]Segment{{Text: strings.Repeat("x", 900)}, {Text: "y"}}, 500, 60)
		if len(one) != 2 || one[0].End != 900 {
			t.Errorf("a run longer than a page: %+v", one)
		}
	})
	t.Run("an empty note has no pages", func(t *testing.T) {
		if p := paginate(nil, 500, 60); len(p) != 0 {
			t.Errorf("got %d pages", len(p))
		}
	})
	t.Run("the page of an offset is the one holding it", func(t *testing.T) {
		pages := paginate(segs, 500, 60)
		for _, f := range findings {
			i := pageAt(pages, f.Start)
			if i < 0 || f.Start < pages[i].Start || f.Start >= pages[i].End {
				t.Fatalf("finding at %d put on page %d", f.Start, i)
			}
		}
		if pageAt(pages, -1) != -1 || pageAt(pages, len([]rune(long))) != -1 {
			t.Error("an offset outside the note found a page")
		}
	})
}

func TestWithTriggers(t *testing.T) {
	text := "Patient denies fever."
	fever := nlp.Finding{Span: span(text, 15, 20), Concept: "fever", Negation: "negated",
		Triggers: []nlp.Trigger{{Span: span(text, 8, 14), Class: "negation", Value: "negated", Source: nlp.SourcePhrase}}}
	page := paginate(segments(text, nil, []nlp.Finding{fever}), 2000, 250)[0]
	marked := func(segs []Segment) string {
		var b strings.Builder
		for _, s := range segs {
			if s.Trigger {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		return b.String()
	}
	t.Run("the trigger words of the focused finding are marked, the rest kept", func(t *testing.T) {
		if got := marked(withTriggers(page, fever.Triggers)); got != "Patient [denies] fever." {
			t.Errorf("got %q", got)
		}
	})
	t.Run("a section default marks no words", func(t *testing.T) {
		ts := []nlp.Trigger{{Span: span(text, 0, 7), Value: "historical", Source: nlp.SourceSection}}
		if got := marked(withTriggers(page, ts)); got != text {
			t.Errorf("got %q", got)
		}
	})
	t.Run("a trigger outside the text marks nothing and breaks nothing", func(t *testing.T) {
		ts := []nlp.Trigger{{Span: nlp.Span{Start: 500, End: 900}, Source: nlp.SourcePhrase}, {Span: nlp.Span{Start: -5, End: -1}}}
		if got := marked(withTriggers(page, ts)); got != text {
			t.Errorf("got %q", got)
		}
	})
}

func TestDecodeNoteContext(t *testing.T) {
	long := strings.Repeat("Patient denies fever. Mother had chest pain. Aspirin 81 mg PO daily. BP 150/90. ", 200)
	n := nlp.AnalyzeNote(long)
	want := NoteContext{Findings: n.Findings, Medications: n.Medications, Vitals: n.Vitals, Labs: n.Labs, Allergies: n.Allergies,
		Sections: []Section{{Name: "history", Start: 0, End: 5}}}
	data := []byte(noteJSON(&want))
	t.Run("decoding a finding at a time gives what one unmarshal gives, pausing as it goes", func(t *testing.T) {
		pauses := 0
		got, err := decodeNoteContext(data, func() { pauses++ })
		if err != nil {
			t.Fatal(err)
		}
		if noteJSON(&got) != noteJSON(&want) {
			t.Error("the decoded analysis differs from the encoded one")
		}
		if len(want.Findings) < 2*findingsPerPause || pauses != len(want.Findings)/findingsPerPause {
			t.Errorf("%d pauses for %d findings", pauses, len(want.Findings))
		}
	})
	t.Run("unknown keys and null findings are accepted", func(t *testing.T) {
		got, err := parseNoteContext([]byte(`{"version":2,"findings":null,"sections":[{"name":"plan","start":0,"end":4}]}`))
		if err != nil || len(got.Findings) != 0 || len(got.Sections) != 1 {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("broken JSON is an error", func(t *testing.T) {
		for _, bad := range []string{``, `{`, `{"findings":{}}`, `{"findings":[{]}`, `{"sections":3}`, `[1]`, `"x"`} {
			if _, err := parseNoteContext([]byte(bad)); err == nil {
				t.Errorf("%q gave no error", bad)
			}
		}
	})
}

func FuzzDecodeNoteContext(f *testing.F) {
	f.Add([]byte(`{"findings":[{"text":"fever","start":0,"end":5}],"sections":[]}`))
	f.Add([]byte(`[{"text":"fever","start":0,"end":5}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		nc, err := parseNoteContext(data)
		if err == nil && strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
			// What decoded must encode again.
			if noteJSON(&nc) == "" {
				t.Error("decoded an analysis that does not encode")
			}
		}
	})
}
