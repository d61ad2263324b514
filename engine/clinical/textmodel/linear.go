package textmodel

import (
	"math/rand/v2"

	"github.com/bedside-health/bedside/engine"
	"gonum.org/v1/gonum/mat"
)

// SparseLinear is a linear layer over sparse bags: logits = W x + b, with W
// of shape [classes, features] (PyTorch's layout). Its parameters are
// engine.Params, so the engine's optimisers train it.
type SparseLinear struct {
	W, B *engine.Param
	x    []Sparse
}

// NewSparseLinear makes the layer with small random weights.
func NewSparseLinear(rng *rand.Rand, name string, features, classes int) *SparseLinear {
	l := &SparseLinear{W: engine.NewParam(name+".weight", classes, features), B: engine.NewParam(name+".bias", classes)}
	for i := range l.W.Value {
		l.W.Value[i] = (rng.Float64()*2 - 1) * 0.01
	}
	return l
}

// Forward returns the logits of a batch of bags, one row each.
func (l *SparseLinear) Forward(x []Sparse) *mat.Dense {
	l.x = x
	k, f := l.W.Shape[0], l.W.Shape[1]
	y := mat.NewDense(len(x), k, nil)
	for b, s := range x {
		row := y.RawRowView(b)
		for c := 0; c < k; c++ {
			w := l.W.Value[c*f : (c+1)*f]
			z := l.B.Value[c]
			for q, j := range s.Idx {
				z += w[j] * s.Val[q]
			}
			row[c] = z
		}
	}
	return y
}

// Backward accumulates the gradients of the last Forward's batch.
func (l *SparseLinear) Backward(dy *mat.Dense) {
	k, f := l.W.Shape[0], l.W.Shape[1]
	for b, s := range l.x {
		row := dy.RawRowView(b)
		for c := 0; c < k; c++ {
			g := row[c]
			l.B.Grad[c] += g
			gw := l.W.Grad[c*f : (c+1)*f]
			for q, j := range s.Idx {
				gw[j] += g * s.Val[q]
			}
		}
	}
}

// Params returns W and b.
func (l *SparseLinear) Params() []*engine.Param { return []*engine.Param{l.W, l.B} }
