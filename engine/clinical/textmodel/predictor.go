package textmodel

import (
	"fmt"

	"github.com/bedside-health/bedside/engine/clinical"
)

// Predictor serves a text model through clinical.Predictor. Post, if set,
// adds model-specific parts to each prediction (the symptom model's
// triage). Predict never touches the filesystem.
type Predictor struct {
	M    *Model
	Prep *Prep
	Post func(text string, prep Prepared, p *clinical.TextPrediction)
}

// NewPredictor loads a model from its weights file.
func NewPredictor(weights []byte, post func(string, Prepared, *clinical.TextPrediction)) (*Predictor, error) {
	m, err := Decode(weights)
	if err != nil {
		return nil, err
	}
	prep, err := NewPrep(m.Spec, m.DropUnasserted)
	if err != nil {
		return nil, err
	}
	prep.MaxRead = m.MaxTokens
	return &Predictor{M: m, Prep: prep, Post: post}, nil
}

func (p *Predictor) Name() string { return p.M.Name }

// Predict takes {"text": "..."} and returns a *clinical.TextPrediction.
// Bad input is a *clinical.Error of kind Invalid; a bug is recovered and
// returned as an error so one request never takes the worker down.
func (p *Predictor) Predict(input []byte) (out clinical.Prediction, err error) {
	op := "predict " + p.M.Name
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &clinical.Error{Op: op, Kind: clinical.Other, Err: fmt.Errorf("internal error: %v", r)}
		}
	}()
	text, err := ParseInput(op, input, p.M.MaxRunes)
	if err != nil {
		return nil, err
	}
	return p.PredictText(text), nil
}

// PredictText classifies an already checked text.
func (p *Predictor) PredictText(text string) *clinical.TextPrediction {
	prep := p.Prep.Prepare(text)
	pred := p.M.Prediction(text, p.M.Classify(prep))
	if prep.Findings != nil {
		pred.Findings = prep.Findings
	}
	if p.Post != nil {
		p.Post(text, prep, pred)
	}
	return pred
}
