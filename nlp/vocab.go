package nlp

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/bedside-health/bedside/nlp/jsonval"
)

// Reserved ids of every Vocabulary.
const (
	PadID = 0 // padding, so batches of different lengths line up
	OOVID = 1 // any term not in the vocabulary
)

// Reserved terms; they cannot collide with pipeline output because the
// tokenizer never produces "<" and ">" inside a word.
const (
	PadTerm = "<pad>"
	OOVTerm = "<unk>"
)

// VocabOptions limits what BuildVocabulary keeps.
type VocabOptions struct {
	MinCount int // drop terms seen fewer times in the corpus (<= 1 keeps all)
	MaxSize  int // keep at most this many ids including PAD and OOV (0: no limit)
	// MaxDocFraction drops terms that appear in more than this fraction of
	// the documents (0: no cut); a cheap stopword list learned from the data.
	MaxDocFraction float64
}

// Vocabulary maps terms to dense ids. Ids are stable: PAD is 0, OOV is 1,
// then terms by decreasing count, ties broken by the term's bytes, so the
// same corpus always gives the same ids.
type Vocabulary struct {
	terms []string
	ids   map[string]int
}

// BuildVocabulary counts the terms of docs (each a list of terms, e.g.
// Pipeline.Strings of one text) and keeps those opts allows.
func BuildVocabulary(docs [][]string, opts VocabOptions) *Vocabulary {
	count := map[string]int{}
	docFreq := map[string]int{}
	seen := map[string]bool{}
	for _, d := range docs {
		clear(seen)
		for _, t := range d {
			count[t]++
			if !seen[t] {
				seen[t] = true
				docFreq[t]++
			}
		}
	}
	type tc struct {
		t string
		c int
	}
	var keep []tc
	for t, c := range count {
		if t == PadTerm || t == OOVTerm || c < opts.MinCount {
			continue
		}
		if opts.MaxDocFraction > 0 && len(docs) > 0 && float64(docFreq[t]) > opts.MaxDocFraction*float64(len(docs)) {
			continue
		}
		keep = append(keep, tc{t, c})
	}
	sort.Slice(keep, func(i, j int) bool {
		if keep[i].c != keep[j].c {
			return keep[i].c > keep[j].c
		}
		return keep[i].t < keep[j].t
	})
	if opts.MaxSize > 2 && len(keep) > opts.MaxSize-2 {
		keep = keep[:opts.MaxSize-2]
	}
	terms := make([]string, 0, len(keep)+2)
	terms = append(terms, PadTerm, OOVTerm)
	for _, k := range keep {
		terms = append(terms, k.t)
	}
	v, _ := newVocabulary(terms)
	return v
}

func newVocabulary(terms []string) (*Vocabulary, error) {
	if len(terms) < 2 || terms[PadID] != PadTerm || terms[OOVID] != OOVTerm {
		return nil, fmt.Errorf("nlp: vocabulary must start with %q and %q", PadTerm, OOVTerm)
	}
	ids := make(map[string]int, len(terms))
	for i, t := range terms {
		if _, dup := ids[t]; dup {
			return nil, fmt.Errorf("nlp: vocabulary lists %q twice (ids %d and %d)", t, ids[t], i)
		}
		ids[t] = i
	}
	return &Vocabulary{terms: terms, ids: ids}, nil
}

// Len is the number of ids, PAD and OOV included: the embedding table's rows.
func (v *Vocabulary) Len() int { return len(v.terms) }

// ID returns the id of term, OOVID if it is unknown.
func (v *Vocabulary) ID(term string) int {
	if id, ok := v.ids[term]; ok {
		return id
	}
	return OOVID
}

// Has reports whether term has its own id.
func (v *Vocabulary) Has(term string) bool {
	_, ok := v.ids[term]
	return ok
}

// IDs maps terms to ids.
func (v *Vocabulary) IDs(terms []string) []int {
	out := make([]int, len(terms))
	for i, t := range terms {
		out[i] = v.ID(t)
	}
	return out
}

// Term returns the term of id, OOVTerm for an id out of range.
func (v *Vocabulary) Term(id int) string {
	if id < 0 || id >= len(v.terms) {
		return OOVTerm
	}
	return v.terms[id]
}

// Terms returns the terms in id order (a copy).
func (v *Vocabulary) Terms() []string { return append([]string(nil), v.terms...) }

// vocabJSON is the serialised form: {"version":1,"terms":["<pad>","<unk>",...]}.
// It is small and plain so that it fits in a safetensors __metadata__ value
// (a JSON string) next to the weights it indexes.
type vocabJSON struct {
	Version int      `json:"version"`
	Terms   []string `json:"terms"`
}

// MarshalJSON writes the vocabulary as {"version":1,"terms":[...]} in id
// order: what json.Marshal wrote for a vocabJSON, without reflection (the
// inference worker links no encoding/json, issue 15).
func (v *Vocabulary) MarshalJSON() ([]byte, error) {
	return marshalVocab(vocabJSON{Version: 1, Terms: v.terms}), nil
}

func marshalVocab(j vocabJSON) []byte {
	b := strconv.AppendInt([]byte(`{"version":`), int64(j.Version), 10)
	b = append(b, `,"terms":`...)
	return append(jsonval.AppendStrings(b, j.Terms), '}')
}

// unmarshalVocab decodes b into *j as json.Unmarshal(b, j) does.
func unmarshalVocab(b []byte, j *vocabJSON) error {
	v, err := jsonval.Parse(b)
	if err != nil {
		return err
	}
	return jsonval.DecodeStruct(v, "nlp.vocabJSON", "vocabJSON", false,
		jsonval.Field{Name: "version", Decode: func(v jsonval.Value) error { return v.DecodeInt(&j.Version) }},
		jsonval.Field{Name: "terms", Decode: func(v jsonval.Value) error { return v.DecodeStrings(&j.Terms) }})
}

// UnmarshalJSON reads what MarshalJSON wrote and checks it.
func (v *Vocabulary) UnmarshalJSON(b []byte) error {
	var j vocabJSON
	if err := unmarshalVocab(b, &j); err != nil {
		return fmt.Errorf("nlp: vocabulary: %w", err)
	}
	if j.Version != 1 {
		return fmt.Errorf("nlp: vocabulary version %d, want 1", j.Version)
	}
	nv, err := newVocabulary(j.Terms)
	if err != nil {
		return err
	}
	*v = *nv
	return nil
}

// MarshalBinary is MarshalJSON, so a Vocabulary can be stored anywhere bytes go.
func (v *Vocabulary) MarshalBinary() ([]byte, error) { return v.MarshalJSON() }

// UnmarshalBinary is UnmarshalJSON.
func (v *Vocabulary) UnmarshalBinary(b []byte) error { return v.UnmarshalJSON(b) }

// ParseVocabulary reads a vocabulary written by MarshalJSON.
func ParseVocabulary(b []byte) (*Vocabulary, error) {
	v := new(Vocabulary)
	if err := v.UnmarshalJSON(b); err != nil {
		return nil, err
	}
	return v, nil
}
