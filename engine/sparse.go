package engine

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Sparse is a sparse vector: parallel ids (ascending) and values.
type Sparse struct {
	Idx []int
	Val []float64
}

// SparseLinear is a linear layer over sparse vectors: logits = W x + b,
// with W of shape [classes, features] (PyTorch's layout). It is not a
// Layer, whose input is dense, but its Params train with any Optimizer.
type SparseLinear struct {
	W, B *Param
	x    []Sparse
}

// NewSparseLinear makes the layer with small random weights.
func NewSparseLinear(rng *rand.Rand, name string, features, classes int) *SparseLinear {
	l := &SparseLinear{W: NewParam(name+".weight", classes, features), B: NewParam(name+".bias", classes)}
	for i := range l.W.Value {
		l.W.Value[i] = (rng.Float64()*2 - 1) * 0.01
	}
	return l
}

// Forward returns the logits of a batch of sparse vectors, one row each.
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
func (l *SparseLinear) Params() []*Param { return []*Param{l.W, l.B} }

// LinearConfig is the recipe of TrainLinear.
type LinearConfig struct {
	Epochs      int
	Batch       int
	LR          float64
	WeightDecay float64 // AdamW decoupled decay
	Seed        uint64
}

// TrainLinear fits multinomial logistic regression (a SparseLinear named
// name, cross-entropy, AdamW) on sparse vectors of width dim. Everything
// random comes from c.Seed.
func TrainLinear(name string, x []Sparse, y []int, dim, classes int, c LinearConfig) *SparseLinear {
	rng := NewRand(c.Seed)
	l := NewSparseLinear(rng, name, dim, classes)
	opt := NewAdam(c.LR)
	opt.WeightDecay = c.WeightDecay
	ps := l.Params()
	for ep := 0; ep < c.Epochs; ep++ {
		for _, idx := range Batches(rng, len(x), c.Batch) {
			bx := make([]Sparse, len(idx))
			by := make([]int, len(idx))
			for i, j := range idx {
				bx[i], by[i] = x[j], y[j]
			}
			ZeroGrad(ps)
			_, d := CrossEntropy{}.Loss(l.Forward(bx), by)
			l.Backward(d)
			opt.Step(ps)
		}
	}
	return l
}
