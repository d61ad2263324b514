package engine

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// GRU is a gated recurrent unit layer with PyTorch's equations and weight
// layout (gate order r, z, n; Wx is [3H, in], Wh is [3H, H]):
//
//	r = σ(Wx_r x + bx_r + Wh_r h + bh_r)
//	z = σ(Wx_z x + bx_z + Wh_z h + bh_z)
//	n = tanh(Wx_n x + bx_n + r ⊙ (Wh_n h + bh_n))
//	h' = (1 − z) ⊙ n + z ⊙ h
//
// Reverse runs from the last step to the first; with right padding it
// starts in the zero state at each example's last real token. The
// initial state is zero.
type GRU struct {
	Wx, Wh, Bx, Bh *Param
	Reverse        bool
	cache          []gruStep
	lengths        []int
}

type gruStep struct {
	x, hprev, r, z, n, ghn *mat.Dense
}

// NewGRU initialises weights from U(−1/√H, 1/√H), PyTorch's default.
// Parameters are named name+".weight_ih", ".weight_hh", ".bias_ih",
// ".bias_hh".
func NewGRU(rng *rand.Rand, name string, in, hidden int, reverse bool) *GRU {
	g := &GRU{
		Wx: NewParam(name+".weight_ih", 3*hidden, in), Wh: NewParam(name+".weight_hh", 3*hidden, hidden),
		Bx: NewParam(name+".bias_ih", 3*hidden), Bh: NewParam(name+".bias_hh", 3*hidden),
		Reverse: reverse,
	}
	a := 1 / math.Sqrt(float64(hidden))
	for _, p := range g.Params() {
		for i := range p.Value {
			p.Value[i] = (2*rng.Float64() - 1) * a
		}
	}
	return g
}

func (g *GRU) Hidden() int      { return g.Wh.Shape[1] }
func (g *GRU) In() int          { return g.Wx.Shape[1] }
func (g *GRU) Params() []*Param { return []*Param{g.Wx, g.Wh, g.Bx, g.Bh} }

// Forward runs the sequence and returns the hidden state at every step.
func (g *GRU) Forward(xs []*mat.Dense, lengths []int) []*mat.Dense {
	T, H := len(xs), g.Hidden()
	if T == 0 {
		return nil
	}
	B, _ := xs[0].Dims()
	if len(lengths) != B {
		panic("engine: GRU: lengths do not match the batch")
	}
	g.lengths = lengths
	g.cache = make([]gruStep, T)
	hs := make([]*mat.Dense, T)
	h := mat.NewDense(B, H, nil)
	for k := 0; k < T; k++ {
		t := k
		if g.Reverse {
			t = T - 1 - k
		}
		checkCols("GRU", xs[t], g.In())
		gx := affine(xs[t], g.Wx, g.Bx)
		gh := affine(h, g.Wh, g.Bh)
		st := gruStep{x: xs[t], hprev: h, r: mat.NewDense(B, H, nil), z: mat.NewDense(B, H, nil), n: mat.NewDense(B, H, nil), ghn: mat.NewDense(B, H, nil)}
		next := mat.NewDense(B, H, nil)
		for b := 0; b < B; b++ {
			gxr, ghr := gx.RawRowView(b), gh.RawRowView(b)
			hp, hn := h.RawRowView(b), next.RawRowView(b)
			if t >= lengths[b] {
				copy(hn, hp)
				continue
			}
			r, z, n, ghn := st.r.RawRowView(b), st.z.RawRowView(b), st.n.RawRowView(b), st.ghn.RawRowView(b)
			for j := 0; j < H; j++ {
				r[j] = Sigmoid(gxr[j] + ghr[j])
				z[j] = Sigmoid(gxr[H+j] + ghr[H+j])
				ghn[j] = ghr[2*H+j]
				n[j] = math.Tanh(gxr[2*H+j] + r[j]*ghn[j])
				hn[j] = (1-z[j])*n[j] + z[j]*hp[j]
			}
		}
		g.cache[t] = st
		hs[t] = next
		h = next
	}
	return hs
}

// Backward takes dL/dh at every step (nil entries mean zero) and returns
// dL/dx at every step, accumulating the parameter gradients.
func (g *GRU) Backward(dhs []*mat.Dense) []*mat.Dense {
	T, H := len(g.cache), g.Hidden()
	if T == 0 {
		return nil
	}
	B, _ := g.cache[0].x.Dims()
	dxs := make([]*mat.Dense, T)
	carry := mat.NewDense(B, H, nil)
	for k := T - 1; k >= 0; k-- {
		t := k
		if g.Reverse {
			t = T - 1 - k
		}
		st := g.cache[t]
		dh := carry
		if dhs[t] != nil {
			dh = mat.NewDense(B, H, nil)
			dh.Add(carry, dhs[t])
		}
		dgx := mat.NewDense(B, 3*H, nil)
		dgh := mat.NewDense(B, 3*H, nil)
		prev := mat.NewDense(B, H, nil)
		for b := 0; b < B; b++ {
			d, dp, hp := dh.RawRowView(b), prev.RawRowView(b), st.hprev.RawRowView(b)
			if t >= g.lengths[b] {
				copy(dp, d)
				continue
			}
			r, z, n, ghn := st.r.RawRowView(b), st.z.RawRowView(b), st.n.RawRowView(b), st.ghn.RawRowView(b)
			gx, gh := dgx.RawRowView(b), dgh.RawRowView(b)
			for j := 0; j < H; j++ {
				dn := d[j] * (1 - z[j])
				dz := d[j] * (hp[j] - n[j])
				dp[j] = d[j] * z[j]
				dan := dn * (1 - n[j]*n[j])
				gx[j] = dan * ghn[j] * r[j] * (1 - r[j])
				gh[j] = gx[j]
				gx[H+j] = dz * z[j] * (1 - z[j])
				gh[H+j] = gx[H+j]
				gx[2*H+j] = dan
				gh[2*H+j] = dan * r[j]
			}
		}
		gemmAcc(true, false, dgx, st.x, g.Wx.GradMat())
		gemmAcc(true, false, dgh, st.hprev, g.Wh.GradMat())
		colSumAcc(dgx, g.Bx.Grad)
		colSumAcc(dgh, g.Bh.Grad)
		dx := mat.NewDense(B, g.In(), nil)
		dx.Mul(dgx, g.Wx.Mat())
		dxs[t] = dx
		gemmAcc(false, false, dgh, g.Wh.Mat(), prev)
		carry = prev
	}
	return dxs
}

// affine returns x Wᵀ + b.
func affine(x *mat.Dense, w, b *Param) *mat.Dense {
	r, _ := x.Dims()
	y := mat.NewDense(r, w.Shape[0], nil)
	y.Mul(x, w.Mat().T())
	for i := 0; i < r; i++ {
		row := y.RawRowView(i)
		for j, v := range b.Value {
			row[j] += v
		}
	}
	return y
}

func colSumAcc(m *mat.Dense, dst []float64) {
	r, _ := m.Dims()
	for i := 0; i < r; i++ {
		for j, v := range m.RawRowView(i) {
			dst[j] += v
		}
	}
}

// BiGRU runs a forward and a reverse GRU and concatenates their states
// (forward first) into batch×2H steps.
type BiGRU struct {
	Fwd, Bwd *GRU
}

// NewBiGRU names the directions name+".fwd" and name+".bwd".
func NewBiGRU(rng *rand.Rand, name string, in, hidden int) *BiGRU {
	return &BiGRU{Fwd: NewGRU(rng, name+".fwd", in, hidden, false), Bwd: NewGRU(rng, name+".bwd", in, hidden, true)}
}

func (g *BiGRU) Params() []*Param { return append(g.Fwd.Params(), g.Bwd.Params()...) }

func (g *BiGRU) Forward(xs []*mat.Dense, lengths []int) []*mat.Dense {
	f, b := g.Fwd.Forward(xs, lengths), g.Bwd.Forward(xs, lengths)
	out := make([]*mat.Dense, len(xs))
	for t := range out {
		out[t] = concatCols(f[t], b[t])
	}
	return out
}

func (g *BiGRU) Backward(dhs []*mat.Dense) []*mat.Dense {
	H := g.Fwd.Hidden()
	df, db := make([]*mat.Dense, len(dhs)), make([]*mat.Dense, len(dhs))
	for t, d := range dhs {
		if d == nil {
			continue
		}
		r, _ := d.Dims()
		df[t] = mat.DenseCopyOf(d.Slice(0, r, 0, H))
		db[t] = mat.DenseCopyOf(d.Slice(0, r, H, 2*H))
	}
	xf, xb := g.Fwd.Backward(df), g.Bwd.Backward(db)
	for t := range xf {
		xf[t].Add(xf[t], xb[t])
	}
	return xf
}

func concatCols(a, b *mat.Dense) *mat.Dense {
	r, ca := a.Dims()
	_, cb := b.Dims()
	out := mat.NewDense(r, ca+cb, nil)
	for i := 0; i < r; i++ {
		row := out.RawRowView(i)
		copy(row, a.RawRowView(i))
		copy(row[ca:], b.RawRowView(i))
	}
	return out
}
