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
	if file, err := safetensors.Decode(text.Bytes()); err == nil { // with an int8 embedding
		for i, t := range file.Tensors {
			if t.Name == "emb.weight" {
				v, _ := t.Float64()
				q, s := QuantizeRows(t.Name, t.Shape, v)
				file.Tensors[i] = q
				file.Tensors = append(file.Tensors, s)
				break
			}
		}
		var b bytes.Buffer
		safetensors.Encode(&b, file)
		f.Add(b.Bytes())
	}
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
