package engine

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/bedside-health/bedside/engine/safetensors"
	"gonum.org/v1/gonum/mat"
)

// TextConfig sizes a TextClassifier.
type TextConfig struct {
	Vocab     int     `json:"vocab"`
	Embed     int     `json:"embed"`
	Hidden    int     `json:"hidden"`    // per direction
	Attention int     `json:"attention"` // attention width
	Classes   int     `json:"classes"`
	Pad       int     `json:"pad"`     // padding token id
	Dropout   float64 `json:"dropout"` // on the pooled context, training only
}

// MetaText is the metadata key under which TextClassifier.Save records its
// TextConfig as JSON.
const MetaText = "engine.text"

// TextClassifier is embedding → BiGRU → additive attention pooling →
// dropout → dense logits. Parameter names: "emb.weight",
// "rnn.fwd.*"/"rnn.bwd.*", "att.*", "out.*".
type TextClassifier struct {
	Config TextConfig
	Emb    *Embedding
	RNN    *BiGRU
	Att    *AttentionPool
	Drop   *Dropout
	Out    *Dense

	embedded []*mat.Dense
}

func NewTextClassifier(rng *rand.Rand, c TextConfig) *TextClassifier {
	return &TextClassifier{
		Config: c,
		Emb:    NewEmbedding(rng, "emb", c.Vocab, c.Embed, c.Pad),
		RNN:    NewBiGRU(rng, "rnn", c.Embed, c.Hidden),
		Att:    NewAttentionPool(rng, "att", 2*c.Hidden, c.Attention),
		Drop:   NewDropout(c.Dropout, rng.Uint64()),
		Out:    NewDense(rng, "out", 2*c.Hidden, c.Classes, 1),
	}
}

func (m *TextClassifier) Params() []*Param {
	ps := append(m.Emb.Params(), m.RNN.Params()...)
	ps = append(ps, m.Att.Params()...)
	return append(ps, m.Out.Params()...)
}

// Forward runs a batch of ragged token-id sequences (padded inside) and
// returns batch×classes logits and batch×T attention weights (T the
// longest sequence).
func (m *TextClassifier) Forward(seqs [][]int, train bool) (logits, attention *mat.Dense) {
	ids, lengths := PadBatch(seqs, m.Config.Pad)
	m.embedded = m.Emb.Forward(ids)
	hs := m.RNN.Forward(m.embedded, lengths)
	ctx, attention := m.Att.Forward(hs, lengths)
	return m.Out.Forward(m.Drop.Forward(ctx, train), train), attention
}

// Backward takes dL/dlogits, accumulates every gradient and returns dL/d
// of each step's embedding (T matrices of batch×embed).
func (m *TextClassifier) Backward(dlogits *mat.Dense) []*mat.Dense {
	dctx := m.Drop.Backward(m.Out.Backward(dlogits))
	dembs := m.RNN.Backward(m.Att.Backward(dctx))
	m.Emb.Backward(dembs)
	return dembs
}

// Saliency is gradient×input per token for one sequence: Σ over the
// embedding of (dL/de)·e, where L is the logit of class. Positive values
// pushed towards the class.
func (m *TextClassifier) Saliency(seq []int, class int) []float64 {
	m.Forward([][]int{seq}, false)
	d := mat.NewDense(1, m.Config.Classes, nil)
	d.Set(0, class, 1)
	saved := make([][]float64, len(m.Params()))
	for i, p := range m.Params() {
		saved[i] = append([]float64(nil), p.Grad...)
	}
	dembs := m.Backward(d)
	for i, p := range m.Params() { // an explanation must not disturb training state
		copy(p.Grad, saved[i])
	}
	out := make([]float64, len(seq))
	for t := range seq {
		g, e := dembs[t].RawRowView(0), m.embedded[t].RawRowView(0)
		for j := range g {
			out[t] += g[j] * e[j]
		}
	}
	return out
}

// Save writes the weights (F32) with the config under MetaText plus extra
// metadata.
func (m *TextClassifier) Save(w io.Writer, meta map[string]string) error {
	c, _ := json.Marshal(m.Config)
	all := map[string]string{MetaText: string(c)}
	for k, v := range meta {
		all[k] = v
	}
	return SaveParams(w, m.Params(), all)
}

func textConfig(f *safetensors.File) (TextConfig, error) {
	var c TextConfig
	raw, ok := f.Metadata[MetaText]
	if !ok {
		return c, fmt.Errorf("engine: weights file has no %q metadata: not written by TextClassifier.Save", MetaText)
	}
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return c, fmt.Errorf("engine: bad %q metadata: %v", MetaText, err)
	}
	const limit = 1 << 22
	if c.Vocab <= 0 || c.Embed <= 0 || c.Hidden <= 0 || c.Attention <= 0 || c.Classes <= 0 ||
		c.Vocab > limit || c.Embed > 4096 || c.Hidden > 4096 || c.Attention > 4096 || c.Classes > limit ||
		c.Pad < -1 || c.Pad >= c.Vocab || !(c.Dropout >= 0 && c.Dropout < 1) {
		return c, fmt.Errorf("engine: implausible text model config %+v", c)
	}
	return c, nil
}

// LoadTextClassifier rebuilds the float64 model from a file written by
// Save (for saliency or fine-tuning).
func LoadTextClassifier(f *safetensors.File) (*TextClassifier, error) {
	c, err := textConfig(f)
	if err != nil {
		return nil, err
	}
	// Check every tensor before allocating the model the file asks for, so
	// that a small hostile file cannot make us allocate a huge one.
	for name, shape := range textShapes(c) {
		if err := hasShape(f, name, shape...); err != nil {
			return nil, err
		}
	}
	m := NewTextClassifier(NewRand(1), c)
	if err := LoadParams(f, m.Params()); err != nil {
		return nil, err
	}
	return m, nil
}

// textShapes lists the parameter shapes of a TextClassifier by name.
func textShapes(c TextConfig) map[string][]int {
	H, D := c.Hidden, 2*c.Hidden
	m := map[string][]int{
		"emb.weight": {c.Vocab, c.Embed},
		"att.weight": {c.Attention, D}, "att.bias": {c.Attention}, "att.v": {c.Attention},
		"out.weight": {c.Classes, D}, "out.bias": {c.Classes},
	}
	for _, dir := range []string{"rnn.fwd", "rnn.bwd"} {
		m[dir+".weight_ih"] = []int{3 * H, c.Embed}
		m[dir+".weight_hh"] = []int{3 * H, H}
		m[dir+".bias_ih"] = []int{3 * H}
		m[dir+".bias_hh"] = []int{3 * H}
	}
	return m
}
