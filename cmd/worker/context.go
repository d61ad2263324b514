package main

import (
	"sync"

	"github.com/bedside-health/bedside/nlp"
)

// contextStep is window.bedside.context: sections and findings with their
// negation, temporality and experiencer, offsets into the text.
var contextStep = func(text string) (nlp.Note, error) { return analyse(text), nil }

// lastNote remembers the last note analysed. The notes page asks for a
// note's analysis and then, on Copy as FHIR, for the bundle of the same
// text; a 100k-character note takes seconds to analyse in wasm, and the
// analysis of a text never changes, so the second request reuses it.
var lastNote struct {
	sync.Mutex
	text string
	note nlp.Note
	ok   bool
}

func analyse(text string) nlp.Note {
	lastNote.Lock()
	defer lastNote.Unlock()
	if !lastNote.ok || lastNote.text != text {
		lastNote.text, lastNote.note, lastNote.ok = text, nlp.AnalyzeNote(text), true
	}
	return lastNote.note
}
