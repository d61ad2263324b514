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
