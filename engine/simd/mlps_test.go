package simd_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/engine/simd"
)

// randomMLP is a network in -> h1 -> ReLU -> h2 -> ReLU -> 1 with random
// weights (biases too, so that the ReLU patterns vary along a path), as
// engine.MLP32 loads it from a weights file, and its weights for NewMLPs.
func randomMLP(t testing.TB, seed uint64, in, h1, h2 int) (*engine.MLP32, simd.MLPWeights) {
	t.Helper()
	specs := []engine.LayerSpec{
		{Kind: "dense", Name: "d0", In: in, Out: h1}, {Kind: "relu"},
		{Kind: "dense", Name: "d1", In: h1, Out: h2}, {Kind: "relu"},
		{Kind: "dense", Name: "d2", In: h2, Out: 1},
	}
	s, err := engine.NewSequential(specs, seed)
	if err != nil {
		t.Fatal(err)
	}
	rng := engine.NewRand(seed)
	for _, p := range s.Params() {
		for i := range p.Value {
			p.Value[i] = (2*rng.Float64() - 1) / math.Sqrt(float64(p.Shape[len(p.Shape)-1]))
		}
	}
	var buf bytes.Buffer
	if err := s.Save(&buf, nil); err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	m, err := engine.LoadMLP32(f)
	if err != nil {
		t.Fatal(err)
	}
	l := m.Layers
	return m, simd.MLPWeights{W0: l[0].W, B0: l[0].B, W1: l[1].W, B1: l[1].B, W2: l[2].W, B2: l[2].B}
}

// The ensemble kernels against engine.MLP32 member by member: outputs
// within 1e-6 of the size of the terms, attributions within 1e-6 of the
// largest one (the shipped models are checked the same way in
// engine/clinical/risk).
func TestMLPsMatchGo(t *testing.T) {
	for _, c := range []struct{ in, h1, h2, members, steps int }{
		{13, 58, 42, 25, 16}, {10, 32, 16, 25, 16}, {1, 1, 1, 1, 1}, {5, 3, 1, 3, 7}, {7, 9, 6, 4, 32}, {30, 64, 64, 2, 16}, {4, 17, 5, 5, 3},
	} {
		t.Run(fmt.Sprintf("%d members of %d -> %d -> %d -> 1 over %d steps agree with the Go path", c.members, c.in, c.h1, c.h2, c.steps), func(t *testing.T) {
			var nets []*engine.MLP32
			var ws []simd.MLPWeights
			for k := 0; k < c.members; k++ {
				m, w := randomMLP(t, uint64(1000*c.in+10*k+c.h2), c.in, c.h1, c.h2)
				nets, ws = append(nets, m), append(ws, w)
			}
			e, err := simd.NewMLPs(c.in, c.h1, c.h2, ws)
			if err != nil {
				t.Fatal(err)
			}
			worst := 0.0
			for trial := 0; trial < 4; trial++ {
				x := randSlice(uint64(trial*7+c.in), c.in, 2)
				base := randSlice(uint64(trial*11+c.h1), c.in, 0.5)
				want := make([]float32, c.members)
				wantIG := make([]float64, c.in)
				goPath(func() {
					var o [1]float32
					for k, m := range nets {
						want[k] = m.Forward(o[:], x)[0]
						m.PathGrad(wantIG, base, x, c.steps, 0)
					}
				})
				got := make([]float32, c.members)
				err := e.Forward(got, x)
				checkRan(t, err)
				gotIG := make([]float64, c.in)
				errIG := e.PathGrad(gotIG, base, x, c.steps)
				checkRan(t, errIG)
				if err != nil || errIG != nil {
					return
				}
				for k := range want {
					// the output's scale: the weights times the activations are at most a few units here
					if e := relErr(got[k], want[k], float32(math.Max(1, math.Abs(float64(want[k]))))); e > 1e-6 {
						t.Fatalf("trial %d member %d: output %v, Go %v (relative error %.2g)", trial, k, got[k], want[k], e)
					}
				}
				scale := 1e-30
				for _, v := range wantIG {
					scale = math.Max(scale, math.Abs(v))
				}
				for i := range wantIG {
					e := math.Abs(gotIG[i]-wantIG[i]) / scale
					if e > 1e-6 {
						t.Fatalf("trial %d input %d: gradient sum %v, Go %v (relative error %.2g)", trial, i, gotIG[i], wantIG[i], e)
					}
					worst = math.Max(worst, e)
				}
			}
			t.Logf("largest relative error of the gradient sums: %.2g", worst)
		})
	}
}

func TestMLPsRefuseBadShapes(t *testing.T) {
	_, w := randomMLP(t, 1, 4, 5, 3)
	short := w
	short.W1 = w.W1[:len(w.W1)-1]
	for _, c := range []struct {
		name       string
		in, h1, h2 int
		members    []simd.MLPWeights
	}{
		{"no members", 4, 5, 3, nil},
		{"a zero width", 4, 0, 3, []simd.MLPWeights{w}},
		{"a width beyond MaxWidth", 4, 5, simd.MaxWidth + 1, []simd.MLPWeights{w}},
		{"a negative width", -4, 5, 3, []simd.MLPWeights{w}},
		{"a member whose second layer is one weight short", 4, 5, 3, []simd.MLPWeights{w, short}},
		{"widths larger than the weights", 4, 6, 3, []simd.MLPWeights{w}},
	} {
		t.Run("NewMLPs refuses "+c.name, func(t *testing.T) {
			if _, err := simd.NewMLPs(c.in, c.h1, c.h2, c.members); !errors.Is(err, simd.ErrShape) {
				t.Fatalf("got %v, want ErrShape", err)
			}
		})
	}
	e, err := simd.NewMLPs(4, 5, 3, []simd.MLPWeights{w, w})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		out, x  int
		sum, b  int
		steps   int
		forward bool
	}{
		{"an output slot per member missing", 1, 4, 0, 0, 0, true},
		{"an input one short", 2, 3, 0, 0, 0, true},
		{"a sum one short", 0, 4, 3, 4, 16, false},
		{"a baseline one long", 0, 4, 4, 5, 16, false},
		{"zero steps", 0, 4, 4, 4, 0, false},
	} {
		t.Run("MLPs refuses "+c.name, func(t *testing.T) {
			if c.forward {
				err = e.Forward(make([]float32, c.out), make([]float32, c.x))
			} else {
				err = e.PathGrad(make([]float64, c.sum), make([]float32, c.b), make([]float32, c.x), c.steps)
			}
			if !errors.Is(err, simd.ErrShape) {
				t.Fatalf("got %v, want ErrShape", err)
			}
		})
	}
}
