package ensemble_test

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/ensemble"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/engine/simd"
)

func loadRandom(t *testing.T, sizes []int, members int) *ensemble.Ensemble {
	t.Helper()
	var ms []*engine.Sequential
	for k := 0; k < members; k++ {
		ms = append(ms, engine.NewMLP(engine.NewRand(uint64(100+k)), sizes, "relu", 0))
	}
	keys := ensemble.Keys{Layers: "t.layers", Members: "t.members"}
	var buf bytes.Buffer
	if err := ensemble.SaveEnsemble(&buf, ms, nil, keys); err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	e, err := ensemble.LoadEnsemble(f, sizes[0], keys)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Where engine/simd's ensemble kernels run (js/wasm), the logit, the
// members' outputs and the integrated gradients agree with the pure-Go
// path within 1e-6; natively both runs are the Go path. Shapes the
// kernels do not take (one hidden layer) keep the Go path.
func TestKernelsMatchGoPath(t *testing.T) {
	for _, c := range []struct {
		sizes   []int
		members int
	}{{[]int{13, 58, 42, 1}, 25}, {[]int{10, 32, 16, 1}, 25}, {[]int{3, 5, 5, 1}, 3}, {[]int{4, 6, 1}, 2}} {
		t.Run(fmt.Sprintf("%d members of %v agree with the Go path", c.members, c.sizes), func(t *testing.T) {
			e := loadRandom(t, c.sizes, c.members)
			n := c.sizes[0]
			for trial := 0; trial < 5; trial++ {
				x, base := make([]float64, n), make([]float64, n)
				for i := range x {
					x[i] = 2 * math.Sin(float64(3*trial*n+i))
					base[i] = 0.3 * math.Cos(float64(trial+i))
				}
				was := simd.Enable(false)
				wantLogit := e.Logit(x)
				wantOut := e.Outputs(make([]float64, c.members), x)
				wantIG := e.IntegratedGradients(make([]float64, n), x, base, 16)
				simd.Enable(was)
				gotLogit := e.Logit(x)
				gotOut := e.Outputs(make([]float64, c.members), x)
				gotIG := e.IntegratedGradients(make([]float64, n), x, base, 16)

				mean := 0.0
				for _, v := range gotOut {
					mean += v
				}
				if mean /= float64(c.members); mean != gotLogit {
					t.Fatalf("Logit %v is not the mean of Outputs %v", gotLogit, mean)
				}
				if d := math.Abs(gotLogit-wantLogit) / math.Max(1, math.Abs(wantLogit)); d > 1e-6 {
					t.Fatalf("logit %v, Go %v", gotLogit, wantLogit)
				}
				for k := range wantOut {
					if d := math.Abs(gotOut[k]-wantOut[k]) / math.Max(1, math.Abs(wantOut[k])); d > 1e-6 {
						t.Fatalf("member %d: %v, Go %v", k, gotOut[k], wantOut[k])
					}
				}
				scale := 1e-30
				for _, v := range wantIG {
					scale = math.Max(scale, math.Abs(v))
				}
				for i := range wantIG {
					if d := math.Abs(gotIG[i]-wantIG[i]) / scale; d > 1e-6 {
						t.Fatalf("attribution %d: %v, Go %v (relative error %.2g)", i, gotIG[i], wantIG[i], d)
					}
				}
			}
		})
	}
}
