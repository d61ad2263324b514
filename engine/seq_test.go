package engine

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randSteps(seed uint64, T, B, D int) []*mat.Dense {
	rng := NewRand(seed)
	xs := make([]*mat.Dense, T)
	for t := range xs {
		xs[t] = randDense(rng, B, D, 1)
	}
	return xs
}

func stepsLoss(ys, rs []*mat.Dense) float64 {
	var s float64
	for t := range ys {
		s += weightedSum(ys[t], rs[t])
	}
	return s
}

type seqLayer interface {
	Forward(xs []*mat.Dense, lengths []int) []*mat.Dense
	Backward(dys []*mat.Dense) []*mat.Dense
	Params() []*Param
}

// checkSeqLayer checks input and parameter gradients of a sequence layer on
// a padded batch (lengths 4, 2 and 0 of T=4: full, padded, empty).
func checkSeqLayer(t *testing.T, l seqLayer, in int) {
	t.Helper()
	xs := randSteps(3, 4, 3, in)
	lengths := []int{4, 2, 0}
	ys := l.Forward(xs, lengths)
	_, out := ys[0].Dims()
	rs := randSteps(4, 4, 3, out)
	ZeroGrad(l.Params())
	dxs := l.Backward(rs)
	loss := func() float64 { return stepsLoss(l.Forward(xs, lengths), rs) }
	for s := range xs {
		checkGrad(t, "input step", loss, xs[s].RawMatrix().Data, mat.DenseCopyOf(dxs[s]).RawMatrix().Data)
	}
	for _, p := range l.Params() {
		checkGrad(t, p.Name, loss, p.Value, append([]float64(nil), p.Grad...))
	}
}

func TestSequenceGradients(t *testing.T) {
	t.Run("a GRU's gradients match central differences on a padded batch", func(t *testing.T) {
		checkSeqLayer(t, NewGRU(NewRand(1), "g", 3, 4, false), 3)
	})
	t.Run("a reverse GRU's gradients match central differences on a padded batch", func(t *testing.T) {
		checkSeqLayer(t, NewGRU(NewRand(2), "g", 3, 4, true), 3)
	})
	t.Run("a bidirectional GRU's gradients match central differences", func(t *testing.T) {
		checkSeqLayer(t, NewBiGRU(NewRand(3), "bi", 3, 2), 3)
	})
	t.Run("attention pooling's gradients match central differences", func(t *testing.T) {
		a := NewAttentionPool(NewRand(4), "att", 5, 3)
		hs := randSteps(5, 4, 3, 5)
		lengths := []int{4, 2, 1}
		r := randDense(NewRand(6), 3, 5, 1)
		loss := func() float64 { c, _ := a.Forward(hs, lengths); return weightedSum(c, r) }
		a.Forward(hs, lengths)
		ZeroGrad(a.Params())
		dhs := a.Backward(r)
		for s := range hs {
			checkGrad(t, "input step", loss, hs[s].RawMatrix().Data, mat.DenseCopyOf(dhs[s]).RawMatrix().Data)
		}
		for _, p := range a.Params() {
			checkGrad(t, p.Name, loss, p.Value, append([]float64(nil), p.Grad...))
		}
	})
	t.Run("attention weights are a distribution over real tokens only", func(t *testing.T) {
		a := NewAttentionPool(NewRand(4), "att", 5, 3)
		_, al := a.Forward(randSteps(5, 4, 3, 5), []int{4, 2, 0})
		for b, n := range []int{4, 2, 0} {
			var s float64
			for t2 := 0; t2 < 4; t2++ {
				v := al.At(b, t2)
				if t2 >= n && v != 0 {
					t.Errorf("row %d: padding step %d has weight %v", b, t2, v)
				}
				s += v
			}
			if want := map[bool]float64{true: 1, false: 0}[n > 0]; s < want-1e-12 || s > want+1e-12 {
				t.Errorf("row %d: weights sum to %v", b, s)
			}
		}
	})
	t.Run("an embedding's gradient matches central differences and skips padding", func(t *testing.T) {
		e := NewEmbedding(NewRand(8), "emb", 6, 3, 0)
		ids := [][]int{{1, 2, 5}, {3, 0, 0}}
		rs := randSteps(9, 3, 2, 3)
		ZeroGrad(e.Params())
		e.Forward(ids)
		e.Backward(rs)
		grad := append([]float64(nil), e.W.Grad...)
		for _, v := range grad[:3] {
			if v != 0 {
				t.Fatal("the padding row received gradient")
			}
		}
		// Numerically the pad row does affect the loss, so check rows 1..5.
		loss := func() float64 { return stepsLoss(e.Forward(ids), rs) }
		checkGrad(t, "emb.weight", loss, e.W.Value[3:], grad[3:])
	})
}

func TestPadBatch(t *testing.T) {
	ids, n := PadBatch([][]int{{4, 5, 6}, {7}, {}}, 0)
	if len(ids[1]) != 3 || ids[1][1] != 0 || n[0] != 3 || n[1] != 1 || n[2] != 0 {
		t.Fatalf("%v %v", ids, n)
	}
}
