package textnet

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/engine/simd"
)

// shippedMembers loads member 0 of each shipped text model in web/models.
func shippedMembers(t *testing.T) map[string]*Classifier32 {
	t.Helper()
	out := map[string]*Classifier32{}
	for _, name := range []string{"symptom", "specialty", "department"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "web", "models", name+".safetensors"))
		if err != nil {
			t.Logf("no shipped %s model: %v", name, err)
			continue
		}
		f, err := safetensors.Decode(b)
		must(t, err)
		sub := &safetensors.File{Metadata: map[string]string{clinical.MetaTextConfig: f.Metadata[clinical.MetaTextConfig]}}
		for _, ts := range f.Tensors {
			if n, ok := strings.CutPrefix(ts.Name, "m0."); ok && !strings.HasPrefix(n, "wide.") {
				ts.Name = n
				sub.Tensors = append(sub.Tensors, ts)
			}
		}
		m, err := Load32(sub)
		must(t, err)
		out[name] = m
	}
	return out
}

// With engine/simd's kernels on (js/wasm, make test-wasm) the network's
// logits and attention agree with the pure-Go path within 1e-6 on the
// shipped weights and on random ones; natively both runs are the Go path
// and agree exactly.
func TestKernelsMatchGoPath(t *testing.T) {
	models := shippedMembers(t)
	models["random weights, hidden 64"] = benchTextT(t, Config{Vocab: 3000, Embed: 64, Hidden: 64, Attention: 64, Classes: 24})
	for name, m := range models {
		for _, T := range []int{1, 64, 256} {
			for _, cached := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s, %d tokens, cached projections %v", name, T, cached), func(t *testing.T) {
					if cached {
						m.CacheInputProjections()
					}
					rng := engine.NewRand(uint64(T))
					ids := make([]int, T)
					for i := range ids {
						ids[i] = rng.IntN(m.Config.Vocab)
					}
					C := m.Config.Classes
					want, wantAtt := make([]float32, C), make([]float32, T)
					was := simd.Enable(false)
					must(t, m.Logits(want, wantAtt, ids))
					simd.Enable(was)
					got, gotAtt := make([]float32, C), make([]float32, T)
					must(t, m.Logits(got, gotAtt, ids))
					worst := 0.0
					for c := range want {
						worst = max(worst, math.Abs(float64(got[c]-want[c]))/math.Max(1, math.Abs(float64(want[c]))))
					}
					for i := range wantAtt {
						worst = max(worst, math.Abs(float64(gotAtt[i]-wantAtt[i])))
					}
					if worst > 1e-6 {
						t.Fatalf("largest relative error %.2g (logits %v, Go %v)", worst, got, want)
					}
					t.Logf("largest relative error %.2g", worst)
				})
			}
		}
	}
}

func benchTextT(t *testing.T, c Config) *Classifier32 {
	var buf strings.Builder
	must(t, New(engine.NewRand(1), c).Save(&buf, nil))
	f, err := safetensors.Decode([]byte(buf.String()))
	must(t, err)
	m, err := Load32(f)
	must(t, err)
	return m
}
