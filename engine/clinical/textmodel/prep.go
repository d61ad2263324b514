package textmodel

import (
	"github.com/bedside-health/bedside/nlp"
)

// pipelineSpec is the normalisation of the English text models, unless a
// TaskSpec names another: expand clinical abbreviations, lowercase,
// normalise numbers, drop punctuation and stopwords (negations are kept by
// nlp's list), Snowball-stem.
const pipelineSpec = nlp.DefaultSpec

// preprocessor turns a text into the terms a model reads, each with its offsets in
// the original text so attention can be drawn back onto it.
type preprocessor struct {
	pipe *nlp.Pipeline
	// DropUnasserted removes the terms of findings that the clinical
	// context step does not assert for the patient now (negated,
	// historical, hypothetical, or someone else's), so that "rash on my
	// arms but no fever" reads as "rash on my arms".
	DropUnasserted bool
	// MaxRead caps the terms the recurrent branch reads (0: all). Over the
	// cap, terms are chosen by section: text outside any heading (a note's
	// summary) and the sections that say what the note is about (complaint,
	// present illness, diagnoses, procedures, findings, assessment, any
	// unknown heading) come before the generic ones every note has (past
	// history, medications, allergies, social and family history, review
	// of systems, examination, instructions); the chosen terms keep their
	// text order.
	MaxRead int
}

// generic sections appear in notes of every specialty, so they are read last.
var generic = map[string]bool{
	"past_medical_history": true, "past_surgical_history": true, "medications": true, "allergies": true,
	"social_history": true, "family_history": true, "review_of_systems": true, "physical_exam": true,
	"discharge_medications": true, "discharge_instructions": true, "discharge_condition": true,
	"follow_up": true, "disposition": true,
}

// newPreprocessor builds the preprocessing for a pipeline spec (stored with the
// weights so prediction normalises as training did).
func newPreprocessor(spec string, dropUnasserted bool) (*preprocessor, error) {
	p, err := nlp.ParsePipeline(spec)
	if err != nil {
		return nil, err
	}
	return &preprocessor{pipe: p, DropUnasserted: dropUnasserted}, nil
}

// prepared is a text ready for a classifier.
type prepared struct {
	Terms    []nlp.Term    // what the model reads, in text order
	Read     []nlp.Term    // the part of Terms the recurrent branch reads
	Dropped  []nlp.Term    // terms removed as not asserted
	Findings []nlp.Finding // every lexicon finding with its context
}

// asserted reports whether a finding counts as present for the patient:
// affirmed or possible, recent, and the patient's own.
func asserted(f nlp.Finding) bool {
	return f.Negation != "negated" && f.Temporality == "recent" && f.Experiencer == "patient"
}

// Prepare runs the clinical context step and the pipeline.
func (p *preprocessor) Prepare(text string) (out prepared) {
	note := nlp.AnalyzeNote(text)
	out = prepared{Findings: note.Findings}
	terms := p.pipe.Terms(text)
	defer func() { out.Read = p.selectRead(out.Terms, note.Sections) }()
	if !p.DropUnasserted {
		out.Terms = terms
		return out
	}
	var drop []nlp.Finding
	for _, f := range note.Findings {
		if !asserted(f) {
			drop = append(drop, f)
		}
	}
	dropped := make([]bool, len(terms))
	for i, t := range terms {
		for _, f := range drop {
			if t.ByteStart >= f.ByteStart && t.ByteEnd <= f.ByteEnd {
				dropped[i] = true
				// The cue of a dropped negated finding goes with it: left
				// alone, "no" in "no fever" is a word like any other and
				// pulls towards whatever disease its training texts had
				// ("no energy" in chickenpox descriptions).
				if f.Negation == "negated" {
					for k := i - 1; k >= 0 && k >= i-3; k-- {
						if negationCue[terms[k].Text] && f.ByteStart-terms[k].ByteEnd < 40 {
							dropped[k] = true
						}
					}
				}
				break
			}
		}
	}
	for i, t := range terms {
		if dropped[i] {
			out.Dropped = append(out.Dropped, t)
		} else {
			out.Terms = append(out.Terms, t)
		}
	}
	return out
}

// negationCue holds the normalised forms of the negation words the
// stopword step keeps.
var negationCue = map[string]bool{
	"no": true, "not": true, "nor": true, "never": true, "none": true, "neither": true, "without": true,
	"cannot": true, "cant": true, "dont": true, "doesnt": true, "didnt": true, "havent": true, "hasnt": true,
	"hadnt": true, "isnt": true, "arent": true, "wasnt": true, "werent": true, "wont": true, "n't": true,
	"deni": true, "negat": true, "free": true, "absent": true, "absenc": true,
}

// termTexts returns the texts of terms.
func termTexts(terms []nlp.Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Text
	}
	return out
}

// selectRead applies MaxRead, section by section (see preprocessor.MaxRead).
func (p *preprocessor) selectRead(terms []nlp.Term, sections []nlp.Section) []nlp.Term {
	if p.MaxRead <= 0 || len(terms) <= p.MaxRead {
		return terms
	}
	low := make([]bool, len(terms))
	k := 0
	for i, t := range terms {
		for k+1 < len(sections) && sections[k+1].ByteStart <= t.ByteStart {
			k++
		}
		if k < len(sections) && sections[k].ByteStart <= t.ByteStart && t.ByteStart < sections[k].ByteEnd {
			low[i] = generic[sections[k].Name]
		}
	}
	keep := make([]bool, len(terms))
	n := 0
	for _, wantLow := range []bool{false, true} {
		for i := range terms {
			if n < p.MaxRead && low[i] == wantLow {
				keep[i] = true
				n++
			}
		}
	}
	out := make([]nlp.Term, 0, n)
	for i, t := range terms {
		if keep[i] {
			out = append(out, t)
		}
	}
	return out
}
