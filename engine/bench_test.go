package engine

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/bedside-health/bedside/engine/safetensors"
)

// Benchmarks by size for the float32 inference path (run natively with
// make bench and under Node with make bench-wasm; compare the two).

func randF32(seed uint64, n int) []float32 {
	rng := NewRand(seed)
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rng.NormFloat64() * 0.1)
	}
	return out
}

func BenchmarkDense(b *testing.B) {
	for _, n := range []int{64, 256, 1024} {
		b.Run(fmt.Sprintf("%dx%d", n, n), func(b *testing.B) {
			w, bias, x, y := randF32(1, n*n), randF32(2, n), randF32(3, n), make([]float32, n)
			b.ReportAllocs()
			for b.Loop() {
				Gemv32(y, w, bias, x)
			}
		})
	}
}

func BenchmarkGRUStep(b *testing.B) {
	for _, h := range []int{32, 64, 128} {
		b.Run(fmt.Sprintf("H=%d", h), func(b *testing.B) {
			g := GRU32{H: h, Wh: randF32(1, 3*h*h), Bh: randF32(2, 3*h)}
			gx, gh, hs, out := randF32(3, 3*h), make([]float32, 3*h), randF32(4, h), make([]float32, h)
			b.ReportAllocs()
			for b.Loop() {
				g.Step(out, gh, gx, hs)
			}
		})
	}
}

func BenchmarkMLP(b *testing.B) {
	for _, sizes := range [][]int{{30, 64, 32, 1}, {100, 256, 128, 10}} {
		b.Run(fmt.Sprint(sizes), func(b *testing.B) {
			var buf bytes.Buffer
			NewMLP(NewRand(1), sizes, "relu", 0).Save(&buf, nil)
			f, _ := safetensors.Decode(buf.Bytes())
			m, err := LoadMLP32(f)
			if err != nil {
				b.Fatal(err)
			}
			x, y := randF32(3, sizes[0]), make([]float32, sizes[len(sizes)-1])
			b.ReportAllocs()
			for b.Loop() {
				m.Forward(y, x)
			}
		})
	}
}
