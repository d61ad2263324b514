package engine

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Sequences are batches of right-padded token sequences: a slice of T
// step matrices, each batch×features, plus each example's true length.
// Steps at or past an example's length are padding: recurrent layers carry
// their state through them unchanged and attention gives them weight 0.

// Embedding maps token ids to rows of a [vocab, dim] table. The row of the
// padding id is zero and receives no gradient, so padding contributes
// nothing.
type Embedding struct {
	W   *Param
	Pad int
	ids [][]int
}

// NewEmbedding initialises the table from N(0, 0.1²) (pad row zero); pad
// may be -1 for no padding id.
func NewEmbedding(rng *rand.Rand, name string, vocab, dim, pad int) *Embedding {
	e := &Embedding{W: NewParam(name+".weight", vocab, dim), Pad: pad}
	for i := range e.W.Value {
		e.W.Value[i] = 0.1 * rng.NormFloat64()
	}
	if pad >= 0 {
		clear(e.W.Value[pad*dim : (pad+1)*dim])
	}
	return e
}

func (e *Embedding) Vocab() int { return e.W.Shape[0] }
func (e *Embedding) Dim() int   { return e.W.Shape[1] }

// Forward looks up a padded batch (ids[b][t], every row of the same
// length T) and returns T step matrices of batch×dim.
func (e *Embedding) Forward(ids [][]int) []*mat.Dense {
	e.ids = ids
	if len(ids) == 0 {
		return nil
	}
	T, d := len(ids[0]), e.Dim()
	steps := make([]*mat.Dense, T)
	for t := range steps {
		steps[t] = mat.NewDense(len(ids), d, nil)
		for b, row := range ids {
			if len(row) != T {
				panic("engine: Embedding: ragged batch; pad it (PadBatch)")
			}
			id := row[t]
			if id < 0 || id >= e.Vocab() {
				panic(fmt.Sprintf("engine: Embedding: id %d outside vocabulary of %d", id, e.Vocab()))
			}
			copy(steps[t].RawRowView(b), e.W.Value[id*d:(id+1)*d])
		}
	}
	return steps
}

// Backward adds the step gradients into the rows of the looked-up ids.
func (e *Embedding) Backward(dsteps []*mat.Dense) {
	d := e.Dim()
	for t, g := range dsteps {
		for b, row := range e.ids {
			id := row[t]
			if id == e.Pad {
				continue
			}
			dst := e.W.Grad[id*d : (id+1)*d]
			for j, v := range g.RawRowView(b) {
				dst[j] += v
			}
		}
	}
}

func (e *Embedding) Params() []*Param { return []*Param{e.W} }

// PadBatch right-pads ragged sequences with pad to the longest length and
// returns the padded ids and the true lengths.
func PadBatch(seqs [][]int, pad int) (ids [][]int, lengths []int) {
	T := 0
	for _, s := range seqs {
		T = max(T, len(s))
	}
	ids = make([][]int, len(seqs))
	lengths = make([]int, len(seqs))
	for b, s := range seqs {
		row := make([]int, T)
		n := copy(row, s)
		for t := n; t < T; t++ {
			row[t] = pad
		}
		ids[b], lengths[b] = row, len(s)
	}
	return ids, lengths
}
