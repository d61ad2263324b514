package engine

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/safetensors"
)

func TestQuantizeRows(t *testing.T) {
	rng := NewRand(21)
	v := make([]float64, 5*7)
	for i := range v {
		v[i] = rng.NormFloat64() * float64(1+i/7) // rows of different scales
	}
	for j := 7; j < 14; j++ {
		v[j] = 0 // an all-zero row (a padding embedding)
	}
	orig := slices.Clone(v)
	q, scale := QuantizeRows("w", []int{5, 7}, v)
	file := &safetensors.File{Tensors: []safetensors.Tensor{q, scale}}

	t.Run("each value moves by at most half a step of its row", func(t *testing.T) {
		s, _ := scale.Float32()
		for i := range v {
			if d := math.Abs(v[i] - orig[i]); d > float64(s[i/7])/2+1e-12 {
				t.Errorf("value %d: %v -> %v, step %v", i, orig[i], v[i], s[i/7])
			}
		}
	})
	t.Run("the largest value of a row is exactly plus or minus 127 steps", func(t *testing.T) {
		for r := 0; r < 5; r++ {
			if r == 1 {
				continue
			}
			top := 0
			for c := 0; c < 7; c++ {
				top = max(top, int(math.Abs(float64(int8(q.Data[r*7+c])))))
			}
			if top != 127 {
				t.Errorf("row %d: largest |q| %d", r, top)
			}
		}
	})
	t.Run("the float32 reader gives the rounded values", func(t *testing.T) {
		got, err := Weights32(file, "w", 5, 7)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if math.Abs(float64(got[i])-v[i]) > 1e-6*math.Max(1, math.Abs(v[i])) {
				t.Errorf("value %d: read %v, in memory %v", i, got[i], v[i])
			}
		}
	})
	t.Run("quantizing quantized values gives the same tensors", func(t *testing.T) {
		q2, s2 := QuantizeRows("w", []int{5, 7}, v)
		if !slices.Equal(q2.Data, q.Data) || !slices.Equal(s2.Data, scale.Data) {
			t.Fatal("a second pass changed the tensors")
		}
	})
}

func TestWeights32Refuses(t *testing.T) {
	q, scale := QuantizeRows("w", []int{2, 3}, []float64{1, -2, 3, 4, 5, -6})
	bad := safetensors.NewF32("w.scale", []int{2}, []float32{float32(math.NaN()), 1})
	tests := []struct {
		name    string
		tensors []safetensors.Tensor
		shape   []int
		want    string
	}{
		{"an int8 weight without its scale is refused", []safetensors.Tensor{q}, []int{2, 3}, "has no"},
		{"a scale of the wrong length is refused", []safetensors.Tensor{q, safetensors.NewF32("w.scale", []int{3}, []float32{1, 1, 1})}, []int{2, 3}, "want [2]"},
		{"a NaN scale is refused", []safetensors.Tensor{q, bad}, []int{2, 3}, "finite"},
		{"a weight of another shape is refused", []safetensors.Tensor{q, scale}, []int{3, 2}, "want [3 2]"},
		{"a missing weight is refused", nil, []int{2, 3}, "no tensor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Weights32(&safetensors.File{Tensors: tt.tensors}, "w", tt.shape...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
