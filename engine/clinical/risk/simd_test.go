package risk

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/simd"
)

// With engine/simd's kernels on (js/wasm, make test-wasm) every shipped
// risk ensemble gives the pure-Go path's logit and integrated gradients
// within 1e-6 (relative to the largest attribution) on random inputs;
// natively both runs are the Go path and agree exactly (engine/simd's
// TestAvailable checks that the kernels are on where they should be).
func TestKernelsMatchGoPath(t *testing.T) {
	for _, name := range []string{"wdbc", "pima", "heart", "survival"} {
		w, err := os.ReadFile(filepath.Join("..", "..", "..", "web", "models", name+".safetensors"))
		if err != nil {
			t.Logf("no shipped %s model: %v", name, err)
			continue
		}
		loaded, err := clinical.Load(name, w)
		if err != nil {
			t.Fatal(err)
		}
		p := clinical.Unwrap(loaded).(*Predictor)
		n := p.enc.Width
		for trial := 0; trial < 10; trial++ {
			t.Run(fmt.Sprintf("%s on random input %d", name, trial), func(t *testing.T) {
				x, base := make([]float64, n), make([]float64, n)
				for i := range x {
					x[i] = math.Sin(float64(trial*n+i)) * 2 // encoded inputs are standardised
					base[i] = math.Cos(float64(i)) * 0.1
				}
				was := simd.Enable(false)
				wantLogit := p.ens.Logit(x)
				wantIG := p.ens.IntegratedGradients(make([]float64, n), x, base, igSteps)
				simd.Enable(was)
				gotLogit := p.ens.Logit(x)
				gotIG := p.ens.IntegratedGradients(make([]float64, n), x, base, igSteps)
				if e := math.Abs(gotLogit-wantLogit) / math.Max(1, math.Abs(wantLogit)); e > 1e-6 {
					t.Fatalf("logit %v, Go %v (relative error %.2g)", gotLogit, wantLogit, e)
				}
				scale := 1e-30
				for _, v := range wantIG {
					scale = math.Max(scale, math.Abs(v))
				}
				worst := 0.0
				for i := range wantIG {
					worst = math.Max(worst, math.Abs(gotIG[i]-wantIG[i])/scale)
				}
				if worst > 1e-6 {
					t.Fatalf("attributions %v, Go %v (relative error %.2g)", gotIG, wantIG, worst)
				}
				t.Logf("attributions: largest relative error %.2g (they depend only on which ReLUs are on); logit %.2g", worst, math.Abs(gotLogit-wantLogit))
			})
		}
	}
}
