package textmodel

import (
	"errors"
	"fmt"
	"math"

	"github.com/bedside-health/bedside/engine/clinical"
)

// predictor serves a text model through clinical.predictor. Post, if set,
// adds model-specific parts to each prediction (the symptom model's
// triage). Predict never touches the filesystem.
type predictor struct {
	M     *model
	Prep  *preprocessor
	Post  func(text string, about *clinical.About, p *clinical.TextPrediction)
	About bool // the input may carry an "about" object for Post
}

// newPredictor loads a model from its weights file.
func newPredictor(weights []byte, post func(text string, about *clinical.About, p *clinical.TextPrediction)) (*predictor, error) {
	m, err := decode(weights)
	if err != nil {
		return nil, err
	}
	prep, err := newPreprocessor(m.Spec, m.DropUnasserted)
	if err != nil {
		return nil, err
	}
	prep.MaxRead = m.MaxTokens
	return &predictor{M: m, Prep: prep, Post: post}, nil
}

func (p *predictor) Name() string { return p.M.Name }

// Predict takes {"text": "..."} and returns a *clinical.TextPrediction.
// Bad input is a *clinical.Error of kind Invalid; a bug is recovered and
// returned as an error so one request never takes the worker down.
func (p *predictor) Predict(input []byte) (out clinical.Prediction, err error) {
	op := "predict " + p.M.Name
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &clinical.Error{Op: op, Kind: clinical.Other, Err: fmt.Errorf("internal error: %v", r)}
		}
	}()
	text, about, err := parseInput(op, input, p.M.MaxRunes, p.About)
	if err != nil {
		return nil, err
	}
	pred := p.predictText(text, about)
	// Finite weights can still overflow on some input; a NaN would reach
	// the page as a probability.
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	for _, c := range pred.Classes {
		if !finite(c.Prob) {
			return nil, &clinical.Error{Op: op, Kind: clinical.Other, Err: errors.New("the model gave a probability that is not a number; its weights may be damaged")}
		}
	}
	for _, t := range pred.Tokens {
		if !finite(t.Weight) {
			return nil, &clinical.Error{Op: op, Kind: clinical.Other, Err: errors.New("the model gave an attention weight that is not a number; its weights may be damaged")}
		}
	}
	return pred, nil
}

// PredictText classifies an already checked text.
func (p *predictor) PredictText(text string) *clinical.TextPrediction {
	return p.predictText(text, nil)
}

func (p *predictor) predictText(text string, about *clinical.About) *clinical.TextPrediction {
	prep := p.Prep.Prepare(text)
	pred := p.M.Prediction(text, p.M.Classify(prep))
	if prep.Findings != nil {
		pred.Findings = prep.Findings
	}
	if p.Post != nil {
		p.Post(text, about, pred)
	}
	return pred
}
