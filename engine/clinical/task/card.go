package task

import (
	"math"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/metrics"
)

// BootstrapReps is the number of resamples behind every card interval.
const BootstrapReps = 1000

// MeasureCI computes stat on all n validation rows and its percentile 95%
// bootstrap interval (BootstrapReps resamples seeded by seed), rounded to
// four decimals so that cards stay readable and byte-stable.
func MeasureCI(name string, n int, split string, seed uint64, stat func(idx []int) float64) clinical.Metric {
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	lo, hi := metrics.Bootstrap(n, BootstrapReps, seed, stat)
	return clinical.Metric{Name: name, Value: Round4(stat(all)), Low: Round4(lo), High: Round4(hi), Split: split, N: n}
}

// Round4 rounds to four decimals (NaN becomes -1: JSON has no NaN).
func Round4(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return -1
	}
	return math.Round(v*1e4) / 1e4
}
