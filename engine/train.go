package engine

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Batches shuffles 0..n-1 with rng and cuts the permutation into batches of
// at most size indices. The same rng state gives the same batches on every
// platform.
func Batches(rng *rand.Rand, n, size int) [][]int {
	perm := rng.Perm(n)
	var out [][]int
	for len(perm) > 0 {
		k := min(size, len(perm))
		out = append(out, perm[:k:k])
		perm = perm[k:]
	}
	return out
}

// Rows gathers the given rows of x into a new matrix.
func Rows(x *mat.Dense, idx []int) *mat.Dense {
	_, c := x.Dims()
	out := mat.NewDense(len(idx), c, nil)
	for i, r := range idx {
		copy(out.RawRowView(i), x.RawRowView(r))
	}
	return out
}

// Schedule gives the learning rate for an epoch (counted from 0).
type Schedule func(epoch int) float64

// StepDecay multiplies base by factor every `every` epochs.
func StepDecay(base, factor float64, every int) Schedule {
	return func(e int) float64 { return base * math.Pow(factor, float64(e/every)) }
}

// CosineDecay anneals from base to floor over total epochs, after a linear
// warm-up of warmup epochs.
func CosineDecay(base, floor float64, warmup, total int) Schedule {
	return func(e int) float64 {
		if e < warmup {
			return base * float64(e+1) / float64(warmup)
		}
		if e >= total {
			return floor
		}
		p := float64(e-warmup) / float64(max(1, total-warmup))
		return floor + (base-floor)*(1+math.Cos(math.Pi*p))/2
	}
}

// EarlyStopping watches a validation metric and says when it has not
// improved for Patience epochs. Keep a Snapshot of the parameters whenever
// Observe reports an improvement and Restore it at the end.
type EarlyStopping struct {
	Patience int
	// Higher says whether larger metric values are better (AUC, accuracy)
	// or smaller (loss).
	Higher bool
	// MinDelta is the smallest change that counts as an improvement.
	MinDelta float64

	Best      float64
	BestEpoch int
	seen      bool
	bad       int
}

// Observe records the metric for an epoch; improved means this is the new
// best, stop means patience has run out.
func (s *EarlyStopping) Observe(epoch int, metric float64) (improved, stop bool) {
	better := !s.seen
	if s.seen {
		if s.Higher {
			better = metric > s.Best+s.MinDelta
		} else {
			better = metric < s.Best-s.MinDelta
		}
	}
	if better {
		s.Best, s.BestEpoch, s.seen, s.bad = metric, epoch, true, 0
		return true, false
	}
	s.bad++
	return false, s.bad >= s.Patience
}

// Snapshot copies the parameter values.
func Snapshot(ps []*Param) [][]float64 {
	out := make([][]float64, len(ps))
	for i, p := range ps {
		out[i] = slices.Clone(p.Value)
	}
	return out
}

// Restore copies a snapshot back into the parameters.
func Restore(ps []*Param, snap [][]float64) {
	for i, p := range ps {
		copy(p.Value, snap[i])
	}
}
