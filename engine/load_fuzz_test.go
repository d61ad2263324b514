package engine

import (
	"bytes"
	"testing"

	"github.com/bedside-health/bedside/engine/safetensors"
)

// FuzzLoad feeds arbitrary bytes to every model loader: a weights file
// from the network must give a model or an error, never a panic, and the
// float32 models must run on a valid token without panicking.
func FuzzLoad(f *testing.F) {
	var mlp, text bytes.Buffer
	NewMLP(NewRand(1), []int{3, 4, 2}, "relu", 0.1).Save(&mlp, nil)
	NewTextClassifier(NewRand(1), TextConfig{Vocab: 5, Embed: 2, Hidden: 2, Attention: 2, Classes: 2}).Save(&text, nil)
	f.Add(mlp.Bytes())
	f.Add(text.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := safetensors.Decode(b)
		if err != nil {
			return
		}
		if m, err := LoadMLP32(file); err == nil {
			m.Forward(make([]float32, m.Out()), make([]float32, m.In()))
		}
		LoadSequential(file)
		if m, err := LoadTextClassifier32(file); err == nil {
			m.Forward(make([]float32, m.Config.Classes), nil, []int{0})
		}
		LoadTextClassifier(file)
	})
}
