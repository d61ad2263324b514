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
				gemv32(y, w, bias, x)
			}
		})
	}
}

func BenchmarkGRUStep(b *testing.B) {
	for _, h := range []int{32, 64, 128} {
		b.Run(fmt.Sprintf("H=%d", h), func(b *testing.B) {
			g := gru32{H: h, Wh: randF32(1, 3*h*h), Bh: randF32(2, 3*h)}
			gx, gh, hs, out := randF32(3, 3*h), make([]float32, 3*h), randF32(4, h), make([]float32, h)
			b.ReportAllocs()
			for b.Loop() {
				g.step(out, gh, gx, hs)
			}
		})
	}
}

func benchText(b *testing.B, c TextConfig) *TextClassifier32 {
	var buf bytes.Buffer
	if err := NewTextClassifier(NewRand(1), c).Save(&buf, nil); err != nil {
		b.Fatal(err)
	}
	f, err := safetensors.Decode(buf.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	m, err := LoadTextClassifier32(f)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkAttention(b *testing.B) {
	for _, T := range []int{16, 64, 256} {
		b.Run(fmt.Sprintf("T=%d,D=128,A=64", T), func(b *testing.B) {
			m := benchText(b, TextConfig{Vocab: 2, Embed: 1, Hidden: 64, Attention: 64, Classes: 2})
			m.grow(T)
			copy(m.hs, randF32(5, T*128))
			b.ReportAllocs()
			for b.Loop() {
				m.attend(T)
			}
		})
	}
}

// The shipped text architecture: embedding 8k×64, BiGRU 64, attention 64,
// 24 classes.
func BenchmarkTextClassifier(b *testing.B) {
	m := benchText(b, TextConfig{Vocab: 8000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24})
	for _, T := range []int{16, 64, 256} {
		b.Run(fmt.Sprintf("tokens=%d", T), func(b *testing.B) {
			rng := NewRand(2)
			ids := make([]int, T)
			for i := range ids {
				ids[i] = rng.IntN(8000)
			}
			probs, att := make([]float32, 24), make([]float32, T)
			b.ReportAllocs()
			for b.Loop() {
				if err := m.Forward(probs, att, ids); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The same model with CacheInputProjections, after the cache is warm.
func BenchmarkTextClassifierCached(b *testing.B) {
	m := benchText(b, TextConfig{Vocab: 8000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24})
	m.CacheInputProjections()
	rng := NewRand(2)
	ids := make([]int, 64)
	for i := range ids {
		ids[i] = rng.IntN(8000)
	}
	probs, att := make([]float32, 24), make([]float32, 64)
	m.Forward(probs, att, ids)
	b.ReportAllocs()
	for b.Loop() {
		m.Forward(probs, att, ids)
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

// One float64 training step (forward, backward, Adam) of the shipped text
// architecture on a batch of 32 sequences of 64 tokens: what a training
// epoch costs per batch.
func BenchmarkTextTrainStep(b *testing.B) {
	m := NewTextClassifier(NewRand(1), TextConfig{Vocab: 8000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24, Dropout: 0.2})
	rng := NewRand(2)
	seqs := make([][]int, 32)
	labels := make([]int, 32)
	for i := range seqs {
		seqs[i] = make([]int, 64)
		for j := range seqs[i] {
			seqs[i][j] = rng.IntN(8000)
		}
		labels[i] = rng.IntN(24)
	}
	opt := NewAdam(1e-3)
	ps := m.Params()
	b.ReportAllocs()
	for b.Loop() {
		ZeroGrad(ps)
		l, _ := m.Forward(seqs, true)
		_, d := CrossEntropy{}.Loss(l, labels)
		m.Backward(d)
		opt.Step(ps)
	}
}
