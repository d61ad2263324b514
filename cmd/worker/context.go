package main

import "github.com/bedside-health/bedside/nlp"

// contextStep is window.bedside.context: sections and findings with their
// negation, temporality and experiencer, offsets into the text.
var contextStep = func(text string) (any, error) { return nlp.AnalyzeNote(text), nil }
