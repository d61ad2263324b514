package engine

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"runtime"
	"testing"

	"github.com/bedside-health/bedside/engine/safetensors"
	"gonum.org/v1/gonum/mat"
)

// The parity test pins the float32 MLP's outputs, computed natively, in
// testdata (the text network has its own in textmodel/textnet); the same test under GOOS=js GOARCH=wasm (make test-wasm) loads
// the same weights and must agree within 1e-5. Regenerate natively with
// go test -run Parity -update-parity ./engine (only after a deliberate
// change to the numerics).
var updateParity = flag.Bool("update-parity", false, "rewrite the parity golden files in testdata")

type parityGolden struct {
	GOOS, GOARCH string
	MLPInputs    [][]float32
	MLPOutputs   [][]float32
	// Float64 training must also agree across platforms: the weights of a
	// small model after a few seeded Adam steps.
	Trained []float64
}

func parityTrain() []float64 {
	m, _ := trainXORSteps(3, 20)
	var out []float64
	for _, p := range m.Params() {
		out = append(out, p.Value...)
	}
	return out
}

// trainXORSteps is trainXOR cut to a few epochs, for cross-platform checks.
func trainXORSteps(seed uint64, epochs int) (*Sequential, float64) {
	rng := NewRand(seed)
	x := randDense(rng, 32, 2, 1)
	y := mat.NewDense(32, 1, nil)
	for i := 0; i < 32; i++ {
		if x.At(i, 0)*x.At(i, 1) > 0 {
			y.Set(i, 0, 1)
		}
	}
	m := NewMLP(rng, []int{2, 8, 1}, "tanh", 0.1)
	opt := &Adam{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.01}
	var loss float64
	for e := 0; e < epochs; e++ {
		for _, idx := range Batches(rng, 32, 8) {
			ZeroGrad(m.Params())
			var d *mat.Dense
			loss, d = BCEWithLogits{}.Loss(m.Forward(Rows(x, idx), true), Rows(y, idx))
			m.Backward(d)
			ClipGradNorm(m.Params(), 1)
			opt.Step(m.Params())
		}
	}
	return m, loss
}

func readFile(t *testing.T, name string) *safetensors.File {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func writeParity(t *testing.T) {
	var mlp bytes.Buffer
	if err := NewMLP(NewRand(100), []int{30, 64, 32, 1}, "relu", 0).Save(&mlp, map[string]string{"purpose": "parity test"}); err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile("testdata/parity-mlp.safetensors", mlp.Bytes(), 0o644))
	m32, err := LoadMLP32(readFile(t, "testdata/parity-mlp.safetensors"))
	must(t, err)
	g := parityGolden{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Trained: parityTrain()}
	rng := NewRand(102)
	for i := 0; i < 8; i++ {
		x := make([]float32, 30)
		for j := range x {
			x[j] = float32(rng.NormFloat64() * 2)
		}
		g.MLPInputs = append(g.MLPInputs, x)
		g.MLPOutputs = append(g.MLPOutputs, m32.Forward(make([]float32, 1), x))
	}
	b, _ := json.MarshalIndent(g, "", " ")
	must(t, os.WriteFile("testdata/parity-golden.json", b, 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestParity(t *testing.T) {
	if *updateParity {
		writeParity(t)
	}
	b, err := os.ReadFile("testdata/parity-golden.json")
	must(t, err)
	var g parityGolden
	must(t, json.Unmarshal(b, &g))
	const tol = 1e-5
	worst := 0.0
	close := func(a, b float64) bool {
		worst = math.Max(worst, math.Abs(a-b))
		return math.Abs(a-b) <= tol
	}
	defer func() { t.Logf("largest float32 output difference from golden: %g", worst) }()
	t.Logf("golden outputs from %s/%s, running on %s/%s", g.GOOS, g.GOARCH, runtime.GOOS, runtime.GOARCH)

	t.Run("the MLP 30-64-32-1 agrees with the golden outputs", func(t *testing.T) {
		m32, err := LoadMLP32(readFile(t, "testdata/parity-mlp.safetensors"))
		must(t, err)
		out := make([]float32, 1)
		for i, x := range g.MLPInputs {
			m32.Forward(out, x)
			if !close(float64(out[0]), float64(g.MLPOutputs[i][0])) {
				t.Errorf("input %d: %v, golden %v", i, out[0], g.MLPOutputs[i][0])
			}
		}
	})
	t.Run("seeded float64 training reaches the same weights", func(t *testing.T) {
		got := parityTrain()
		if len(got) != len(g.Trained) {
			t.Fatalf("%d weights, golden %d", len(got), len(g.Trained))
		}
		worst := 0.0
		for i := range got {
			worst = math.Max(worst, math.Abs(got[i]-g.Trained[i]))
		}
		if worst > 1e-9 {
			t.Fatalf("largest weight difference %g", worst)
		}
		t.Logf("largest weight difference %g", worst)
	})
}
