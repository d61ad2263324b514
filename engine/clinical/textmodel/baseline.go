package textmodel

import (
	"github.com/bedside-health/bedside/engine"
)

// LinearConfig is the recipe of the TF-IDF + logistic regression baseline.
type LinearConfig struct {
	Epochs      int
	Batch       int
	LR          float64
	WeightDecay float64 // AdamW decoupled decay
	Seed        uint64
}

// TrainLinear fits multinomial logistic regression on bags with AdamW.
func TrainLinear(x []Sparse, y []int, dim, classes int, c LinearConfig) *SparseLinear {
	rng := engine.NewRand(c.Seed)
	l := NewSparseLinear(rng, "wide", dim, classes)
	opt := engine.NewAdam(c.LR)
	opt.WeightDecay = c.WeightDecay
	ps := l.Params()
	for ep := 0; ep < c.Epochs; ep++ {
		for _, idx := range engine.Batches(rng, len(x), c.Batch) {
			bx := make([]Sparse, len(idx))
			by := make([]int, len(idx))
			for i, j := range idx {
				bx[i], by[i] = x[j], y[j]
			}
			engine.ZeroGrad(ps)
			_, d := engine.CrossEntropy{}.Loss(l.Forward(bx), by)
			l.Backward(d)
			opt.Step(ps)
		}
	}
	return l
}
