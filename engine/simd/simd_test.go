package simd_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/simd"
	"github.com/bedside-health/bedside/engine/simd/internal/kernels"
)

// Under js/wasm the tests run with engine/simd/node/go_js_wasm_exec
// (make test-wasm), which installs web/simd.js: the kernels must then be
// on, unless BEDSIDE_SIMD=off asks for the pure-Go path. Natively they are
// never on and every kernel answers ErrUnavailable.
func wantKernels() bool {
	return runtime.GOOS == "js" && os.Getenv("BEDSIDE_SIMD") != "off" && !nosimd
}

// goPath runs f with the kernels off: the pure-Go reference.
func goPath(f func()) {
	was := simd.Enable(false)
	defer simd.Enable(was)
	f()
}

func randSlice(seed uint64, n int, scale float64) []float32 {
	rng := engine.NewRand(seed)
	s := make([]float32, n)
	for i := range s {
		s[i] = float32((2*rng.Float64() - 1) * scale)
	}
	return s
}

// relErr is |got-want| relative to scale (at least 1e-30): the size of the
// terms that were summed, which is what float32 rounding is relative to.
func relErr(got, want, scale float32) float64 {
	return math.Abs(float64(got)-float64(want)) / math.Max(float64(scale), 1e-30)
}

func TestModuleIsGenerated(t *testing.T) {
	t.Run("the committed kernels.wasm is what the generator writes (go generate ./engine/simd)", func(t *testing.T) {
		b, _ := kernels.Build()
		if !bytes.Equal(b, simd.ModuleBytes) {
			t.Fatalf("kernels.wasm (%d bytes) differs from the generator's output (%d bytes): run go generate ./engine/simd", len(simd.ModuleBytes), len(b))
		}
	})
	// web/simd.js compiles the module synchronously. Old Chromium refused
	// that above 4 KB on a page's main thread; Chromium 156 compiled a
	// 64 KB module there (2026-12-05, the ensemble kernels took the module
	// past 4 KB), and the worker was never limited. The cap keeps the
	// kernels a small part of the worker's download.
	t.Run("the module stays under 8 KB", func(t *testing.T) {
		if n := len(simd.ModuleBytes); n > 8192 {
			t.Fatalf("kernels.wasm is %d bytes, over the 8 KB cap", n)
		}
	})
	t.Run("the module exports every kernel the Go side imports, with its arity", func(t *testing.T) {
		_, ex := kernels.Build()
		want := map[string]int{"gemv": 7, "gru": 11, "att": 9, "pool": 5, "gemvt": 5, "mlpfwd": 8, "mlpig": 10}
		for name, n := range want {
			if ex[name] != n {
				t.Errorf("export %q takes %d parameters, the Go import %d", name, ex[name], n)
			}
		}
	})
}

func TestAvailable(t *testing.T) {
	if got := simd.Available(); got != wantKernels() {
		t.Fatalf("Available() = %v on %s/%s with BEDSIDE_SIMD=%q", got, runtime.GOOS, runtime.GOARCH, os.Getenv("BEDSIDE_SIMD"))
	}
	t.Run("Enable(false) turns the kernels off and Enable restores them", func(t *testing.T) {
		was := simd.Enable(false)
		if simd.Available() {
			t.Fatal("kernels still on after Enable(false)")
		}
		simd.Enable(was)
		if simd.Available() != wantKernels() {
			t.Fatal("Enable did not restore the setting")
		}
	})
}

func TestGemvMatchesGo(t *testing.T) {
	for _, sh := range [][2]int{{1, 1}, {3, 5}, {4, 4}, {7, 13}, {24, 64}, {96, 32}, {72, 24}, {33, 30}, {192, 64}, {5, 0}} {
		for _, relu := range []bool{false, true} {
			rows, cols := sh[0], sh[1]
			t.Run(fmt.Sprintf("a %dx%d layer (relu %v) agrees within 1e-6", rows, cols, relu), func(t *testing.T) {
				w := randSlice(uint64(rows*100+cols), rows*cols, 1)
				x := randSlice(uint64(rows+7), cols, 2)
				b := randSlice(uint64(cols+9), rows, 1)
				want := make([]float32, rows)
				goPath(func() {
					engine.Gemv32(want, w, b, x)
				})
				if relu {
					for i, v := range want {
						if v < 0 {
							want[i] = 0
						}
					}
				}
				got := make([]float32, rows)
				err := simd.Gemv(got, w, b, x, relu)
				checkRan(t, err)
				if err != nil {
					return
				}
				for i := range want {
					scale := float32(math.Abs(float64(b[i])))
					for j := 0; j < cols; j++ {
						scale += float32(math.Abs(float64(w[i*cols+j] * x[j])))
					}
					if e := relErr(got[i], want[i], scale); e > 1e-6 {
						t.Fatalf("row %d: got %v, Go %v (relative error %.2g)", i, got[i], want[i], e)
					}
				}
			})
		}
	}
}

func TestGemvTMatchesGo(t *testing.T) {
	for _, sh := range [][2]int{{1, 1}, {3, 5}, {16, 32}, {32, 30}, {13, 8}, {0, 4}} {
		rows, cols := sh[0], sh[1]
		t.Run(fmt.Sprintf("a %dx%d backward product gives the Go loop's bits", rows, cols), func(t *testing.T) {
			w := randSlice(uint64(rows*10+cols), rows*cols, 1)
			g := randSlice(uint64(rows+3), rows, 1)
			for i := 0; i < rows; i += 3 {
				g[i] = 0 // ReLUs that are off
			}
			want := make([]float32, cols)
			for o := range g {
				if g[o] != 0 {
					engine.Axpy32(g[o], w[o*cols:(o+1)*cols], want)
				}
			}
			got := randSlice(9, cols, 1) // GemvT overwrites, it does not add
			err := simd.GemvT(got, w, g)
			checkRan(t, err)
			if err == nil && !slices.Equal(got, want) {
				t.Fatalf("got %v, Go %v", got, want)
			}
		})
	}
}

// checkRan fails unless the kernel ran exactly where it should.
func checkRan(t *testing.T, err error) {
	t.Helper()
	switch {
	case wantKernels() && err != nil:
		t.Fatalf("kernel did not run: %v", err)
	case !wantKernels() && !errors.Is(err, simd.ErrUnavailable):
		t.Fatalf("got %v, want ErrUnavailable without kernels", err)
	}
}

func TestGRUMatchesGo(t *testing.T) {
	for _, c := range []struct {
		T, H    int
		cached  bool
		reverse bool
	}{{1, 4, false, false}, {16, 16, false, true}, {64, 32, true, false}, {64, 24, true, true}, {256, 32, false, true}, {256, 64, true, false}} {
		t.Run(fmt.Sprintf("%d steps of %d units (cached %v, reverse %v) agree within 1e-6", c.T, c.H, c.cached, c.reverse), func(t *testing.T) {
			H := c.H
			// PyTorch's initialisation, U(±1/√H), which training keeps
			// about the same size (see the shipped-weights test in textnet).
			a := 1 / math.Sqrt(float64(H))
			g := engine.GRU32{H: H, In: 1, Wh: randSlice(1, 3*H*H, a), Bh: randSlice(2, 3*H, a)}
			rows := c.T
			if c.cached {
				rows = 50
			}
			gx := randSlice(3, rows*3*H, 2)
			idx := make([]int32, c.T)
			rng := engine.NewRand(4)
			for i := range idx {
				idx[i] = int32(i)
				if c.cached {
					idx[i] = int32(rng.IntN(rows))
				}
			}
			D := 2*H + 4 // a stride wider than H, as in a BiGRU's output
			want := make([]float32, c.T*D)
			goPath(func() {
				if err := g.Run(want, D, gx, idx, make([]float32, H), make([]float32, 3*H), c.reverse); err != nil {
					t.Fatal(err)
				}
			})
			got := make([]float32, c.T*D)
			for i := range got {
				got[i] = 7 // must stay outside the written rows
			}
			err := simd.GRU(g.Wh, g.Bh, gx, idx, make([]float32, H), got, make([]float32, 3*H), H, D, c.reverse)
			checkRan(t, err)
			if err != nil {
				return
			}
			worst := 0.0
			for tt := 0; tt < c.T; tt++ {
				for j := 0; j < D; j++ {
					i := tt*D + j
					if j >= H {
						if got[i] != 7 {
							t.Fatalf("step %d wrote outside its state, at column %d", tt, j)
						}
						continue
					}
					worst = max(worst, relErr(got[i], want[i], max(1, float32(math.Abs(float64(want[i]))))))
				}
			}
			if worst > 1e-6 {
				t.Fatalf("largest relative error %.2g", worst)
			}
			t.Logf("largest relative error %.2g", worst)
		})
	}
}

func TestAttentionAndPoolMatchGo(t *testing.T) {
	for _, c := range []struct{ T, A, D int }{{1, 4, 8}, {16, 32, 64}, {64, 24, 48}, {256, 32, 64}} {
		t.Run(fmt.Sprintf("%d steps, attention %d over %d agree within 1e-6 and pool to the same bits", c.T, c.A, c.D), func(t *testing.T) {
			w, b, v := randSlice(1, c.A*c.D, 0.3), randSlice(2, c.A, 0.3), randSlice(3, c.A, 1)
			hs := randSlice(4, c.T*c.D, 1)
			want := make([]float32, c.T)
			u := make([]float32, c.A)
			for t := range want {
				goPath(func() { engine.Gemv32(u, w, b, hs[t*c.D:(t+1)*c.D]) })
				for j := range u {
					u[j] = engine.Tanh32(u[j])
				}
				want[t] = engine.Dot32(v, u)
			}
			got := make([]float32, c.T)
			err := simd.Attention(got, w, b, v, hs, make([]float32, c.A), c.D)
			checkRan(t, err)
			if err == nil {
				scale := float32(0)
				for _, x := range v {
					scale += float32(math.Abs(float64(x)))
				}
				for i := range want {
					if e := relErr(got[i], want[i], scale); e > 1e-6 {
						t.Fatalf("score %d: got %v, Go %v (relative error %.2g)", i, got[i], want[i], e)
					}
				}
			}
			engine.Softmax32(want)
			ctxWant := make([]float32, c.D)
			for t := range want {
				engine.Axpy32(want[t], hs[t*c.D:(t+1)*c.D], ctxWant)
			}
			ctx := randSlice(5, c.D, 1) // Pool overwrites, it does not add
			err = simd.Pool(ctx, want, hs)
			checkRan(t, err)
			if err == nil && !slices.Equal(ctx, ctxWant) {
				t.Fatalf("pooled context differs from the Go loop's bits")
			}
		})
	}
}

// Kernels trust their pointers, so a shape that does not fit must be
// refused before the call, on every platform, with nothing written.
func TestBadShapesAreRefused(t *testing.T) {
	f := func(n int) []float32 { return make([]float32, n) }
	cases := []struct {
		name string
		call func() error
	}{
		{"a weight matrix one float short", func() error { return simd.Gemv(f(4), f(4*8-1), f(4), f(8), false) }},
		{"a bias shorter than the output", func() error { return simd.Gemv(f(4), f(32), f(3), f(8), true) }},
		{"a hidden size that is not a multiple of 4", func() error {
			return simd.GRU(f(3*6*6), f(18), f(18), []int32{0}, f(6), f(6), f(18), 6, 6, false)
		}},
		{"a step reading past the projections", func() error {
			return simd.GRU(f(3*4*4), f(12), f(24), []int32{0, 2}, f(4), f(8), f(12), 4, 4, false)
		}},
		{"a negative projection index", func() error {
			return simd.GRU(f(3*4*4), f(12), f(24), []int32{-1}, f(4), f(8), f(12), 4, 4, false)
		}},
		{"an output one float short of the last step", func() error {
			return simd.GRU(f(3*4*4), f(12), f(24), []int32{0, 1}, f(4), f(8+3), f(12), 4, 8, false)
		}},
		{"an output stride narrower than a state", func() error {
			return simd.GRU(f(3*4*4), f(12), f(24), []int32{0, 1}, f(4), f(8), f(12), 4, 3, false)
		}},
		{"an output stride so large its product would overflow", func() error {
			return simd.GRU(f(3*4*4), f(12), f(24), []int32{0, 1}, f(4), f(8), f(12), 4, math.MaxInt/2+1, false)
		}},
		{"GRU scratch shorter than 3H", func() error {
			return simd.GRU(f(3*4*4), f(12), f(24), []int32{0}, f(4), f(4), f(11), 4, 4, false)
		}},
		{"an initial state shorter than H", func() error {
			return simd.GRU(f(3*4*4), f(12), f(24), []int32{0}, f(3), f(4), f(12), 4, 4, false)
		}},
		{"attention states short of T rows", func() error { return simd.Attention(f(3), f(4*8), f(4), f(4), f(3*8-1), f(4), 8) }},
		{"an attention width that is not a multiple of 4", func() error { return simd.Attention(f(3), f(5*8), f(5), f(5), f(24), f(5), 8) }},
		{"attention scratch shorter than the width", func() error { return simd.Attention(f(3), f(4*8), f(4), f(4), f(24), f(3), 8) }},
		{"pooled states short of T rows", func() error { return simd.Pool(f(8), f(3), f(23)) }},
		{"a backward product's weights one float short", func() error { return simd.GemvT(f(5), f(3*5-1), f(3)) }},
		{"a context that is not a multiple of 4", func() error { return simd.Pool(f(6), f(3), f(18)) }},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			if err := c.call(); !errors.Is(err, simd.ErrShape) {
				t.Fatalf("got %v, want ErrShape", err)
			}
		})
	}
}
