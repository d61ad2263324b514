package engine

import (
	"fmt"

	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/engine/simd"
)

// GRU32 is the float32 inference copy of one GRU direction, with PyTorch's
// gate order and tensor names (weight_ih, weight_hh, bias_ih, bias_hh).
// Step is split from the input projection so that a caller can compute the
// projections of a whole sequence up front, or cache them per token, and
// keep only the recurrent product inside its sequential loop.
type GRU32 struct {
	H, In          int
	Wx, Wh, Bx, Bh []float32
}

// LoadGRU32 reads the direction stored under name, checking every shape.
func LoadGRU32(f *safetensors.File, name string, in, h int) (g GRU32, err error) {
	g.H, g.In = h, in
	if g.Wx, err = Weights32(f, name+".weight_ih", 3*h, in); err != nil {
		return
	}
	if g.Wh, err = Weights32(f, name+".weight_hh", 3*h, h); err != nil {
		return
	}
	if g.Bx, err = Weights32(f, name+".bias_ih", 3*h); err != nil {
		return
	}
	g.Bh, err = Weights32(f, name+".bias_hh", 3*h)
	return
}

// Project writes the input projection Wx·x + bx (3H) into gx.
func (g *GRU32) Project(gx, x []float32) { Gemv32(gx, g.Wx, g.Bx, x) }

// Step computes one recurrence: out = GRU(h) given the input projection gx
// (3H) and scratch gh (3H).
func (g *GRU32) Step(out, gh, gx, h []float32) {
	H := g.H
	Gemv32(gh, g.Wh, g.Bh, h)
	for j := 0; j < H; j++ {
		r := Sigmoid32(gx[j] + gh[j])
		z := Sigmoid32(gx[H+j] + gh[H+j])
		n := Tanh32(gx[2*H+j] + r*gh[2*H+j])
		out[j] = (1-z)*n + z*h[j]
	}
}

// Run is the recurrent pass over T = len(idx) steps given the input
// projections: step t uses gx[idx[t]*3H:][:3H] (a per-step array with
// idx[t] = t, or a per-token cache with the token ids), starts from h0
// and writes its state to out[t*outStride:][:H]; reverse runs from the
// last step. scratch holds 3H floats. In js/wasm with SIMD128 the whole
// pass is one engine/simd kernel call; otherwise it is Step in a loop.
// Shapes that do not fit return an error before anything is written.
func (g *GRU32) Run(out []float32, outStride int, gx []float32, idx []int32, h0, scratch []float32, reverse bool) error {
	H, T := g.H, len(idx)
	if len(h0) < H || len(scratch) < 3*H || outStride < H || T > 0 && (T > 1 && outStride > len(out) || len(out) < (T-1)*outStride+H) {
		return fmt.Errorf("engine: GRU32.Run: %d steps of %d with stride %d into %d floats, h0 %d, scratch %d", T, H, outStride, len(out), len(h0), len(scratch))
	}
	for t, i := range idx {
		if i < 0 || (int(i)+1)*3*H > len(gx) {
			return fmt.Errorf("engine: GRU32.Run: step %d reads projection %d of %d", t, i, len(gx)/(3*H))
		}
	}
	if simd.GRU(g.Wh, g.Bh, gx, idx, h0, out, scratch, H, outStride, reverse) == nil {
		return nil
	}
	h := h0[:H]
	for k := 0; k < T; k++ {
		t := k
		if reverse {
			t = T - 1 - k
		}
		o := out[t*outStride : t*outStride+H]
		g.Step(o, scratch[:3*H], gx[int(idx[t])*3*H:][:3*H], h)
		h = o
	}
	return nil
}
