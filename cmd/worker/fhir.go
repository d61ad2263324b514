package main

import (
	"github.com/bedside-health/bedside/fhir"
)

// runFHIR is window.bedside.fhir: the note's analysis as the FHIR R4 Bundle
// `bedside fhir` prints. The worker builds it because the bundle's
// ICD-10-CM codes come from nlp's lexicon, which the app does not link;
// it analyses the text itself (or reuses its own analysis of the same
// text, context.go) rather than trusting an analysis sent back from the
// page, so the bundle is the one of the text and nothing else.
func (r *runtime) runFHIR(text string) (out []byte, err error) {
	defer catch("fhir", &err)
	return fhir.Marshal(text, analyse(text), fhir.Options{})
}
