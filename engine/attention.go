package engine

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// AttentionPool is additive (Bahdanau-style) attention pooling over the
// steps of a sequence:
//
//	uₜ = tanh(W hₜ + b),  sₜ = v·uₜ,  α = softmax over real steps of s,
//	context = Σₜ αₜ hₜ
//
// The weights α are returned with the context: they say which tokens the
// model attended to, one ingredient of the text models' explanations.
// Padding steps get weight 0; an example of length 0 gets a zero context.
type AttentionPool struct {
	W, B, V *Param
	hs      []*mat.Dense
	us      []*mat.Dense
	alpha   *mat.Dense
	lengths []int
}

// NewAttentionPool makes parameters name+".weight" [attn, in],
// name+".bias" [attn] and name+".v" [attn].
func NewAttentionPool(rng *rand.Rand, name string, in, attn int) *AttentionPool {
	a := &AttentionPool{W: NewParam(name+".weight", attn, in), B: NewParam(name+".bias", attn), V: NewParam(name+".v", attn)}
	initUniform(rng, a.W, in, attn, 1)
	initUniform(rng, a.V, attn, 1, 1)
	return a
}

func (a *AttentionPool) Params() []*Param { return []*Param{a.W, a.B, a.V} }

// Forward returns the batch×in context and the batch×T attention weights.
func (a *AttentionPool) Forward(hs []*mat.Dense, lengths []int) (ctx, alpha *mat.Dense) {
	T := len(hs)
	B, D := hs[0].Dims()
	a.hs, a.lengths = hs, lengths
	a.us = make([]*mat.Dense, T)
	alpha = mat.NewDense(B, T, nil)
	for t, h := range hs {
		u := affine(h, a.W, a.B)
		u.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, u)
		a.us[t] = u
		for b := 0; b < B; b++ {
			var s float64
			for j, v := range u.RawRowView(b) {
				s += v * a.V.Value[j]
			}
			alpha.Set(b, t, s)
		}
	}
	ctx = mat.NewDense(B, D, nil)
	for b := 0; b < B; b++ {
		row := alpha.RawRowView(b)
		n := min(lengths[b], T)
		SoftmaxTo(row[:n], row[:n])
		clear(row[n:])
		c := ctx.RawRowView(b)
		for t := 0; t < n; t++ {
			for j, v := range hs[t].RawRowView(b) {
				c[j] += row[t] * v
			}
		}
	}
	a.alpha = alpha
	return ctx, alpha
}

// Backward takes dL/dcontext and returns dL/dh for every step.
func (a *AttentionPool) Backward(dctx *mat.Dense) []*mat.Dense {
	T := len(a.hs)
	B, D := a.hs[0].Dims()
	dhs := make([]*mat.Dense, T)
	for t := range dhs {
		dhs[t] = mat.NewDense(B, D, nil)
	}
	ds := mat.NewDense(B, T, nil)
	for b := 0; b < B; b++ {
		dc, al, dsr := dctx.RawRowView(b), a.alpha.RawRowView(b), ds.RawRowView(b)
		n := min(a.lengths[b], T)
		var mean float64
		for t := 0; t < n; t++ {
			h, dh := a.hs[t].RawRowView(b), dhs[t].RawRowView(b)
			var da float64
			for j := 0; j < D; j++ {
				da += dc[j] * h[j]
				dh[j] += al[t] * dc[j]
			}
			dsr[t] = da
			mean += al[t] * da
		}
		for t := 0; t < n; t++ {
			dsr[t] = al[t] * (dsr[t] - mean)
		}
	}
	A := a.V.Shape[0]
	for t := 0; t < T; t++ {
		u := a.us[t]
		du := mat.NewDense(B, A, nil)
		for b := 0; b < B; b++ {
			s := ds.At(b, t)
			ur, dr := u.RawRowView(b), du.RawRowView(b)
			for j := 0; j < A; j++ {
				a.V.Grad[j] += s * ur[j]
				dr[j] = s * a.V.Value[j] * (1 - ur[j]*ur[j])
			}
		}
		gemmAcc(true, false, du, a.hs[t], a.W.GradMat())
		colSumAcc(du, a.B.Grad)
		gemmAcc(false, false, du, a.W.Mat(), dhs[t])
	}
	return dhs
}
