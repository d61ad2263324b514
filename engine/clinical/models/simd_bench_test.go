package models_test

import (
	"testing"

	"github.com/bedside-health/bedside/engine/simd"
)

// BenchmarkPredictKernels is BenchmarkPredict with engine/simd's kernels
// on ("simd", js/wasm only) and off ("go") in one process, so the two
// are timed under the same load (make bench-wasm).
func BenchmarkPredictKernels(b *testing.B) {
	for _, sp := range shippedPredictors(b) {
		run := func(b *testing.B) { benchPredict(b, sp.p, sp.in) }
		if simd.Available() {
			b.Run(sp.name+"/simd", run)
		}
		b.Run(sp.name+"/go", func(b *testing.B) {
			was := simd.Enable(false)
			defer simd.Enable(was)
			run(b)
		})
	}
}
