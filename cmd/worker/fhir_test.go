package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/bedside-health/bedside/fhir"
	"github.com/bedside-health/bedside/nlp"
)

func TestRunFHIR(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"an English note's bundle is the one bedside fhir prints", "Denies fever. BP 120/80 mmHg. Allergies: PCN (rash).", `"code": "refuted"`},
		{"a Chinese note's bundle codes its findings", "患者发热三天，无咳嗽。", `"resourceType": "Condition"`},
		{"an empty note gives a bundle with the patient alone", "", `"resourceType": "Patient"`},
		{"invalid UTF-8 gives a bundle, not a failure", "fever \xff\xfe cough", `"resourceType": "Bundle"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := newRuntime().runFHIR(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fhir.Marshal(tc.text, nlp.AnalyzeNote(tc.text), fhir.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("worker bundle differs from bedside fhir's:\n%s\nwant\n%s", out, want)
			}
			if !json.Valid(out) || !bytes.Contains(out, []byte(tc.want)) {
				t.Errorf("bundle lacks %s:\n%s", tc.want, out)
			}
		})
	}
}

// Copy as FHIR follows the page's analysis of the same text: the worker
// reuses that analysis, and never another text's.
func TestFHIRReusesTheLastAnalysisOfTheSameTextOnly(t *testing.T) {
	const a, b = "Denies fever. History of asthma.", "Chest pain since this morning."
	t.Run("the same text is analysed once", func(t *testing.T) {
		first, second := analyse(a), analyse(a)
		if len(first.Findings) == 0 || &first.Findings[0] != &second.Findings[0] {
			t.Fatal("the second request analysed the text again")
		}
	})
	t.Run("a bundle after another text's analysis is still its own text's", func(t *testing.T) {
		r := newRuntime()
		if _, err := r.runContext(a); err != nil {
			t.Fatal(err)
		}
		if _, err := r.runContext(b); err != nil {
			t.Fatal(err)
		}
		out, err := r.runFHIR(a)
		if err != nil {
			t.Fatal(err)
		}
		want, err := fhir.Marshal(a, nlp.AnalyzeNote(a), fhir.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, want) {
			t.Errorf("bundle of %q after analysing %q:\n%s\nwant\n%s", a, b, out, want)
		}
	})
}
