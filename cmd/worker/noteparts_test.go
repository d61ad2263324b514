package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
)

// The page rebuilds the analysis from its parts; whatever the split, the
// rebuilt analysis must be the one runContext sends whole.
func TestContextParts(t *testing.T) {
	note := strings.Repeat("No fever. Chest pain since this morning. Mother had breast cancer.\n", 90)
	t.Run("the parts rebuild the whole analysis in order", func(t *testing.T) {
		r := newRuntime()
		whole, err := r.runContext(note)
		if err != nil {
			t.Fatal(err)
		}
		parts, err := r.runContextParts(note)
		if err != nil {
			t.Fatal(err)
		}
		var want map[string]json.RawMessage
		if err := json.Unmarshal(whole, &want); err != nil {
			t.Fatal(err)
		}
		var wantFindings []json.RawMessage
		json.Unmarshal(want["findings"], &wantFindings)
		if len(wantFindings) <= 2*findingsPerPart {
			t.Fatalf("the note has %d findings; the test needs more than two parts' worth", len(wantFindings))
		}
		var header map[string]json.RawMessage
		if err := json.Unmarshal(parts[0], &header); err != nil {
			t.Fatalf("the header is not an object: %v", err)
		}
		if _, ok := header["findings"]; ok {
			t.Errorf("the header carries the findings too")
		}
		for k, v := range want {
			if k != "findings" && !bytes.Equal(header[k], v) {
				t.Errorf("header %s = %s, want %s", k, header[k], v)
			}
		}
		var got []json.RawMessage
		for i, p := range parts[1:] {
			var fs []json.RawMessage
			if err := json.Unmarshal(p, &fs); err != nil {
				t.Fatalf("part %d is not a list: %v", i+1, err)
			}
			if len(fs) == 0 || len(fs) > findingsPerPart {
				t.Errorf("part %d holds %d findings, want 1..%d", i+1, len(fs), findingsPerPart)
			}
			got = append(got, fs...)
		}
		if len(got) != len(wantFindings) {
			t.Fatalf("the parts hold %d findings, want %d", len(got), len(wantFindings))
		}
		for i := range got {
			if !bytes.Equal(got[i], wantFindings[i]) {
				t.Fatalf("finding %d = %s, want %s", i, got[i], wantFindings[i])
			}
		}
	})
	finding := func(c string) nlp.Finding { return nlp.Finding{Concept: c} }
	for _, tc := range []struct {
		name  string
		note  nlp.Note
		per   int
		parts int
	}{
		{"a note without findings is the header alone", nlp.Note{Sections: []nlp.Section{{Name: "plan"}}, Findings: []nlp.Finding{}}, 2, 1},
		{"nil findings are no findings", nlp.Note{}, 2, 1},
		{"the last part holds the rest", nlp.Note{Findings: []nlp.Finding{finding("a"), finding("b"), finding("c"), finding("d"), finding("e")}}, 2, 4},
		{"a part may hold every finding", nlp.Note{Findings: []nlp.Finding{finding("a"), finding("b")}}, 2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := splitFindings(tc.note, tc.per)
			if err != nil {
				t.Fatal(err)
			}
			if len(parts) != tc.parts {
				t.Errorf("%d parts, want %d", len(parts), tc.parts)
			}
			samePartsAsBefore(t, tc.note, tc.per, parts)
		})
	}
	t.Run("fewer than one finding per part is an error, not a panic", func(t *testing.T) {
		if _, err := splitFindings(nlp.Note{}, 0); err == nil {
			t.Error("splitFindings(_, 0) succeeded")
		}
	})
	t.Run("the parts are the bytes the parts of the whole analysis were", func(t *testing.T) {
		for _, text := range []string{note, "", "No fever.", "患者发热三天，无咳嗽。既往高血压。青霉素过敏。", "Allergies: PCN (rash). Lasix 40 mg PO BID. BP 148/92, K 5.9 (H)."} {
			n := nlp.AnalyzeNote(text)
			for _, per := range []int{1, 3, findingsPerPart} {
				parts, err := splitFindings(n, per)
				if err != nil {
					t.Fatal(err)
				}
				samePartsAsBefore(t, n, per, parts)
			}
		}
	})
	t.Run("a worker without the context step says so", func(t *testing.T) {
		r := newRuntime()
		r.context = nil
		if _, err := r.runContextParts("No fever."); err == nil || !strings.Contains(err.Error(), "not built") {
			t.Fatalf("%v", err)
		}
	})
}

// samePartsAsBefore compares parts with what splitFindings made of the
// analysis marshalled whole by encoding/json, before issue 15.
func samePartsAsBefore(t *testing.T, n nlp.Note, per int, parts [][]byte) {
	t.Helper()
	whole, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	want, err := referenceSplitFindings(whole, per)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != len(want) {
		t.Fatalf("%d parts, before %d", len(parts), len(want))
	}
	for i := range parts {
		if !bytes.Equal(parts[i], want[i]) {
			t.Fatalf("part %d = %s, before %s", i, parts[i], want[i])
		}
	}
}

func referenceSplitFindings(whole []byte, per int) ([][]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(whole, &obj); err != nil {
		return nil, &clinical.Error{Op: "context", Kind: clinical.Other, Err: fmt.Errorf("the analysis is not an object: %w", err)}
	}
	var findings []json.RawMessage
	if raw, ok := obj["findings"]; ok {
		if err := json.Unmarshal(raw, &findings); err != nil {
			return nil, &clinical.Error{Op: "context", Kind: clinical.Other, Err: fmt.Errorf("the findings are not a list: %w", err)}
		}
		delete(obj, "findings")
	}
	if per < 1 {
		return nil, &clinical.Error{Op: "context", Kind: clinical.Other, Err: errors.New("findings per part must be positive")}
	}
	header, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	parts := [][]byte{header}
	for lo := 0; lo < len(findings); lo += per {
		part, err := json.Marshal(findings[lo:min(lo+per, len(findings))])
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
	}
	return parts, nil
}

func FuzzSplitFindings(f *testing.F) {
	f.Add("No fever. Chest pain since this morning. Mother had breast cancer.", 2)
	f.Add("患者发热三天，无咳嗽。", 1)
	f.Fuzz(func(t *testing.T, text string, per int) {
		if per < 1 || per > 1000 {
			return
		}
		n := nlp.AnalyzeNote(text)
		parts, err := splitFindings(n, per)
		if err != nil {
			t.Fatal(err)
		}
		samePartsAsBefore(t, n, per, parts)
	})
}
