package textnet

import (
	"fmt"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/simd"
)

// BenchmarkClassifierKernels is BenchmarkClassifier (uncached and with
// the projection cache warm) with engine/simd's kernels on ("simd",
// js/wasm only) and off ("go") in one process, timed under the same load.
func BenchmarkClassifierKernels(b *testing.B) {
	c := Config{Vocab: 8000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24}
	plain, warm := benchText(b, c), benchText(b, c)
	warm.CacheInputProjections()
	for _, T := range []int{64, 256} {
		for _, cached := range []bool{false, true} {
			rng := engine.NewRand(2)
			ids := make([]int, T)
			for i := range ids {
				ids[i] = rng.IntN(8000)
			}
			probs, att := make([]float32, 24), make([]float32, T)
			m := plain
			if cached {
				m = warm
				m.Forward(probs, att, ids) // fills the cache for these tokens
			}
			run := func(b *testing.B) {
				for b.Loop() {
					if err := m.Forward(probs, att, ids); err != nil {
						b.Fatal(err)
					}
				}
			}
			name := fmt.Sprintf("tokens=%d,cached=%v", T, cached)
			if simd.Available() {
				b.Run(name+"/simd", run)
			}
			b.Run(name+"/go", func(b *testing.B) {
				was := simd.Enable(false)
				defer simd.Enable(was)
				run(b)
			})
		}
	}
}
