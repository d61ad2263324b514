package task

import (
	"math/rand/v2"
	"sort"
)

// NewRand returns the PCG generator every task uses, so that a seed means
// the same stream on every platform and Go release.
func NewRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// StratifiedSplit puts round(frac * n_c) rows of each stratum c into the
// validation part and the rest into training, shuffled with seed. Both
// returned index lists are sorted.
func StratifiedSplit(strata []int, frac float64, seed uint64) (train, val []int) {
	by := map[int][]int{}
	for i, s := range strata {
		by[s] = append(by[s], i)
	}
	keys := make([]int, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	rng := NewRand(seed, 1)
	for _, k := range keys {
		idx := by[k]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		nv := int(frac*float64(len(idx)) + 0.5)
		val = append(val, idx[:nv]...)
		train = append(train, idx[nv:]...)
	}
	sort.Ints(train)
	sort.Ints(val)
	return train, val
}

// StratifiedFolds assigns each row to one of k folds, balancing strata.
func StratifiedFolds(strata []int, k int, seed uint64) []int {
	by := map[int][]int{}
	for i, s := range strata {
		by[s] = append(by[s], i)
	}
	keys := make([]int, 0, len(by))
	for key := range by {
		keys = append(keys, key)
	}
	sort.Ints(keys)
	rng := NewRand(seed, 2)
	fold := make([]int, len(strata))
	next := 0
	for _, key := range keys {
		idx := by[key]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			fold[i] = next % k
			next++
		}
	}
	return fold
}
