// Package textnet is the network of the text models: embedding → BiGRU →
// additive attention pooling → dropout → dense logits, built from the
// engine's layers, in float64 for training (Classifier) and float32 for
// inference (Classifier32). A file written by Save holds the tensors under
// the names in Shapes and the Config as JSON under clinical.MetaTextConfig.
package textnet

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/safetensors"
	"gonum.org/v1/gonum/mat"
)

// Config sizes a Classifier.
type Config struct {
	Vocab     int     `json:"vocab"`
	Embed     int     `json:"embed"`
	Hidden    int     `json:"hidden"`    // per direction
	Attention int     `json:"attention"` // attention width
	Classes   int     `json:"classes"`
	Pad       int     `json:"pad"`     // padding token id
	Dropout   float64 `json:"dropout"` // on the pooled context, training only
}

// Classifier is embedding → BiGRU → additive attention pooling →
// dropout → dense logits. Parameter names: "emb.weight",
// "rnn.fwd.*"/"rnn.bwd.*", "att.*", "out.*".
type Classifier struct {
	Config Config
	Emb    *engine.Embedding
	RNN    *engine.BiGRU
	Att    *engine.AttentionPool
	Drop   *engine.Dropout
	Out    *engine.Dense

	embedded []*mat.Dense
}

// New makes a classifier with random weights.
func New(rng *rand.Rand, c Config) *Classifier {
	return &Classifier{
		Config: c,
		Emb:    engine.NewEmbedding(rng, "emb", c.Vocab, c.Embed, c.Pad),
		RNN:    engine.NewBiGRU(rng, "rnn", c.Embed, c.Hidden),
		Att:    engine.NewAttentionPool(rng, "att", 2*c.Hidden, c.Attention),
		Drop:   engine.NewDropout(c.Dropout, rng.Uint64()),
		Out:    engine.NewDense(rng, "out", 2*c.Hidden, c.Classes, 1),
	}
}

func (m *Classifier) Params() []*engine.Param {
	ps := append(m.Emb.Params(), m.RNN.Params()...)
	ps = append(ps, m.Att.Params()...)
	return append(ps, m.Out.Params()...)
}

// Forward runs a batch of ragged token-id sequences (padded inside) and
// returns batch×classes logits and batch×T attention weights (T the
// longest sequence).
func (m *Classifier) Forward(seqs [][]int, train bool) (logits, attention *mat.Dense) {
	ids, lengths := engine.PadBatch(seqs, m.Config.Pad)
	m.embedded = m.Emb.Forward(ids)
	hs := m.RNN.Forward(m.embedded, lengths)
	ctx, attention := m.Att.Forward(hs, lengths)
	return m.Out.Forward(m.Drop.Forward(ctx, train), train), attention
}

// Backward takes dL/dlogits, accumulates every gradient and returns dL/d
// of each step's embedding (T matrices of batch×embed).
func (m *Classifier) Backward(dlogits *mat.Dense) []*mat.Dense {
	dctx := m.Drop.Backward(m.Out.Backward(dlogits))
	dembs := m.RNN.Backward(m.Att.Backward(dctx))
	m.Emb.Backward(dembs)
	return dembs
}

// Saliency is gradient×input per token for one sequence: Σ over the
// embedding of (dL/de)·e, where L is the logit of class. Positive values
// pushed towards the class.
func (m *Classifier) Saliency(seq []int, class int) []float64 {
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

// Save writes the weights (F32) with the config under clinical.MetaTextConfig plus extra
// metadata.
func (m *Classifier) Save(w io.Writer, meta map[string]string) error {
	c, _ := MarshalConfig(m.Config)
	all := map[string]string{clinical.MetaTextConfig: string(c)}
	for k, v := range meta {
		all[k] = v
	}
	return engine.SaveParams(w, m.Params(), all)
}

// ReadConfig reads and checks the Config that Save stored in f.
func ReadConfig(f *safetensors.File) (Config, error) {
	var c Config
	raw, ok := f.Metadata[clinical.MetaTextConfig]
	if !ok {
		return c, fmt.Errorf("textnet: weights file has no %q metadata: not written by Classifier.Save", clinical.MetaTextConfig)
	}
	if err := UnmarshalConfig([]byte(raw), &c); err != nil {
		return c, fmt.Errorf("textnet: bad %q metadata: %v", clinical.MetaTextConfig, err)
	}
	const limit = 1 << 22
	if c.Vocab <= 0 || c.Embed <= 0 || c.Hidden <= 0 || c.Attention <= 0 || c.Classes <= 0 ||
		c.Vocab > limit || c.Embed > 4096 || c.Hidden > 4096 || c.Attention > 4096 || c.Classes > limit ||
		c.Pad < -1 || c.Pad >= c.Vocab || !(c.Dropout >= 0 && c.Dropout < 1) {
		return c, fmt.Errorf("textnet: implausible text model config %+v", c)
	}
	return c, nil
}

// Load rebuilds the float64 model from a file written by
// Save (for saliency or fine-tuning).
func Load(f *safetensors.File) (*Classifier, error) {
	c, err := ReadConfig(f)
	if err != nil {
		return nil, err
	}
	// Check every tensor before allocating the model the file asks for, so
	// that a small hostile file cannot make us allocate a huge one.
	for name, shape := range Shapes(c) {
		if err := engine.HasShape(f, name, shape...); err != nil {
			return nil, err
		}
	}
	m := New(engine.NewRand(1), c)
	if err := engine.LoadParams(f, m.Params()); err != nil {
		return nil, err
	}
	return m, nil
}

// Shapes lists the parameter shapes of a Classifier by name.
func Shapes(c Config) map[string][]int {
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
