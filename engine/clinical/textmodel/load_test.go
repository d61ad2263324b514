package textmodel

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/nlp"
)

// shippedSymptom is the shipped symptom model, if the checkout has it.
var shippedSymptom = filepath.Join("..", "..", "..", "web", "models", "symptom.safetensors")

// tamper decodes a private copy of weights, lets change edit it, and
// encodes it again: the result is a well-formed safetensors file whose
// content is wrong in one way.
func tamper(t testing.TB, weights []byte, change func(f *safetensors.File)) []byte {
	t.Helper()
	f, err := safetensors.Decode(bytes.Clone(weights))
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Tensors {
		f.Tensors[i].Data = bytes.Clone(f.Tensors[i].Data)
		f.Tensors[i].Shape = slices.Clone(f.Tensors[i].Shape)
	}
	change(f)
	var b bytes.Buffer
	if err := safetensors.Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func editHeader(f *safetensors.File, edit func(h map[string]any)) {
	var h map[string]any
	json.Unmarshal([]byte(f.Metadata[clinical.MetaTextHeader]), &h)
	edit(h)
	b, _ := json.Marshal(h)
	f.Metadata[clinical.MetaTextHeader] = string(b)
}

func tensor(f *safetensors.File, name string) *safetensors.Tensor {
	t, ok := f.Tensor(name)
	if !ok {
		panic("no tensor " + name)
	}
	return t
}

func setF32(t *safetensors.Tensor, i int, v float32) {
	binary.LittleEndian.PutUint32(t.Data[4*i:], math.Float32bits(v))
}

type damage struct {
	name   string
	change func(f *safetensors.File)
}

// damages are the ways a text weights file can be wrong while still being
// a valid safetensors file.
var damages = []damage{
	{"an extra class label", func(f *safetensors.File) {
		editHeader(f, func(h map[string]any) { h["labels"] = append(h["labels"].([]any), "Extra") })
	}},
	{"a repeated class label", func(f *safetensors.File) {
		editHeader(f, func(h map[string]any) { l := h["labels"].([]any); l[1] = l[0] })
	}},
	{"an output weight with its shape swapped", func(f *safetensors.File) {
		w := tensor(f, "m0.out.weight")
		w.Shape[0], w.Shape[1] = w.Shape[1], w.Shape[0]
	}},
	{"a NaN weight", func(f *safetensors.File) { setF32(tensor(f, "m0.out.bias"), 0, float32(math.NaN())) }},
	{"an infinite weight deep in the recurrent layer", func(f *safetensors.File) {
		setF32(tensor(f, "m0.rnn.bwd.weight_hh"), 5, float32(math.Inf(-1)))
	}},
	{"an embedding cut to half its rows", func(f *safetensors.File) {
		e := tensor(f, "m0.emb.weight")
		e.Shape[0] /= 2
		e.Data = e.Data[:len(e.Data)/e.DType.Size()/2/e.Shape[1]*e.Shape[1]*e.DType.Size()]
		e.Shape[0] = len(e.Data) / e.DType.Size() / e.Shape[1]
		if s, ok := f.Tensor("m0.emb.weight.scale"); ok {
			s.Shape[0], s.Data = e.Shape[0], s.Data[:4*e.Shape[0]]
		}
	}},
	{"a garbage header", func(f *safetensors.File) { f.Metadata[clinical.MetaTextHeader] = "{not json" }},
	{"no header", func(f *safetensors.File) { delete(f.Metadata, clinical.MetaTextHeader) }},
	{"a vocabulary smaller than the embedding", func(f *safetensors.File) {
		v := nlp.BuildVocabulary([][]string{{"fever", "cough"}}, nlp.VocabOptions{MinCount: 1})
		b, _ := v.MarshalJSON()
		f.Metadata[clinical.MetaVocab] = string(b)
	}},
	{"a network config that disagrees with the tensors", func(f *safetensors.File) {
		var c map[string]any
		json.Unmarshal([]byte(f.Metadata[clinical.MetaTextConfig]), &c)
		c["hidden"] = c["hidden"].(float64) + 1
		b, _ := json.Marshal(c)
		f.Metadata[clinical.MetaTextConfig] = string(b)
	}},
	{"int8 rows without their scale", func(f *safetensors.File) {
		e := tensor(f, "m0.emb.weight")
		if e.DType != safetensors.I8 {
			v, _ := e.Float64()
			q, s := engine.QuantizeRows(e.Name, e.Shape, v)
			*e = q
			f.Tensors = append(f.Tensors, s)
		}
		f.Tensors = slices.DeleteFunc(f.Tensors, func(t safetensors.Tensor) bool { return t.Name == "m0.emb.weight.scale" })
	}},
	{"an IDF one feature short", func(f *safetensors.File) {
		t := tensor(f, "wide.idf")
		t.Shape[0]--
		t.Data = t.Data[:len(t.Data)-4]
	}},
	{"a negative IDF", func(f *safetensors.File) { setF32(tensor(f, "wide.idf"), 3, -1) }},
	{"a wide weight one feature narrower than the wide vocabulary", func(f *safetensors.File) {
		w := tensor(f, "m0.wide.weight")
		rows, cols := w.Shape[0], w.Shape[1]
		w.Shape[1]--
		w.Data = w.Data[:rows*(cols-1)*w.DType.Size()]
	}},
	{"more members than the cap", func(f *safetensors.File) {
		editHeader(f, func(h map[string]any) { h["members"] = maxMembers + 1 })
	}},
	{"a member the header does not count", func(f *safetensors.File) {
		editHeader(f, func(h map[string]any) { h["members"] = h["members"].(float64) - 1 })
	}},
	{"a stray tensor", func(f *safetensors.File) {
		f.Tensors = append(f.Tensors, safetensors.NewF32("m0.extra", []int{1}, []float32{1}))
	}},
	{"a zero temperature", func(f *safetensors.File) { editHeader(f, func(h map[string]any) { h["temperature"] = 0 }) }},
	{"an unknown pipeline", func(f *safetensors.File) { editHeader(f, func(h map[string]any) { h["spec"] = "no-such-step" }) }},
}

// baseModels are the well-formed files the damages start from: the toy
// model, and the shipped symptom model where present.
func baseModels(t testing.TB) map[string][]byte {
	out := map[string][]byte{"the toy model": toyWeightsFor(t)}
	if b, err := os.ReadFile(shippedSymptom); err == nil {
		out["the shipped symptom model"] = b
	} else if tt, ok := t.(*testing.T); ok {
		tt.Logf("no shipped symptom model (%v): damaging the toy model only", err)
	}
	return out
}

func toyWeightsFor(t testing.TB) []byte {
	if tt, ok := t.(*testing.T); ok {
		toyModel(tt)
	} else {
		toyOnce.Do(trainToy)
	}
	return toyWeights
}

// loadAndPredict loads weights and, if that works, predicts, reporting a
// panic in either as a test failure.
func loadAndPredict(t *testing.T, weights []byte) error {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()
	p, err := newPredictor(weights, nil)
	if err != nil {
		return err
	}
	p.PredictText("fever and a rash on my arms, no cough")
	_, err = p.Predict([]byte(`{"text":"a throbbing headache"}`))
	if err != nil {
		t.Errorf("loaded, then Predict failed: %v", err)
	}
	return nil
}

func TestLoadRefusesDamagedWeights(t *testing.T) {
	for base, weights := range baseModels(t) {
		t.Run(base+" loads", func(t *testing.T) {
			if err := loadAndPredict(t, weights); err != nil {
				t.Fatal(err)
			}
		})
		for _, d := range damages {
			t.Run(base+" with "+d.name+" is refused as corrupt", func(t *testing.T) {
				err := loadAndPredict(t, tamper(t, weights, d.change))
				var ce *clinical.Error
				if !errors.As(err, &ce) || ce.Kind != clinical.Corrupt {
					t.Fatalf("error %v, want a *clinical.Error of kind Corrupt", err)
				}
				t.Log(err)
			})
		}
	}
	for name, b := range map[string][]byte{
		"nothing":          nil,
		"a truncated file": toyWeights[:len(toyWeights)/2],
		"garbage":          bytes.Repeat([]byte{0x42}, 64),
	} {
		t.Run(name+" is refused as corrupt", func(t *testing.T) {
			err := loadAndPredict(t, b)
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Corrupt {
				t.Fatalf("error %v, want a *clinical.Error of kind Corrupt", err)
			}
		})
	}
}

// FuzzLoad feeds weights files to the loader: each must load or give a
// Corrupt error, never panic, and a model that loads must predict without
// panicking. The seeds are good files and each damage applied to them.
func FuzzLoad(f *testing.F) {
	for _, weights := range baseModels(f) {
		f.Add(weights)
		for _, d := range damages {
			f.Add(tamper(f, weights, d.change))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := loadAndPredict(t, b); err != nil {
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Corrupt {
				t.Fatalf("error %v, want a *clinical.Error of kind Corrupt", err)
			}
		}
	})
}
