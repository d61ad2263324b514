package engine

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Sequential chains layers; it is itself a Layer.
type Sequential struct {
	Layers []Layer
}

func (s *Sequential) Forward(x *mat.Dense, train bool) *mat.Dense {
	for _, l := range s.Layers {
		x = l.Forward(x, train)
	}
	return x
}

func (s *Sequential) Backward(dy *mat.Dense) *mat.Dense {
	for i := len(s.Layers) - 1; i >= 0; i-- {
		dy = s.Layers[i].Backward(dy)
	}
	return dy
}

func (s *Sequential) Params() []*Param {
	var ps []*Param
	for _, l := range s.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// NewMLP builds Dense layers named "dense0", "dense1", ... of the given
// sizes (sizes[0] inputs, sizes[len-1] outputs) with the hidden activation
// ("relu", "tanh" or "sigmoid") and optional dropout after each hidden
// layer. The last layer outputs logits: pair it with BCEWithLogits,
// CrossEntropy or Cox.
func NewMLP(rng *rand.Rand, sizes []int, hidden string, dropout float64) *Sequential {
	if len(sizes) < 2 {
		panic("engine: NewMLP needs at least an input and an output size")
	}
	s := &Sequential{}
	for i := 0; i+1 < len(sizes); i++ {
		last := i+2 == len(sizes)
		gain := 1.0
		if hidden == "relu" && !last {
			gain = math.Sqrt2
		}
		s.Layers = append(s.Layers, NewDense(rng, fmt.Sprintf("dense%d", i), sizes[i], sizes[i+1], gain))
		if last {
			break
		}
		act, err := newActivation(hidden)
		if err != nil {
			panic("engine: NewMLP: " + err.Error())
		}
		s.Layers = append(s.Layers, act)
		if dropout > 0 {
			s.Layers = append(s.Layers, NewDropout(dropout, rng.Uint64()))
		}
	}
	return s
}

func newActivation(kind string) (Layer, error) {
	switch kind {
	case "relu":
		return NewReLU(), nil
	case "tanh":
		return NewTanh(), nil
	case "sigmoid":
		return NewSigmoid(), nil
	case "softmax":
		return NewSoftmax(), nil
	}
	return nil, fmt.Errorf("unknown activation %q", kind)
}

// LayerSpec describes one layer of a Sequential well enough to rebuild it
// from a weights file (the parameters are loaded by name).
type LayerSpec struct {
	Kind string  `json:"kind"` // dense, relu, tanh, sigmoid, softmax, dropout
	Name string  `json:"name,omitempty"`
	In   int     `json:"in,omitempty"`
	Out  int     `json:"out,omitempty"`
	P    float64 `json:"p,omitempty"`
}

// MetaLayers is the metadata key under which Sequential.Save records the
// layer specs as JSON.
const MetaLayers = "engine.layers"

// Specs describes the model. It panics on a layer type it cannot describe.
func (s *Sequential) Specs() []LayerSpec {
	out := make([]LayerSpec, len(s.Layers))
	for i, l := range s.Layers {
		switch l := l.(type) {
		case *Dense:
			name := l.W.Name[:len(l.W.Name)-len(".weight")]
			out[i] = LayerSpec{Kind: "dense", Name: name, In: l.In(), Out: l.Out()}
		case *elementwise:
			out[i] = LayerSpec{Kind: l.kind}
		case *Softmax:
			out[i] = LayerSpec{Kind: "softmax"}
		case *Dropout:
			out[i] = LayerSpec{Kind: "dropout", P: l.P}
		default:
			panic(fmt.Sprintf("engine: Sequential.Specs: cannot describe %T", l))
		}
	}
	return out
}

// NewSequential rebuilds a model from specs, with zero weights (load them
// with LoadParams) and dropout seeded by seed.
func NewSequential(specs []LayerSpec, seed uint64) (*Sequential, error) {
	s := &Sequential{}
	for i, sp := range specs {
		switch sp.Kind {
		case "dense":
			if sp.In <= 0 || sp.Out <= 0 || sp.In > 1<<20 || sp.Out > 1<<20 {
				return nil, fmt.Errorf("engine: layer %d: bad dense size %dx%d", i, sp.In, sp.Out)
			}
			s.Layers = append(s.Layers, &Dense{W: NewParam(sp.Name+".weight", sp.Out, sp.In), B: NewParam(sp.Name+".bias", sp.Out)})
		case "dropout":
			if !(sp.P >= 0 && sp.P < 1) {
				return nil, fmt.Errorf("engine: layer %d: dropout probability %v not in [0,1)", i, sp.P)
			}
			s.Layers = append(s.Layers, NewDropout(sp.P, seed+uint64(i)))
		default:
			act, err := newActivation(sp.Kind)
			if err != nil {
				return nil, fmt.Errorf("engine: layer %d: %v", i, err)
			}
			s.Layers = append(s.Layers, act)
		}
	}
	return s, nil
}

func specsJSON(s *Sequential) string {
	b, _ := MarshalLayerSpecs(s.Specs())
	return string(b)
}
