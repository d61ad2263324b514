package textnet

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"runtime"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// The parity test pins the float32 network's outputs, computed natively, in
// testdata; the same test under GOOS=js GOARCH=wasm (make test-wasm) loads
// the same weights and must agree within 1e-5. Regenerate natively with
// go test -run Parity -update-parity ./engine/clinical/textmodel/textnet
// (only after a deliberate change to the numerics).
var updateParity = flag.Bool("update-parity", false, "rewrite the parity golden files in testdata")

type parityGolden struct {
	GOOS, GOARCH string
	TextInputs   [][]int
	TextProbs    [][]float32
	TextAtt      [][]float32
}

var parityText = Config{Vocab: 500, Embed: 16, Hidden: 16, Attention: 16, Classes: 24, Pad: 0}

func readFile(t *testing.T, name string) *safetensors.File {
	t.Helper()
	b, err := os.ReadFile(name)
	must(t, err)
	f, err := safetensors.Decode(b)
	must(t, err)
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func writeParity(t *testing.T) {
	var text bytes.Buffer
	must(t, New(engine.NewRand(101), parityText).Save(&text, map[string]string{"purpose": "parity test"}))
	must(t, os.WriteFile("testdata/parity-text.safetensors", text.Bytes(), 0o644))
	t32, err := Load32(readFile(t, "testdata/parity-text.safetensors"))
	must(t, err)
	g := parityGolden{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	rng := engine.NewRand(102)
	// The inputs were drawn after the engine's MLP inputs from one stream;
	// skipping those draws regenerates the same sequences.
	for i := 0; i < 8*30; i++ {
		rng.NormFloat64()
	}
	for _, n := range []int{1, 2, 7, 64, 200} {
		ids := make([]int, n)
		for j := range ids {
			ids[j] = 1 + rng.IntN(parityText.Vocab-1)
		}
		probs, att := make([]float32, parityText.Classes), make([]float32, n)
		must(t, t32.Forward(probs, att, ids))
		g.TextInputs, g.TextProbs, g.TextAtt = append(g.TextInputs, ids), append(g.TextProbs, probs), append(g.TextAtt, att)
	}
	b, _ := json.MarshalIndent(g, "", " ")
	must(t, os.WriteFile("testdata/parity-golden.json", b, 0o644))
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
	if len(g.TextInputs) == 0 {
		t.Fatal("the golden file holds no sequences")
	}

	t32, err := Load32(readFile(t, "testdata/parity-text.safetensors"))
	must(t, err)
	for i, ids := range g.TextInputs {
		probs, att := make([]float32, parityText.Classes), make([]float32, len(ids))
		must(t, t32.Forward(probs, att, ids))
		for j := range probs {
			if !close(float64(probs[j]), float64(g.TextProbs[i][j])) {
				t.Errorf("sequence %d class %d: %v, golden %v", i, j, probs[j], g.TextProbs[i][j])
			}
		}
		for j := range att {
			if !close(float64(att[j]), float64(g.TextAtt[i][j])) {
				t.Errorf("sequence %d token %d attention: %v, golden %v", i, j, att[j], g.TextAtt[i][j])
			}
		}
	}
}
