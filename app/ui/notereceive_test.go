package ui

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bedside-health/bedside/app/platform"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
	"github.com/bedside-health/bedside/nlp/record"
)

// partsClient answers as the browser's client does: the analysis in parts,
// cut as the worker cuts it (a header without findings, then per findings
// a part).
type partsClient struct {
	platform.Client
	per  int
	fail error // returned by ContextParts after the first part
}

func (c partsClient) ContextParts(ctx context.Context, text string, part func([]byte) error) error {
	a := nlp.AnalyzeNote(text)
	fs := a.Findings
	a.Findings = nil
	header, _ := json.Marshal(a)
	var obj map[string]json.RawMessage
	json.Unmarshal(header, &obj)
	delete(obj, "findings")
	header, _ = json.Marshal(obj)
	if err := part(header); err != nil {
		return err
	}
	if c.fail != nil {
		return c.fail
	}
	for lo := 0; lo < len(fs); lo += c.per {
		b, _ := json.Marshal(fs[lo:min(lo+c.per, len(fs))])
		if err := part(b); err != nil {
			return err
		}
	}
	return nil
}

// wholeClient answers with the analysis as one document.
type wholeClient struct{ platform.Client }

func (wholeClient) Context(ctx context.Context, text string) ([]byte, error) {
	return json.Marshal(nlp.AnalyzeNote(text))
}

func TestReceiveNoteContext(t *testing.T) {
	note := "HISTORY: Diabetes.\nMEDICATIONS: metformin 500 mg PO BID.\n" +
		strings.Repeat("No fever. Chest pain since this morning. Mother had breast cancer.\n", 40)
	ctx := context.Background()
	want, err := receiveNoteContext(ctx, wholeClient{}, note, func() {})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Findings) < 100 || len(want.Sections) == 0 || len(want.Medications) == 0 {
		t.Fatalf("the test note gives %d findings, %d sections, %d medications; want many, some, some", len(want.Findings), len(want.Sections), len(want.Medications))
	}
	// The time budget is set apart from the test at hand, so the pauses
	// counted do not depend on the machine's speed.
	defer func(b time.Duration) { decodeBudget = b }(decodeBudget)
	decodeBudget = time.Hour
	t.Run("the parts decode to the analysis sent whole, a pause before each part", func(t *testing.T) {
		pauses := 0
		got, err := receiveNoteContext(ctx, partsClient{per: 7}, note, func() { pauses++ })
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("the parts decode to %d findings, %d sections; want %d, %d", len(got.Findings), len(got.Sections), len(want.Findings), len(want.Sections))
		}
		if parts := 1 + pageCount(len(want.Findings), 7); pauses != parts {
			t.Errorf("%d pauses for %d parts", pauses, parts)
		}
	})
	t.Run("a part longer than findingsPerTask is decoded in pieces, a pause between them", func(t *testing.T) {
		per := 2*findingsPerTask + 1
		pauses := 0
		got, err := receiveNoteContext(ctx, partsClient{per: per}, note, func() { pauses++ })
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("the parts decode to %d findings; want %d", len(got.Findings), len(want.Findings))
		}
		wantPauses := 1 // before the header
		for lo := 0; lo < len(want.Findings); lo += per {
			wantPauses += 1 + (min(per, len(want.Findings)-lo)-1)/findingsPerTask
		}
		if pauses != wantPauses {
			t.Errorf("%d pauses for %d findings in parts of %d; want %d", pauses, len(want.Findings), per, wantPauses)
		}
	})
	t.Run("a part whose decoding outlasts the time budget pauses after each element", func(t *testing.T) {
		decodeBudget = 0
		defer func() { decodeBudget = time.Hour }()
		per := 9
		pauses := 0
		got, err := receiveNoteContext(ctx, partsClient{per: per}, note, func() { pauses++ })
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("the parts decode to %d findings; want %d", len(got.Findings), len(want.Findings))
		}
		// A pause before the header and before each part, and one between
		// every two elements of a list.
		wantPauses := 1 + len(want.Findings)
		for _, n := range []int{len(want.Sections), len(want.Medications), len(want.Vitals), len(want.Labs), len(want.Allergies)} {
			wantPauses += max(n-1, 0)
		}
		if pauses != wantPauses {
			t.Errorf("%d pauses for %d findings in parts of %d; want %d", pauses, len(want.Findings), per, wantPauses)
		}
	})
	t.Run("a part that is not findings fails the analysis", func(t *testing.T) {
		bad := badParts{}
		if _, err := receiveNoteContext(ctx, bad, note, func() {}); err == nil {
			t.Error("a malformed part was taken")
		}
	})
	t.Run("an error from the client is the analysis's error", func(t *testing.T) {
		boom := errors.New("the worker stopped")
		if _, err := receiveNoteContext(ctx, partsClient{per: 7, fail: boom}, note, func() {}); !errors.Is(err, boom) {
			t.Errorf("%v, want %v", err, boom)
		}
	})
}

type badParts struct{ platform.Client }

func (badParts) ContextParts(ctx context.Context, text string, part func([]byte) error) error {
	if err := part([]byte(`{}`)); err != nil {
		return err
	}
	return part([]byte(`{"text":"fever"}`))
}

func TestDecodeTextPrediction(t *testing.T) {
	p := clinical.TextPrediction{Model: "specialty", Version: "3", Uncertain: true,
		Classes:  []clinical.ClassProb{{Label: "Cardiology", Prob: 0.7}, {Label: "Neurology", Prob: 0.3}},
		Findings: nlp.AnalyzeNote("No fever.").Findings,
		Note:     &clinical.Message{Code: "k"},
	}
	for i := range 1234 {
		p.Tokens = append(p.Tokens, clinical.TokenWeight{Span: record.Span{Text: "w", Start: i, End: i + 1, ByteStart: i, ByteEnd: i + 1}, Weight: float64(i) / 1234})
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("it decodes what json.Unmarshal does, less the findings, with a pause per 500 tokens", func(t *testing.T) {
		var want clinical.TextPrediction
		json.Unmarshal(data, &want)
		want.Findings = nil
		pauses := 0
		got, err := decodeTextPrediction(data, func() { pauses++ })
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("got %+v\nwant %+v", *got, want)
		}
		if pauses != 1234/tokensPerPause {
			t.Errorf("%d pauses for 1,234 tokens", pauses)
		}
	})
	for _, bad := range []string{``, `[]`, `{"tokens":{}}`, `{"tokens":[{"start":"x"}]}`, `{"classes":[1]}`, `{"findings":[1,}`, `{"model":"x"`} {
		t.Run("malformed "+bad+" is an error", func(t *testing.T) {
			if _, err := decodeTextPrediction([]byte(bad), func() {}); err == nil {
				t.Errorf("decoded")
			}
		})
	}
}

func FuzzDecodeTextPrediction(f *testing.F) {
	f.Add([]byte(`{"model":"m","tokens":[{"text":"a","start":0,"end":1,"weight":0.5}],"findings":[{"text":"fever"}],"classes":[{"label":"x","prob":1}]}`))
	f.Add([]byte(`{"tokens":null,"findings":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeTextPrediction(data, func() {})
		if err != nil {
			return
		}
		var want clinical.TextPrediction
		if err := json.Unmarshal(data, &want); err != nil {
			return // stricter than the streaming decoder on a value it skips
		}
		if len(got.Tokens) != len(want.Tokens) || len(got.Classes) != len(want.Classes) || got.Model != want.Model {
			t.Fatalf("%s: %+v, json.Unmarshal %+v", data, got, want)
		}
	})
}

func TestSegmentsPaused(t *testing.T) {
	note := strings.Repeat("No fever. Chest pain since this morning.\n", 1200)
	fs := nlp.AnalyzeNote(note).Findings
	pauses := 0
	got := segmentsPaused(note, nil, fs, func() { pauses++ })
	if want := segments(note, nil, fs); !reflect.DeepEqual(got, want) {
		t.Errorf("pausing changes the runs: %d, want %d", len(got), len(want))
	}
	if n := len([]rune(note)); pauses != 1+n/runesPerPause {
		t.Errorf("%d pauses for %d characters", pauses, n)
	}
}

func TestDrawSteps(t *testing.T) {
	last := drawSteps[drawnAll]
	if last.segs != notePageSegments || last.rows != findingsPageRows || last.lists != resultLists {
		t.Errorf("the last step draws %+v, want the whole result", last)
	}
	for i := 1; i < len(drawSteps); i++ {
		a, b := drawSteps[i-1], drawSteps[i]
		if b.segs < a.segs || b.rows < a.rows || b.lists < a.lists || b == a {
			t.Errorf("step %d (%+v) does not add to step %d (%+v)", i, b, i-1, a)
		}
		// One part grows per step, so no step mounts two parts' worth.
		if grown := btoi(b.segs > a.segs) + btoi(b.rows > a.rows) + btoi(b.lists > a.lists); grown != 1 {
			t.Errorf("step %d (%+v) grows %d parts of step %d (%+v); want one", i, b, grown, i-1, a)
		}
		if b.segs-a.segs > 80 || b.rows-a.rows > 5 || b.lists-a.lists > 1 {
			t.Errorf("step %d (%+v) draws too much more than step %d (%+v)", i, b, i-1, a)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FuzzDecodeHeader checks the header decoded an element at a time against
// json.Unmarshal of the same part.
func FuzzDecodeHeader(f *testing.F) {
	f.Add([]byte(`{"sections":[{"name":"hpi","start":0,"end":4}],"medications":[{"name":"aspirin","dose":"81"}],"vitals":null}`))
	f.Add([]byte(`{"labs":[],"allergies":[{"substance":"penicillin","reaction":"rash"}],"other":{"x":[1,2]}}`))
	f.Add([]byte(`{"findings":[{"text":"fever","negated":true}]}`))
	f.Add([]byte(`{"sections":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got NoteContext
		if err := decodeHeader(data, &got, func() {}); err != nil {
			return
		}
		var want NoteContext
		if err := json.Unmarshal(data, &want); err != nil {
			return // stricter than the streaming decoder on a value it skips
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %+v, json.Unmarshal %+v", data, got, want)
		}
	})
}
