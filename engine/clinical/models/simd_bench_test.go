package models_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/simd"
)

// BenchmarkPredictKernels is BenchmarkPredict with engine/simd's kernels
// on ("simd", js/wasm only) and off ("go") in one process, so the two
// are timed under the same load (make bench-wasm).
func BenchmarkPredictKernels(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "web", "models")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		b.Skipf("no shipped manifest: %v", err)
	}
	m, err := clinical.ParseManifest(data)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range m.Models {
		in, ok := benchInputs[e.Name]
		if !ok {
			continue
		}
		w, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			b.Fatal(err)
		}
		p, err := clinical.Load(e.Name, w)
		if err != nil {
			b.Fatal(err)
		}
		run := func(b *testing.B) {
			for b.Loop() {
				out, err := p.Predict([]byte(in))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := json.Marshal(out); err != nil {
					b.Fatal(err)
				}
			}
		}
		if simd.Available() {
			b.Run(e.Name+"/simd", run)
		}
		b.Run(e.Name+"/go", func(b *testing.B) {
			was := simd.Enable(false)
			defer simd.Enable(was)
			run(b)
		})
	}
}
