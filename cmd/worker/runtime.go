// Command worker is Bedside's inference Web Worker: a small Go WebAssembly
// program with the engine, the NLP pipeline and the task models, and no
// go-app. web/worker.js starts it; web/bedside.js sends it verified weight
// bytes, inputs and notes, so inference never blocks the page.
package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/bedside-health/bedside/engine/clinical"
)

// runtime holds the loaded models. Every method recovers: a panic in a
// model must fail that one call, not the worker.
type runtime struct {
	models map[string]clinical.Predictor
	// context runs the clinical context step on a note (context.go).
	context func(text string) (any, error)
}

func newRuntime() *runtime {
	return &runtime{models: map[string]clinical.Predictor{}, context: contextStep}
}

// load verifies weights against their manifest entry, then builds the model.
func (r *runtime) load(entryJSON string, weights []byte) (err error) {
	defer catch("load", &err)
	var e clinical.Entry
	if err := json.Unmarshal([]byte(entryJSON), &e); err != nil {
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
	if r.context == nil {
		return nil, &clinical.Error{Op: "context", Kind: clinical.NotFound, Err: errors.New("the clinical context step is not built into this worker")}
	}
	v, err := r.context(text)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
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
