package textmodel

import (
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
)

// Spec is the normalisation both text models use: expand clinical
// abbreviations, lowercase, normalise numbers, drop punctuation and
// stopwords (negations are kept by nlp's list), Snowball-stem.
const Spec = nlp.DefaultSpec

// Prep turns a text into the terms a model reads, each with its offsets in
// the original text so attention can be drawn back onto it.
type Prep struct {
	pipe *nlp.Pipeline
	// DropUnasserted removes the terms of findings that the clinical
	// context step does not assert for the patient now (negated,
	// historical, hypothetical, or someone else's), so that "rash on my
	// arms but no fever" reads as "rash on my arms".
	DropUnasserted bool
}

// NewPrep builds the preprocessing for a pipeline spec (stored with the
// weights so prediction normalises as training did).
func NewPrep(spec string, dropUnasserted bool) (*Prep, error) {
	p, err := nlp.ParsePipeline(spec)
	if err != nil {
		return nil, err
	}
	return &Prep{pipe: p, DropUnasserted: dropUnasserted}, nil
}

// Prepared is a text ready for a classifier.
type Prepared struct {
	Terms    []nlp.Term         // what the model reads, in text order
	Dropped  []nlp.Term         // terms removed as not asserted
	Findings []clinical.Finding // every lexicon finding with its context
}

// Asserted reports whether a finding counts as present for the patient:
// affirmed or possible, recent, and the patient's own.
func Asserted(f clinical.Finding) bool {
	return f.Negation != "negated" && f.Temporality == "recent" && f.Experiencer == "patient"
}

// Prepare runs the clinical context step and the pipeline.
func (p *Prep) Prepare(text string) Prepared {
	note := nlp.AnalyzeNote(text)
	out := Prepared{Findings: note.Findings}
	terms := p.pipe.Terms(text)
	if !p.DropUnasserted {
		out.Terms = terms
		return out
	}
	var drop []clinical.Finding
	for _, f := range note.Findings {
		if !Asserted(f) {
			drop = append(drop, f)
		}
	}
	for _, t := range terms {
		inside := false
		for _, f := range drop {
			if t.ByteStart >= f.ByteStart && t.ByteEnd <= f.ByteEnd {
				inside = true
				break
			}
		}
		if inside {
			out.Dropped = append(out.Dropped, t)
		} else {
			out.Terms = append(out.Terms, t)
		}
	}
	return out
}

// Strings returns the texts of terms.
func Strings(terms []nlp.Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Text
	}
	return out
}
