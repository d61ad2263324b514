// Command worker is Bedside's inference Web Worker: a small Go WebAssembly
// program with the engine, the NLP pipeline and the task models, and no
// go-app. web/worker.js starts it; web/bedside.js sends it verified weight
// bytes, inputs and notes, so inference never blocks the page.
package main

import (
	"errors"
	"fmt"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
)

// runtime holds the loaded models. Every method recovers: a panic in a
// model must fail that one call, not the worker.
type runtime struct {
	models map[string]clinical.Predictor
	// context runs the clinical context step on a note (context.go).
	context func(text string) (nlp.Note, error)
}

func newRuntime() *runtime {
	return &runtime{models: map[string]clinical.Predictor{}, context: contextStep}
}

// load verifies weights against their manifest entry, then builds the model.
func (r *runtime) load(entryJSON string, weights []byte) (err error) {
	defer catch("load", &err)
	var e clinical.Entry
	if err := clinical.UnmarshalEntry([]byte(entryJSON), &e); err != nil {
		return &clinical.Error{Op: "load", Kind: clinical.Invalid, Err: fmt.Errorf("manifest entry: %w", err)}
	}
	if err := e.Verify(weights); err != nil {
		return err
	}
	p, err := clinical.Load(e.Name, weights)
	if err != nil {
		return err
	}
	r.models[e.Name] = p
	return nil
}

// predict returns the JSON `bedside predict` prints for input.
func (r *runtime) predict(name string, input []byte) (out []byte, err error) {
	defer catch("predict "+name, &err)
	p, ok := r.models[name]
	if !ok {
		return nil, &clinical.Error{Op: "predict " + name, Kind: clinical.NotFound, Err: errors.New("model not loaded")}
	}
	v, err := p.Predict(input)
	if err != nil {
		return nil, err
	}
	// The same bytes as json.Marshal, without reflection (issue 15).
	return clinical.MarshalPrediction(v)
}

func (r *runtime) runContext(text string) (out []byte, err error) {
	defer catch("context", &err)
	n, err := r.analysis(text)
	if err != nil {
		return nil, err
	}
	// The same bytes as json.Marshal, without reflection (issue 15).
	return n.AppendJSON(nil), nil
}

func (r *runtime) analysis(text string) (nlp.Note, error) {
	if r.context == nil {
		return nlp.Note{}, &clinical.Error{Op: "context", Kind: clinical.NotFound, Err: errors.New("the clinical context step is not built into this worker")}
	}
	return r.context(text)
}

func catch(op string, err *error) {
	if v := recover(); v != nil {
		*err = &clinical.Error{Op: op, Kind: clinical.Other, Err: fmt.Errorf("internal error (please report): %v", v)}
	}
}

// errorReply is the worker's answer for a failed call. kind is the
// ErrorKind's Code, not its String: bedside.js and app/platform branch on
// it, so rewording a message must not change the protocol.
func errorReply(err error) map[string]any {
	kind, field := clinical.Other.Code(), ""
	var ce *clinical.Error
	if errors.As(err, &ce) {
		kind, field = ce.Kind.Code(), ce.Field
	}
	return map[string]any{"error": err.Error(), "kind": kind, "field": field}
}
