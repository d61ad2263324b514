package engine

import (
	"bytes"
	"testing"

	"github.com/bedside-health/bedside/engine/safetensors"
)

// The input-projection cache must be invisible: whatever a model saw
// before, a sequence gets the same bits as on a fresh model.
func TestTextClassifier32ProjectionCache(t *testing.T) {
	c := TextConfig{Vocab: 50, Embed: 8, Hidden: 6, Attention: 5, Classes: 4}
	var buf bytes.Buffer
	if err := NewTextClassifier(NewRand(3), c).Save(&buf, nil); err != nil {
		t.Fatal(err)
	}
	load := func() *TextClassifier32 {
		f, err := safetensors.Decode(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		m, err := LoadTextClassifier32(f)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	cases := []struct {
		name    string
		history [][]int
		seq     []int
	}{
		{"a sequence on a fresh model", nil, []int{1, 2, 3, 2, 1}},
		{"a sequence after one sharing some tokens", [][]int{{2, 9, 9, 4}}, []int{1, 2, 3, 2, 1}},
		{"a sequence of tokens all seen before", [][]int{{7, 8}, {8, 7, 6}}, []int{6, 7, 8, 8}},
		{"a longer sequence after a shorter one", [][]int{{1}}, []int{49, 0, 1, 25, 25, 25, 3, 4, 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			used := load()
			got, want := make([]float32, c.Classes), make([]float32, c.Classes)
			for _, h := range tc.history {
				if err := used.Logits(got, nil, h); err != nil {
					t.Fatal(err)
				}
			}
			if err := used.Logits(got, nil, tc.seq); err != nil {
				t.Fatal(err)
			}
			if err := load().Logits(want, nil, tc.seq); err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("logit %d: %v after history, %v fresh", i, got[i], want[i])
				}
			}
		})
	}
	t.Run("a repeated sequence does not allocate", func(t *testing.T) {
		m := load()
		out, seq := make([]float32, c.Classes), []int{5, 6, 7}
		m.Logits(out, nil, seq)
		if n := testing.AllocsPerRun(20, func() { m.Logits(out, nil, seq) }); n != 0 {
			t.Errorf("%v allocations per call", n)
		}
	})
}
