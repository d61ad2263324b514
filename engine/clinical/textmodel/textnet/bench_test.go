package textnet

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// Benchmarks of the text network's float32 inference path and float64
// training step (make bench, make bench-wasm).

func randF32(seed uint64, n int) []float32 {
	rng := engine.NewRand(seed)
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rng.NormFloat64() * 0.1)
	}
	return out
}

func benchText(b *testing.B, c Config) *Classifier32 {
	var buf bytes.Buffer
	if err := New(engine.NewRand(1), c).Save(&buf, nil); err != nil {
		b.Fatal(err)
	}
	f, err := safetensors.Decode(buf.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	m, err := Load32(f)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkAttention(b *testing.B) {
	for _, T := range []int{16, 64, 256} {
		b.Run(fmt.Sprintf("T=%d,D=128,A=64", T), func(b *testing.B) {
			m := benchText(b, Config{Vocab: 2, Embed: 1, Hidden: 64, Attention: 64, Classes: 2})
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
func BenchmarkClassifier(b *testing.B) {
	m := benchText(b, Config{Vocab: 8000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24})
	for _, T := range []int{16, 64, 256} {
		b.Run(fmt.Sprintf("tokens=%d", T), func(b *testing.B) {
			rng := engine.NewRand(2)
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
func BenchmarkClassifierCached(b *testing.B) {
	m := benchText(b, Config{Vocab: 8000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24})
	m.CacheInputProjections()
	rng := engine.NewRand(2)
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

// One float64 training step (forward, backward, Adam) of the shipped text
// architecture on a batch of 32 sequences of 64 tokens: what a training
// epoch costs per batch.
func BenchmarkTrainStep(b *testing.B) {
	m := New(engine.NewRand(1), Config{Vocab: 8000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24, Dropout: 0.2})
	rng := engine.NewRand(2)
	seqs := make([][]int, 32)
	labels := make([]int, 32)
	for i := range seqs {
		seqs[i] = make([]int, 64)
		for j := range seqs[i] {
			seqs[i][j] = rng.IntN(8000)
		}
		labels[i] = rng.IntN(24)
	}
	opt := engine.NewAdam(1e-3)
	ps := m.Params()
	b.ReportAllocs()
	for b.Loop() {
		engine.ZeroGrad(ps)
		l, _ := m.Forward(seqs, true)
		_, d := engine.CrossEntropy{}.Loss(l, labels)
		m.Backward(d)
		opt.Step(ps)
	}
}
