package engine

import (
	"math"
	"testing"
)

func TestGRU32Run(t *testing.T) {
	const H = 8
	rng := NewRand(7)
	rnd := func(n int) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = float32(rng.NormFloat64() * 0.3)
		}
		return s
	}
	g := GRU32{H: H, In: 1, Wh: rnd(3 * H * H), Bh: rnd(3 * H)}
	gx := rnd(5 * 3 * H) // five cached projections
	t.Run("a pass over cached projections equals Step in a loop, forwards and backwards", func(t *testing.T) {
		idx := []int32{4, 0, 0, 2, 1, 3}
		for _, reverse := range []bool{false, true} {
			want := make([]float32, len(idx)*H)
			h := make([]float32, H)
			for k := range idx {
				tt := k
				if reverse {
					tt = len(idx) - 1 - k
				}
				g.Step(want[tt*H:(tt+1)*H], make([]float32, 3*H), gx[int(idx[tt])*3*H:][:3*H], h)
				h = want[tt*H : (tt+1)*H]
			}
			got := make([]float32, len(idx)*H)
			if err := g.Run(got, H, gx, idx, make([]float32, H), make([]float32, 3*H), reverse); err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if math.Abs(float64(got[i]-want[i])) > 1e-6 { // the SIMD kernel, in js/wasm, rounds differently
					t.Fatalf("reverse %v: state %d is %v, Step gives %v", reverse, i, got[i], want[i])
				}
			}
		}
	})
	for _, c := range []struct {
		name         string
		out, h0, scr int
		stride       int
		idx          []int32
	}{
		{"a projection index past the cache", 2 * H, H, 3 * H, H, []int32{0, 5}},
		{"a negative projection index", 2 * H, H, 3 * H, H, []int32{-1, 0}},
		{"an output one float short", 2*H - 1, H, 3 * H, H, []int32{0, 1}},
		{"a stride narrower than the state", 2 * H, H, 3 * H, H - 1, []int32{0, 1}},
		{"a stride too large to multiply", 2 * H, H, 3 * H, math.MaxInt/2 + 1, []int32{0, 1}},
		{"a short initial state", 2 * H, H - 1, 3 * H, H, []int32{0, 1}},
		{"short scratch", 2 * H, H, 3*H - 1, H, []int32{0, 1}},
	} {
		t.Run(c.name+" is an error and nothing is written", func(t *testing.T) {
			out := make([]float32, c.out)
			for i := range out {
				out[i] = 9
			}
			if err := g.Run(out, c.stride, gx, c.idx, make([]float32, c.h0), make([]float32, c.scr), false); err == nil {
				t.Fatal("no error")
			}
			for _, v := range out {
				if v != 9 {
					t.Fatal("the output was written")
				}
			}
		})
	}
}
