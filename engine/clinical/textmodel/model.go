package textmodel

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/textmodel/textnet"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/nlp"
)

// fileHeader is what a text model needs besides its tensors.
type fileHeader struct {
	Name        string   `json:"name"`
	Version     string   `json:"version"`
	Labels      []string `json:"labels"`
	Spec        string   `json:"spec"` // nlp pipeline
	Members     int      `json:"members"`
	MaxTokens   int      `json:"max_tokens"`
	MaxRunes    int      `json:"max_runes"`
	Bigrams     bool     `json:"bigrams"`
	Temperature float64  `json:"temperature"`
	// Uncertain below this calibrated top probability.
	MinConfidence float64 `json:"min_confidence"`
	// DropUnasserted removes findings that are negated, past,
	// hypothetical or someone else's before the classifier (see preprocessor).
	DropUnasserted bool `json:"drop_unasserted"`
}

// encode writes the trained model as a weights file. The bytes depend only
// on the arguments, so the same training gives the same file.
func encode(h fileHeader, f *featureSet, members []*trainedMember) ([]byte, error) {
	if len(members) == 0 {
		return nil, errors.New("textmodel: no members to save")
	}
	h.Members = len(members)
	h.MaxTokens = f.MaxTokens
	hj, err := marshalHeader(h)
	if err != nil {
		return nil, err
	}
	cfg, _ := textnet.MarshalConfig(members[0].Net.Config)
	vj, _ := f.Vocab.MarshalJSON()
	file := &safetensors.File{Metadata: map[string]string{
		clinical.MetaTextHeader: string(hj), clinical.MetaVocab: string(vj), clinical.MetaTextConfig: string(cfg),
	}}
	add := func(name string, shape []int, v []float64) {
		x := make([]float32, len(v))
		for i, a := range v {
			x[i] = float32(a)
		}
		file.Tensors = append(file.Tensors, safetensors.NewF32(name, shape, x))
	}
	if f.Wide != nil {
		wj, _ := f.Wide.Vocab.MarshalJSON()
		file.Metadata[clinical.MetaWideVocab] = string(wj)
		add("wide.idf", []int{f.Wide.TFIDF.Dim()}, f.Wide.TFIDF.IDF)
	}
	for k, m := range members {
		for _, p := range m.Params() {
			name := "m" + strconv.Itoa(k) + "." + p.Name
			if m.Int8 && int8Params[p.Name] {
				q, s := engine.QuantizeRows(name, p.Shape, slices.Clone(p.Value))
				file.Tensors = append(file.Tensors, q, s)
				continue
			}
			add(name, p.Shape, p.Value)
		}
	}
	var b bytes.Buffer
	if err := safetensors.Encode(&b, file); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type member32 struct {
	net          *textnet.Classifier32
	wideW, wideB []float32 // [classes, features], [classes]
}

// model is a loaded text model, ready to classify. It is safe for
// concurrent use (calls are serialised: the float32 networks reuse their
// buffers).
type model struct {
	fileHeader
	vocab   *nlp.Vocabulary
	wide    *wideBranch
	members []member32

	mu      sync.Mutex
	logits  []float32
	attn    []float32
	sumProb []float64
	sumAttn []float64
}

// result is one classification with what explains it.
type result struct {
	Probs     []float64  // calibrated, in label order
	Terms     []nlp.Term // the terms the recurrent branch read
	Attention []float64  // per term, averaged over members, sums to 1
	Known     int        // terms with their own vocabulary id
	IsKnown   []bool     // per term of Terms: has its own vocabulary id
}

// Classify runs the ensemble on a prepared text.
func (m *model) Classify(prep prepared) result {
	m.mu.Lock()
	defer m.mu.Unlock()
	docs := termTexts(prep.Terms)
	feat := featureSet{Vocab: m.vocab, Wide: m.wide, MaxTokens: m.MaxTokens}
	ids := feat.IDs(termTexts(prep.Read))
	read := prep.Read[:len(ids)]
	r := result{Terms: read}
	r.IsKnown = make([]bool, len(ids))
	for i, id := range ids {
		if id > nlp.OOVID {
			r.Known++
			r.IsKnown[i] = true
		}
	}
	if len(ids) == 0 {
		// The networks need a token; one unknown word gives the model's
		// answer for "nothing recognised", which is flagged uncertain.
		ids = []int{nlp.OOVID}
	}
	var bag engine.Sparse
	if m.wide != nil {
		bag = m.wide.Bag(docs)
	}
	if cap(m.attn) < len(ids) {
		m.attn = make([]float32, len(ids))
		m.sumAttn = make([]float64, len(ids))
	}
	attn, sumAttn := m.attn[:len(ids)], m.sumAttn[:len(ids)]
	clear(m.sumProb)
	clear(sumAttn)
	p := make([]float64, len(m.Labels))
	lg := make([]float64, len(m.Labels))
	for _, mb := range m.members {
		if err := mb.net.Logits(m.logits, attn, ids); err != nil {
			// ids come from our own vocabulary, so this is a bug
			panic(err)
		}
		for c := range lg {
			lg[c] = float64(m.logits[c])
			if mb.wideW != nil {
				w := mb.wideW[c*m.wide.Dim() : (c+1)*m.wide.Dim()]
				z := float64(mb.wideB[c])
				for q, j := range bag.Idx {
					z += float64(w[j]) * bag.Val[q]
				}
				lg[c] += z
			}
		}
		engine.SoftmaxTo(p, lg)
		for c := range p {
			m.sumProb[c] += p[c] / float64(len(m.members))
		}
		for t := range attn {
			sumAttn[t] += float64(attn[t]) / float64(len(m.members))
		}
	}
	for c, v := range m.sumProb {
		lg[c] = math.Log(math.Max(v, 1e-12)) / m.Temperature
	}
	r.Probs = make([]float64, len(lg))
	engine.SoftmaxTo(r.Probs, lg)
	if len(read) > 0 {
		r.Attention = append([]float64(nil), sumAttn[:len(read)]...)
	}
	return r
}

// Prediction turns a result into the JSON answer: every class, most likely
// first; attention per token of the text (terms made from one token, such
// as an expanded abbreviation, share its weight); and the uncertain flag
// with a note when the top probability is low or no word was recognised.
func (m *model) Prediction(text string, r result) *clinical.TextPrediction {
	p := &clinical.TextPrediction{Model: m.Name, Version: m.Version, Tokens: []clinical.TokenWeight{}, Findings: []nlp.Finding{}}
	for c, l := range m.Labels {
		p.Classes = append(p.Classes, clinical.ClassProb{Label: l, Prob: round6(r.Probs[c])})
	}
	sort.SliceStable(p.Classes, func(i, j int) bool { return p.Classes[i].Prob > p.Classes[j].Prob })
	for i, t := range r.Terms {
		known := i < len(r.IsKnown) && r.IsKnown[i]
		if n := len(p.Tokens); n > 0 && p.Tokens[n-1].ByteStart == t.ByteStart && p.Tokens[n-1].ByteEnd == t.ByteEnd {
			p.Tokens[n-1].Weight += r.Attention[i]
			p.Tokens[n-1].Known = p.Tokens[n-1].Known || known
			continue
		}
		p.Tokens = append(p.Tokens, clinical.TokenWeight{
			Span:   nlp.Span{Text: text[t.ByteStart:t.ByteEnd], Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd},
			Weight: r.Attention[i],
			Known:  known,
		})
	}
	for i := range p.Tokens {
		p.Tokens[i].Weight = round6(p.Tokens[i].Weight)
	}

	switch {
	case r.Known == 0:
		p.Uncertain = true
		p.Note = &clinical.Message{Code: clinical.MsgNoKnownWords}
	case p.Classes[0].Prob < m.MinConfidence:
		p.Uncertain = true
		p.Note = &clinical.Message{Code: clinical.MsgLowConfidence, Args: map[string]string{"prob": strconv.FormatFloat(p.Classes[0].Prob, 'g', 4, 64)}}
	case r.Known*3 < len(r.Terms):
		p.Uncertain = true
		p.Note = &clinical.Message{Code: clinical.MsgFewKnownWords}
	}
	return p
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
