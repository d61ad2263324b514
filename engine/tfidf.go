package engine

import (
	"math"
	"slices"
	"sort"
)

// TFIDF weighs bags of integer feature ids: sublinear term frequency times
// smoothed inverse document frequency, L2-normalised. With a linear layer
// on top it is the classic TF-IDF + logistic regression baseline.
type TFIDF struct {
	// IDF per feature id: ln((1+n)/(1+df)) + 1 over the n fitting
	// documents, and 0 for an id in none of them (not a feature).
	IDF []float64
}

// FitTFIDF counts in how many of docs each id in [0, dim) appears.
func FitTFIDF(docs [][]int, dim int) *TFIDF {
	df := make([]int, dim)
	for _, d := range docs {
		ids := slices.Clone(d)
		slices.Sort(ids)
		for i, id := range ids {
			if i == 0 || id != ids[i-1] {
				df[id]++
			}
		}
	}
	idf := make([]float64, dim)
	n := float64(len(docs))
	for id, k := range df {
		if k > 0 {
			idf[id] = math.Log((1+n)/(1+float64(k))) + 1
		}
	}
	return &TFIDF{IDF: idf}
}

// Dim is the width of the vectors Bag returns.
func (t *TFIDF) Dim() int { return len(t.IDF) }

// Bag returns the L2-normalised vector of a document's ids, with repeats:
// (1 + ln tf) · idf per distinct id, ids ascending. Ids outside [0, Dim)
// are a programming error and panic; a document with no ids, or only ids
// of IDF 0, gives a vector of zero norm left unscaled.
func (t *TFIDF) Bag(ids []int) Sparse {
	tf := map[int]float64{}
	for _, id := range ids {
		tf[id]++
	}
	var s Sparse
	for id := range tf {
		s.Idx = append(s.Idx, id)
	}
	sort.Ints(s.Idx)
	var norm float64
	s.Val = make([]float64, len(s.Idx))
	for i, id := range s.Idx {
		v := (1 + math.Log(tf[id])) * t.IDF[id]
		s.Val[i] = v
		norm += v * v
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range s.Val {
			s.Val[i] /= norm
		}
	}
	return s
}
