package simd_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/simd"
)

// Each kernel against the pure-Go path it replaces, in one process
// (make bench-wasm; natively only the Go rows run). Shapes are those of
// the shipped models: GRU hidden 24 and 32 (and the bench model's 64),
// attention 24-32 over 2H, tabular layers of a few dozen units.

// both runs f as sub-benchmark "simd" (when the kernels are on) and "go".
func both(b *testing.B, f func(b *testing.B)) {
	if simd.Available() {
		b.Run("simd", f)
	}
	b.Run("go", func(b *testing.B) {
		was := simd.Enable(false)
		defer simd.Enable(was)
		f(b)
	})
}

func BenchmarkGemv(b *testing.B) {
	for _, sh := range [][2]int{{4, 8}, {16, 30}, {32, 30}, {96, 32}, {192, 64}, {384, 128}} {
		b.Run(fmt.Sprintf("%dx%d", sh[0], sh[1]), func(b *testing.B) {
			w, x, bias := randSlice(1, sh[0]*sh[1], 1), randSlice(2, sh[1], 1), randSlice(3, sh[0], 1)
			y := make([]float32, sh[0])
			both(b, func(b *testing.B) {
				for b.Loop() {
					engine.Gemv32(y, w, bias, x)
				}
			})
		})
	}
}

func BenchmarkGRU(b *testing.B) {
	for _, c := range [][2]int{{64, 24}, {64, 32}, {256, 32}, {64, 64}, {256, 64}} {
		T, H := c[0], c[1]
		b.Run(fmt.Sprintf("T=%d,H=%d", T, H), func(b *testing.B) {
			a := 1 / math.Sqrt(float64(H))
			g := engine.GRU32{H: H, In: 1, Wh: randSlice(1, 3*H*H, a), Bh: randSlice(2, 3*H, a)}
			gx := randSlice(3, T*3*H, 1)
			idx := make([]int32, T)
			for i := range idx {
				idx[i] = int32(i)
			}
			out, h0, scratch := make([]float32, T*2*H), make([]float32, H), make([]float32, 3*H)
			both(b, func(b *testing.B) {
				for b.Loop() {
					if err := g.Run(out, 2*H, gx, idx, h0, scratch, false); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkAttention(b *testing.B) {
	for _, c := range [][3]int{{64, 32, 64}, {256, 32, 64}, {256, 64, 128}} {
		T, A, D := c[0], c[1], c[2]
		b.Run(fmt.Sprintf("T=%d,A=%d,D=%d", T, A, D), func(b *testing.B) {
			w, bias, v, hs := randSlice(1, A*D, 0.3), randSlice(2, A, 0.3), randSlice(3, A, 1), randSlice(4, T*D, 1)
			u, scores, ctx := make([]float32, A), make([]float32, T), make([]float32, D)
			both(b, func(b *testing.B) {
				for b.Loop() {
					if simd.Attention(scores, w, bias, v, hs, u, D) == nil {
						engine.Softmax32(scores)
						simd.Pool(ctx, scores, hs)
						continue
					}
					for t := range scores {
						engine.Gemv32(u, w, bias, hs[t*D:(t+1)*D])
						for j, x := range u {
							u[j] = engine.Tanh32(x)
						}
						scores[t] = engine.Dot32(v, u)
					}
					engine.Softmax32(scores)
					clear(ctx)
					for t := range scores {
						engine.Axpy32(scores[t], hs[t*D:(t+1)*D], ctx)
					}
				}
			})
		})
	}
}

// BenchmarkCall is the cost of one kernel call from Go through
// web/simd.js's trampoline, on a 1×1 product: what decides the smallest
// work worth sending to a kernel (engine's simdMinGemv).
func BenchmarkCall(b *testing.B) {
	if !simd.Available() {
		b.Skip("no kernels here")
	}
	y, w, bias, x := make([]float32, 1), make([]float32, 1), make([]float32, 1), make([]float32, 1)
	for b.Loop() {
		if err := simd.Gemv(y, w, bias, x, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGemvT is the dense backward product (MLP32's input gradient)
// against the Axpy32 loop it replaces.
func BenchmarkGemvT(b *testing.B) {
	for _, sh := range [][2]int{{16, 32}, {32, 30}, {96, 64}} {
		b.Run(fmt.Sprintf("%dx%d", sh[0], sh[1]), func(b *testing.B) {
			w, g, y := randSlice(1, sh[0]*sh[1], 1), randSlice(2, sh[0], 1), make([]float32, sh[1])
			both(b, func(b *testing.B) {
				for b.Loop() {
					if simd.GemvT(y, w, g) == nil {
						continue
					}
					clear(y)
					for o, v := range g {
						engine.Axpy32(v, w[o*sh[1]:(o+1)*sh[1]], y)
					}
				}
			})
		})
	}
}

// BenchmarkMLPs times one ensemble's integrated gradients (16 steps) and
// forward pass at the shipped pima and survival shapes, three ways:
// "ensemble" is one mlpig/mlpfwd call for all members, "members" is
// engine.MLP32 member by member with the small kernels (the path before
// the ensemble kernels), "go" the pure-Go path.
func BenchmarkMLPs(b *testing.B) {
	for _, c := range []struct {
		name          string
		in, h1, h2, n int
	}{{"pima", 13, 58, 42, 25}, {"survival", 10, 32, 16, 25}} {
		var nets []*engine.MLP32
		var ws []simd.MLPWeights
		for k := 0; k < c.n; k++ {
			m, w := randomMLP(b, uint64(k+1), c.in, c.h1, c.h2)
			nets, ws = append(nets, m), append(ws, w)
		}
		e, err := simd.NewMLPs(c.in, c.h1, c.h2, ws)
		if err != nil {
			b.Fatal(err)
		}
		x, base := randSlice(5, c.in, 2), randSlice(6, c.in, 0.3)
		sum, out := make([]float64, c.in), make([]float32, c.n)
		perMember := func(ig bool) func(b *testing.B) {
			return func(b *testing.B) {
				var o [1]float32
				for b.Loop() {
					for _, m := range nets {
						if ig {
							m.PathGrad(sum, base, x, 16, 0)
						} else {
							m.Forward(o[:], x)
						}
					}
				}
			}
		}
		for _, ig := range []bool{true, false} {
			what := map[bool]string{true: "integrated-gradients", false: "forward"}[ig]
			if simd.Available() {
				b.Run(c.name+"/"+what+"/ensemble", func(b *testing.B) {
					for b.Loop() {
						if ig {
							e.PathGrad(sum, base, x, 16)
						} else {
							e.Forward(out, x)
						}
					}
				})
				b.Run(c.name+"/"+what+"/members", perMember(ig))
			}
			b.Run(c.name+"/"+what+"/go", func(b *testing.B) {
				was := simd.Enable(false)
				defer simd.Enable(was)
				perMember(ig)(b)
			})
		}
	}
}
