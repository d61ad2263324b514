package engine

import (
	"bytes"
	"testing"

	"github.com/bedside-health/bedside/engine/safetensors"
)

// FuzzLoad feeds arbitrary bytes to the MLP loaders: a weights file from
// the network must give a model or an error, never a panic, and the float32
// model must run without panicking.
func FuzzLoad(f *testing.F) {
	var mlp bytes.Buffer
	NewMLP(NewRand(1), []int{3, 4, 2}, "relu", 0.1).Save(&mlp, nil)
	f.Add(mlp.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := safetensors.Decode(b)
		if err != nil {
			return
		}
		if m, err := LoadMLP32(file); err == nil {
			m.Forward(make([]float32, m.Out()), make([]float32, m.In()))
		}
		LoadSequential(file)
	})
}
