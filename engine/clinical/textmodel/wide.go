package textmodel

import (
	"slices"
	"sort"

	"github.com/bedside-health/bedside/engine"

	"github.com/bedside-health/bedside/nlp"
)

// wideBranch turns a document's terms into a sparse TF-IDF bag of unigrams and,
// optionally, bigrams ("chest pain" as one feature): the classic text
// representation. It is the baseline on its own (with a linear layer: TF-IDF
// + logistic regression) and the wide branch of the neural models, whose
// logits it adds to those of the recurrent branch.
type wideBranch struct {
	Vocab   *nlp.Vocabulary // features; PAD and OOV ids are never used
	TFIDF   *engine.TFIDF   // over the vocabulary's ids; IDF 0 for PAD and OOV
	Bigrams bool
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

// buildWide keeps features found in at least minDF training documents, at
// most maxSize of them (the most frequent by document count, ties by the
// feature's bytes, so the result does not depend on map order), and
// computes smoothed IDF: ln((1+n)/(1+df)) + 1.
func buildWide(docs [][]string, minDF, maxSize int, bigrams bool) *wideBranch {
	sets := make([][]string, len(docs))
	for i, d := range docs {
		f := ngrams(d, bigrams)
		sort.Strings(f)
		sets[i] = slices.Compact(f)
	}
	// With each document's features deduplicated, the vocabulary's counts
	// are document frequencies.
	v := nlp.BuildVocabulary(sets, nlp.VocabOptions{MinCount: minDF, MaxSize: maxSize})
	w := &wideBranch{Vocab: v, Bigrams: bigrams}
	ids := make([][]int, len(sets))
	for i, s := range sets {
		ids[i] = w.known(s)
	}
	w.TFIDF = engine.FitTFIDF(ids, v.Len())
	return w
}

// known maps features to their ids, dropping those outside the vocabulary.
func (w *wideBranch) known(features []string) []int {
	var ids []int
	for _, f := range features {
		if id := w.Vocab.ID(f); id > nlp.OOVID {
			ids = append(ids, id)
		}
	}
	return ids
}

// Dim is the width of the bag (the vocabulary size, PAD and OOV included).
func (w *wideBranch) Dim() int { return w.Vocab.Len() }

// Bag returns the L2-normalised sublinear TF-IDF vector of terms. Unknown
// features are dropped; a document with none gives an empty vector.
func (w *wideBranch) Bag(terms []string) engine.Sparse {
	return w.TFIDF.Bag(w.known(ngrams(terms, w.Bigrams)))
}
