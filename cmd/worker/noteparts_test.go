package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
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
	for _, tc := range []struct {
		name, whole string
		per         int
		want        []string
	}{
		{"a note without findings is the header alone", `{"findings":[],"sections":[{"name":"plan"}]}`, 2, []string{`{"sections":[{"name":"plan"}]}`}},
		{"null findings are no findings", `{"findings":null}`, 2, []string{`{}`}},
		{"the last part holds the rest", `{"findings":[1,2,3,4,5]}`, 2, []string{`{}`, `[1,2]`, `[3,4]`, `[5]`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := splitFindings([]byte(tc.whole), tc.per)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range parts {
				got = append(got, string(p))
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("parts %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("an analysis that is not an object is an error, not a panic", func(t *testing.T) {
		for _, bad := range []string{`[]`, `{"findings":{}}`, `nul`} {
			if _, err := splitFindings([]byte(bad), 2); err == nil {
				t.Errorf("splitFindings(%s) succeeded", bad)
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

func FuzzSplitFindings(f *testing.F) {
	f.Add([]byte(`{"findings":[1,2,3],"sections":[]}`), 2)
	f.Add([]byte(`{"findings":null}`), 1)
	f.Fuzz(func(t *testing.T, whole []byte, per int) {
		parts, err := splitFindings(whole, per)
		if err != nil {
			return
		}
		n := 0
		for _, p := range parts[1:] {
			var fs []json.RawMessage
			if err := json.Unmarshal(p, &fs); err != nil || len(fs) == 0 || len(fs) > per {
				t.Fatalf("part %s of %s", p, whole)
			}
			n += len(fs)
		}
		var obj map[string]json.RawMessage
		json.Unmarshal(whole, &obj)
		var fs []json.RawMessage
		json.Unmarshal(obj["findings"], &fs)
		if n != len(fs) {
			t.Fatalf("%d findings in the parts, %d in %s", n, len(fs), whole)
		}
	})
}
