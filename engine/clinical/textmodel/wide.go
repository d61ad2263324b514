package textmodel

import (
	"math"
	"sort"

	"github.com/bedside-health/bedside/nlp"
)

// Wide turns a document's terms into a sparse TF-IDF bag of unigrams and,
// optionally, bigrams ("chest pain" as one feature): the classic text
// representation. It is the baseline on its own (with a linear layer: TF-IDF
// + logistic regression) and the wide branch of the neural models, whose
// logits it adds to those of the recurrent branch.
type Wide struct {
	Vocab   *nlp.Vocabulary // features; PAD and OOV ids are never used
	IDF     []float64       // per feature id; 0 for PAD and OOV
	Bigrams bool
}

// Sparse is a sparse vector: parallel ids (ascending) and values.
type Sparse struct {
	Idx []int
	Val []float64
}

// features lists the feature strings of a document, with repeats.
func (w *Wide) features(terms []string) []string {
	return ngrams(terms, w.Bigrams)
}

func ngrams(terms []string, bigrams bool) []string {
	out := append([]string(nil), terms...)
	if bigrams {
		for i := 0; i+1 < len(terms); i++ {
			out = append(out, terms[i]+" "+terms[i+1])
		}
	}
	return out
}

// BuildWide keeps features found in at least minDF training documents, at
// most maxSize of them (the most frequent by document count, ties by the
// feature's bytes, so the result does not depend on map order), and
// computes smoothed IDF: ln((1+n)/(1+df)) + 1.
func BuildWide(docs [][]string, minDF, maxSize int, bigrams bool) *Wide {
	sets := make([][]string, len(docs))
	for i, d := range docs {
		f := ngrams(d, bigrams)
		sort.Strings(f)
		sets[i] = compactStrings(f)
	}
	// With each document's features deduplicated, the vocabulary's counts
	// are document frequencies.
	v := nlp.BuildVocabulary(sets, nlp.VocabOptions{MinCount: minDF, MaxSize: maxSize})
	df := make([]int, v.Len())
	for _, s := range sets {
		for _, f := range s {
			if id := v.ID(f); id > nlp.OOVID {
				df[id]++
			}
		}
	}
	idf := make([]float64, v.Len())
	n := float64(len(docs))
	for id := nlp.OOVID + 1; id < v.Len(); id++ {
		idf[id] = math.Log((1+n)/(1+float64(df[id]))) + 1
	}
	return &Wide{Vocab: v, IDF: idf, Bigrams: bigrams}
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Dim is the width of the bag (the vocabulary size, PAD and OOV included).
func (w *Wide) Dim() int { return w.Vocab.Len() }

// Bag returns the L2-normalised sublinear TF-IDF vector of terms. Unknown
// features are dropped; a document with none gives an empty vector.
func (w *Wide) Bag(terms []string) Sparse {
	tf := map[int]float64{}
	for _, f := range w.features(terms) {
		if id := w.Vocab.ID(f); id > nlp.OOVID {
			tf[id]++
		}
	}
	var s Sparse
	for id := range tf {
		s.Idx = append(s.Idx, id)
	}
	sort.Ints(s.Idx)
	var norm float64
	s.Val = make([]float64, len(s.Idx))
	for i, id := range s.Idx {
		v := (1 + math.Log(tf[id])) * w.IDF[id]
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
