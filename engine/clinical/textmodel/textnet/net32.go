package textnet

import (
	"fmt"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/engine/simd"
)

// Classifier32 is the float32 inference copy of a Classifier for
// one sequence at a time. Buffers grow to the longest sequence seen and are
// reused, so Forward allocates nothing in the steady state. Not safe for
// concurrent use.
type Classifier32 struct {
	Config   Config
	emb      []float32
	fwd, bwd gru32
	attW     []float32 // [A, 2H]
	attB     []float32
	attV     []float32
	outW     []float32 // [C, 2H]
	outB     []float32

	gx     []float32 // T×3H input projections of one direction
	hs     []float32 // T×2H states, forward half then reverse half
	gh     []float32 // 3H
	zero   []float32 // H zeros: the initial state
	u      []float32 // A
	ctx    []float32 // 2H
	scores []float32 // T
	idx    []int32   // T: which projection each step reads
}

// gru32 is one direction with, if enabled, its input projections cached
// per token.
type gru32 struct {
	engine.GRU32
	cache  []float32 // vocab×3H input projections
	filled []bool
}

// Load32 builds the inference model from a file written by
// Classifier.Save, checking every tensor's shape against the config.
func Load32(f *safetensors.File) (*Classifier32, error) {
	c, err := ReadConfig(f)
	if err != nil {
		return nil, err
	}
	m := &Classifier32{Config: c}
	H, D := c.Hidden, 2*c.Hidden
	if m.emb, err = engine.Weights32(f, "emb.weight", c.Vocab, c.Embed); err != nil {
		return nil, err
	}
	if m.fwd, err = loadGRU32(f, "rnn.fwd", c.Embed, H); err != nil {
		return nil, err
	}
	if m.bwd, err = loadGRU32(f, "rnn.bwd", c.Embed, H); err != nil {
		return nil, err
	}
	if m.attW, err = engine.Weights32(f, "att.weight", c.Attention, D); err != nil {
		return nil, err
	}
	if m.attB, err = engine.Weights32(f, "att.bias", c.Attention); err != nil {
		return nil, err
	}
	if m.attV, err = engine.Weights32(f, "att.v", c.Attention); err != nil {
		return nil, err
	}
	if m.outW, err = engine.Weights32(f, "out.weight", c.Classes, D); err != nil {
		return nil, err
	}
	if m.outB, err = engine.Weights32(f, "out.bias", c.Classes); err != nil {
		return nil, err
	}
	m.gh = make([]float32, 3*H)
	m.zero = make([]float32, H)
	m.u = make([]float32, c.Attention)
	m.ctx = make([]float32, D)
	return m, nil
}

func (m *Classifier32) grow(T int) {
	H := m.Config.Hidden
	if cap(m.scores) < T {
		m.gx = make([]float32, T*3*H)
		m.hs = make([]float32, T*2*H)
		m.scores = make([]float32, T)
		m.idx = make([]int32, T)
	}
}

// Forward writes class probabilities into probs (len Classes) and, if
// attention is not nil, the attention weight of each token into
// attention[:len(ids)]. Bad ids return an error; nothing panics on data.
func (m *Classifier32) Forward(probs, attention []float32, ids []int) error {
	if err := m.Logits(probs, attention, ids); err != nil {
		return err
	}
	engine.Softmax32(probs)
	return nil
}

// Logits is Forward without the final softmax.
func (m *Classifier32) Logits(logits, attention []float32, ids []int) error {
	c := m.Config
	T := len(ids)
	if T == 0 {
		return fmt.Errorf("textnet: text model needs at least one token")
	}
	if len(logits) != c.Classes {
		return fmt.Errorf("textnet: destination has %d entries for %d classes", len(logits), c.Classes)
	}
	if attention != nil && len(attention) < T {
		return fmt.Errorf("textnet: attention destination has %d entries for %d tokens", len(attention), T)
	}
	for i, id := range ids {
		if id < 0 || id >= c.Vocab {
			return fmt.Errorf("textnet: token %d has id %d outside the vocabulary of %d", i, id, c.Vocab)
		}
	}
	m.grow(T)
	H := c.Hidden
	m.runGRU(&m.fwd, ids, 0, false)
	m.runGRU(&m.bwd, ids, H, true)

	m.attend(T)
	if attention != nil {
		copy(attention, m.scores[:T])
	}
	engine.Gemv32(logits, m.outW, m.outB, m.ctx)
	return nil
}

// runGRU fills hs[t][off:off+H] for every t. Input projections for all
// steps are computed first (independent of the recurrence), leaving only
// the H×3H recurrent product inside the sequential loop.
func (m *Classifier32) runGRU(g *gru32, ids []int, off int, reverse bool) {
	T, H, E, D := len(ids), g.H, g.In, 2*g.H
	if g.cache == nil {
		for t, id := range ids {
			g.Project(m.gx[t*3*H:(t+1)*3*H], m.emb[id*E:(id+1)*E])
		}
	} else {
		for _, id := range ids {
			if !g.filled[id] {
				g.Project(g.cache[id*3*H:(id+1)*3*H], m.emb[id*E:(id+1)*E])
				g.filled[id] = true
			}
		}
	}
	idx, gx := m.idx[:T], m.gx
	if g.cache == nil {
		for t := range idx {
			idx[t] = int32(t)
		}
	} else {
		for t, id := range ids {
			idx[t] = int32(id)
		}
		gx = g.cache
	}
	// Shapes are the model's own, so an error here is a bug.
	if err := g.Run(m.hs[off:], D, gx, idx, m.zero, m.gh, reverse); err != nil {
		panic(err)
	}
}

// CacheInputProjections makes the model remember each token's GRU input
// projection (Wx·embedding + bx, both directions) the first time it sees
// the token, so later sequences skip about half of the recurrent layer's
// work. Outputs are bit-for-bit the same. It costs vocab×6×hidden float32s
// (12 MB for 8k words and hidden 64), allocated here once.
func (m *Classifier32) CacheInputProjections() {
	c := m.Config
	for _, g := range []*gru32{&m.fwd, &m.bwd} {
		if g.cache == nil {
			g.cache = make([]float32, c.Vocab*3*c.Hidden)
			g.filled = make([]bool, c.Vocab)
		}
	}
}

// attend pools the T states in hs into ctx, leaving the weights in scores.
// In js/wasm with SIMD128 the scores and the pooling are one engine/simd
// kernel call each (the pooling gives the same bits as the loop).
func (m *Classifier32) attend(T int) {
	D := 2 * m.Config.Hidden
	scores := m.scores[:T]
	if simd.Attention(scores, m.attW, m.attB, m.attV, m.hs[:T*D], m.u, D) == nil {
		engine.Softmax32(scores)
		if simd.Pool(m.ctx, scores, m.hs[:T*D]) == nil {
			return
		}
		m.pool(T)
		return
	}
	for t := 0; t < T; t++ {
		engine.Gemv32(m.u, m.attW, m.attB, m.hs[t*D:(t+1)*D])
		for j, v := range m.u {
			m.u[j] = engine.Tanh32(v)
		}
		scores[t] = engine.Dot32(m.attV, m.u)
	}
	engine.Softmax32(scores)
	m.pool(T)
}

func (m *Classifier32) pool(T int) {
	D := 2 * m.Config.Hidden
	clear(m.ctx)
	for t := 0; t < T; t++ {
		engine.Axpy32(m.scores[t], m.hs[t*D:(t+1)*D], m.ctx)
	}
}

func loadGRU32(f *safetensors.File, name string, in, h int) (gru32, error) {
	g, err := engine.LoadGRU32(f, name, in, h)
	return gru32{GRU32: g}, err
}
