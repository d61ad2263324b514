// Package toymodel registers two tiny logistic models, "toy" and "toy2",
// used only by the browser tests to exercise the weights store, the worker
// and the JavaScript API before (and besides) the real models. It is never
// linked into a shipped build: cmd/worker imports it only with the
// bedsidetoy build tag.
package toymodel

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/bedside-health/bedside/engine/clinical"
)

// Names are the models this package registers.
var Names = []string{"toy", "toy2"}

func init() {
	for _, n := range Names {
		n := n
		clinical.Register(n, func(w []byte) (clinical.Predictor, error) { return load(n, w) })
	}
}

// Weights encodes a bias and two coefficients as the model's weights file.
func Weights(bias, w1, w2 float64) []byte {
	b := make([]byte, 24)
	for i, v := range []float64{bias, w1, w2} {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return b
}

type model struct {
	name string
	coef [3]float64
}

func load(name string, w []byte) (clinical.Predictor, error) {
	if len(w) != 24 {
		return nil, &clinical.Error{Op: "load " + name, Kind: clinical.Corrupt, Err: fmt.Errorf("weights are %d bytes, want 24", len(w))}
	}
	m := &model{name: name}
	for i := range m.coef {
		m.coef[i] = math.Float64frombits(binary.LittleEndian.Uint64(w[8*i:]))
		if math.IsNaN(m.coef[i]) || math.IsInf(m.coef[i], 0) {
			return nil, &clinical.Error{Op: "load " + name, Kind: clinical.Corrupt, Err: errors.New("weights are not finite")}
		}
	}
	return m, nil
}

func (m *model) Name() string { return m.name }

func (m *model) Predict(input []byte) (clinical.Prediction, error) {
	var in map[string]*float64
	if err := json.Unmarshal(input, &in); err != nil {
		return nil, &clinical.Error{Op: "predict " + m.name, Kind: clinical.Invalid, Err: fmt.Errorf("input is not a JSON object of numbers: %v", err)}
	}
	z := m.coef[0]
	out := &clinical.RiskPrediction{Model: m.name, Version: "test"}
	for i, f := range []string{"x1", "x2"} {
		v := in[f]
		if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
			return nil, &clinical.Error{Op: "predict " + m.name, Kind: clinical.Invalid, Field: f, Err: errors.New("missing or not a finite number")}
		}
		c := m.coef[i+1] * *v
		z += c
		out.Contributions = append(out.Contributions, clinical.Contribution{Feature: f, Value: *v, Contribution: c})
	}
	out.Probability = 1 / (1 + math.Exp(-z))
	out.Label = "negative"
	if out.Probability >= 0.5 {
		out.Label = "positive"
	}
	return out, nil
}
