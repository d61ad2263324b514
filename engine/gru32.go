package engine

import "github.com/bedside-health/bedside/engine/safetensors"

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
