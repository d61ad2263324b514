package textmodel

import (
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
}

// NewPrep builds the preprocessing for a pipeline spec (stored with the
// weights so prediction normalises as training did).
func NewPrep(spec string) (*Prep, error) {
	p, err := nlp.ParsePipeline(spec)
	if err != nil {
		return nil, err
	}
	return &Prep{pipe: p}, nil
}

// Terms returns the model's terms for text.
func (p *Prep) Terms(text string) []nlp.Term {
	return p.pipe.Terms(text)
}

// Strings returns the texts of terms.
func Strings(terms []nlp.Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Text
	}
	return out
}
