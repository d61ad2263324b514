package metrics

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Bootstrap returns the percentile 95% interval of stat over reps
// resamples (with replacement) of n rows, drawn from a PCG generator
// seeded with seed, so the interval is the same on every run. stat gets
// the resampled row indices; resamples where it is NaN (e.g. one class
// only) are dropped.
func Bootstrap(n, reps int, seed uint64, stat func(idx []int) float64) (lo, hi float64) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	vals := make([]float64, 0, reps)
	idx := make([]int, n)
	for r := 0; r < reps; r++ {
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		if v := stat(idx); !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(vals)
	return quantile(vals, 0.025), quantile(vals, 0.975)
}

// quantile interpolates linearly between order statistics of sorted v.
func quantile(v []float64, q float64) float64 {
	pos := q * float64(len(v)-1)
	i := int(pos)
	if i+1 >= len(v) {
		return v[len(v)-1]
	}
	f := pos - float64(i)
	return v[i]*(1-f) + v[i+1]*f
}
