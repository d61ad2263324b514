package engine

import (
	"bytes"
	"math"
	"testing"

	"github.com/bedside-health/bedside/engine/safetensors"
	"gonum.org/v1/gonum/mat"
)

func saved(t testing.TB, s *Sequential) *safetensors.File {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Save(&buf, map[string]string{"task": "test"}); err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMLP32(t *testing.T) {
	for _, act := range []string{"relu", "tanh", "sigmoid"} {
		t.Run("a float32 "+act+" MLP gives the float64 model's outputs", func(t *testing.T) {
			model := NewMLP(NewRand(9), []int{30, 64, 32, 3}, act, 0.2)
			m32, err := LoadMLP32(saved(t, model))
			if err != nil {
				t.Fatal(err)
			}
			x := randDense(NewRand(10), 5, 30, 1)
			want := model.Forward(x, false)
			got := make([]float32, 3)
			for i := 0; i < 5; i++ {
				x32 := f32(x.RawRowView(i))
				m32.Forward(got, x32)
				for j := range got {
					if d := math.Abs(float64(got[j]) - want.At(i, j)); d > 1e-4 {
						t.Errorf("row %d out %d: %v vs %v", i, j, got[j], want.At(i, j))
					}
				}
			}
		})
	}
	t.Run("the float32 input gradient matches the float64 backward pass", func(t *testing.T) {
		model := NewMLP(NewRand(9), []int{6, 5, 4, 2}, "tanh", 0)
		m32, _ := LoadMLP32(saved(t, model))
		model, _ = LoadSequential(saved(t, model)) // same float32-rounded weights
		x := randDense(NewRand(3), 1, 6, 1)
		model.Forward(x, false)
		want := model.Backward(mat.NewDense(1, 2, []float64{0, 1}))
		got := m32.InputGrad(make([]float32, 6), f32(x.RawRowView(0)), 1)
		for j := range got {
			if d := math.Abs(float64(got[j]) - want.At(0, j)); d > 1e-5 {
				t.Errorf("input %d: %v vs %v", j, got[j], want.At(0, j))
			}
		}
	})
	t.Run("the input gradient kept for a ReLU pattern equals a fresh backward pass, bit for bit", func(t *testing.T) {
		for _, act := range []string{"relu", "tanh"} {
			model := NewMLP(NewRand(11), []int{8, 12, 6, 2}, act, 0)
			f := saved(t, model)
			reused, _ := LoadMLP32(f)
			base, x := make([]float32, 8), f32(randDense(NewRand(12), 1, 8, 2).RawRowView(0))
			p, got := make([]float32, 8), make([]float32, 8)
			for step := 0; step < 64; step++ {
				a := float32(step) / 63
				for i := range p {
					p[i] = base[i] + a*(x[i]-base[i])
				}
				k := step / 32 // the output changes half-way, so the kept gradient must not be reused
				reused.InputGrad(got, p, k)
				fresh, _ := LoadMLP32(f)
				want := fresh.InputGrad(make([]float32, 8), p, k)
				for j := range want {
					if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
						t.Fatalf("%s, step %d, output %d, input %d: %v, fresh %v", act, step, k, j, got[j], want[j])
					}
				}
			}
		}
	})
	t.Run("the gradients summed along a path equal input gradients at its midpoints", func(t *testing.T) {
		for _, act := range []string{"relu", "tanh"} {
			f := saved(t, NewMLP(NewRand(13), []int{7, 10, 5, 1}, act, 0))
			m, _ := LoadMLP32(f)
			base, x := f32(randDense(NewRand(14), 1, 7, 1).RawRowView(0)), f32(randDense(NewRand(15), 1, 7, 2).RawRowView(0))
			got := make([]float64, 7)
			m.PathGrad(got, base, x, 16, 0)
			want, g, p := make([]float64, 7), make([]float32, 7), make([]float32, 7)
			for s := 0; s < 16; s++ {
				a := (float32(s) + 0.5) / 16
				for i := range p {
					p[i] = base[i] + a*(x[i]-base[i])
				}
				fresh, _ := LoadMLP32(f)
				fresh.InputGrad(g, p, 0)
				for i, v := range g {
					want[i] += float64(v)
				}
			}
			for i := range want {
				if d := math.Abs(got[i] - want[i]); d > 1e-4*math.Max(1, math.Abs(want[i])) {
					t.Errorf("%s input %d: path %v, points %v", act, i, got[i], want[i])
				}
			}
		}
	})
	t.Run("a batch-1 forward and input gradient allocate nothing", func(t *testing.T) {
		m32, _ := LoadMLP32(saved(t, NewMLP(NewRand(1), []int{30, 64, 32, 1}, "relu", 0)))
		x, dst, g := make([]float32, 30), make([]float32, 1), make([]float32, 30)
		if n := testing.AllocsPerRun(100, func() { m32.Forward(dst, x) }); n != 0 {
			t.Errorf("Forward: %v allocs", n)
		}
		if n := testing.AllocsPerRun(100, func() { m32.InputGrad(g, x, 0) }); n != 0 {
			t.Errorf("InputGrad: %v allocs", n)
		}
		sum := make([]float64, 30)
		if n := testing.AllocsPerRun(100, func() { m32.PathGrad(sum, x, g, 16, 0) }); n != 0 {
			t.Errorf("PathGrad: %v allocs", n)
		}
	})
	t.Run("a file without layer specs is refused with a message", func(t *testing.T) {
		var buf bytes.Buffer
		SaveParams(&buf, NewMLP(NewRand(1), []int{2, 1}, "relu", 0).Params(), nil)
		f, _ := safetensors.Decode(buf.Bytes())
		if _, err := LoadMLP32(f); err == nil {
			t.Fatal("loaded")
		}
	})
	t.Run("a file whose tensor shape disagrees with its specs is refused", func(t *testing.T) {
		f := saved(t, NewMLP(NewRand(1), []int{4, 3, 1}, "relu", 0))
		f.Metadata[MetaLayers] = `[{"kind":"dense","name":"dense0","in":5,"out":3}]`
		if _, err := LoadMLP32(f); err == nil {
			t.Fatal("loaded")
		}
	})
}

func f32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

func TestWeightsRoundTrip(t *testing.T) {
	t.Run("saving and loading float32-representable weights is bit-for-bit", func(t *testing.T) {
		a := NewMLP(NewRand(2), []int{7, 5, 3}, "relu", 0.1)
		for _, p := range a.Params() {
			for i, v := range p.Value {
				p.Value[i] = float64(float32(v))
			}
		}
		var buf bytes.Buffer
		if err := a.Save(&buf, nil); err != nil {
			t.Fatal(err)
		}
		f, err := safetensors.Decode(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		b, err := LoadSequential(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range b.Params() {
			for j, v := range p.Value {
				if math.Float64bits(v) != math.Float64bits(a.Params()[i].Value[j]) {
					t.Fatalf("%s[%d]: %v != %v", p.Name, j, v, a.Params()[i].Value[j])
				}
			}
		}
		var again bytes.Buffer
		b.Save(&again, nil)
		if !bytes.Equal(buf.Bytes(), again.Bytes()) {
			t.Error("re-saving a loaded model changed the file")
		}
	})
}
