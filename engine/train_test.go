package engine

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// trainXOR trains a small MLP on a noisy XOR problem and returns it with
// its final loss.
func trainXOR(seed uint64, opt Optimizer) (*Sequential, float64) {
	rng := NewRand(seed)
	n := 64
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		a, b := rng.IntN(2), rng.IntN(2)
		x.Set(i, 0, float64(a)+0.1*rng.NormFloat64())
		x.Set(i, 1, float64(b)+0.1*rng.NormFloat64())
		y[i] = a ^ b
	}
	model := NewMLP(rng, []int{2, 16, 2}, "tanh", 0.05)
	ps := model.Params()
	var loss float64
	for epoch := 0; epoch < 150; epoch++ {
		for _, idx := range Batches(rng, n, 16) {
			lab := make([]int, len(idx))
			for i, j := range idx {
				lab[i] = y[j]
			}
			ZeroGrad(ps)
			out := model.Forward(Rows(x, idx), true)
			var d *mat.Dense
			loss, d = CrossEntropy{Smoothing: 0.01}.Loss(out, lab)
			model.Backward(d)
			ClipGradNorm(ps, 5)
			opt.Step(ps)
		}
	}
	return model, loss
}

func TestTraining(t *testing.T) {
	t.Run("the same seed gives bit-identical weights", func(t *testing.T) {
		a, _ := trainXOR(42, NewAdam(0.01))
		b, _ := trainXOR(42, NewAdam(0.01))
		for i, p := range a.Params() {
			for j, v := range p.Value {
				if math.Float64bits(v) != math.Float64bits(b.Params()[i].Value[j]) {
					t.Fatalf("%s[%d] differs", p.Name, j)
				}
			}
		}
	})
	t.Run("a different seed gives different weights", func(t *testing.T) {
		a, _ := trainXOR(42, NewAdam(0.01))
		b, _ := trainXOR(43, NewAdam(0.01))
		if a.Params()[0].Value[0] == b.Params()[0].Value[0] {
			t.Fatal("seeds 42 and 43 gave the same first weight")
		}
	})
	for _, tc := range []struct {
		name string
		opt  Optimizer
	}{
		{"Adam with weight decay learns XOR", &Adam{LR: 0.02, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-4}},
		{"SGD with momentum learns XOR", &SGD{LR: 0.1, Momentum: 0.9}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, loss := trainXOR(7, tc.opt); loss > 0.2 {
				t.Fatalf("final loss %.3f, want < 0.2", loss)
			}
		})
	}
}

func TestTrainingHelpers(t *testing.T) {
	t.Run("batches cover every index once", func(t *testing.T) {
		seen := map[int]int{}
		bs := Batches(NewRand(1), 10, 4)
		if len(bs) != 3 || len(bs[2]) != 2 {
			t.Fatalf("batch sizes: %v", bs)
		}
		for _, b := range bs {
			for _, i := range b {
				seen[i]++
			}
		}
		for i := 0; i < 10; i++ {
			if seen[i] != 1 {
				t.Fatalf("index %d seen %d times", i, seen[i])
			}
		}
	})
	t.Run("gradient clipping bounds the global norm", func(t *testing.T) {
		p := &Param{Value: make([]float64, 2), Grad: []float64{3, 4}}
		if n := ClipGradNorm([]*Param{p}, 1); n != 5 || math.Abs(math.Hypot(p.Grad[0], p.Grad[1])-1) > 1e-12 {
			t.Fatalf("norm %v, grads %v", n, p.Grad)
		}
	})
	t.Run("early stopping stops after patience epochs without improvement", func(t *testing.T) {
		es := EarlyStopping{Patience: 2, Higher: true}
		var got []bool
		for e, m := range []float64{0.5, 0.6, 0.55, 0.58, 0.7} {
			imp, stop := es.Observe(e, m)
			got = append(got, imp)
			if stop {
				if e != 3 || es.BestEpoch != 1 {
					t.Fatalf("stopped at %d with best %d", e, es.BestEpoch)
				}
				return
			}
		}
		t.Fatalf("never stopped: %v", got)
	})
	t.Run("cosine decay warms up then anneals to the floor", func(t *testing.T) {
		s := CosineDecay(1, 0.1, 2, 10)
		if s(0) != 0.5 || s(1) != 1 || s(2) != 1 || s(10) != 0.1 || !(s(6) < 1 && s(6) > 0.1) {
			t.Fatalf("schedule: %v %v %v %v %v", s(0), s(1), s(2), s(6), s(10))
		}
		if d := StepDecay(1, 0.5, 3); d(2) != 1 || d(3) != 0.5 {
			t.Fatal("step decay")
		}
	})
	t.Run("log-sum-exp does not overflow on huge logits", func(t *testing.T) {
		if v := LogSumExp([]float64{1000, 1000}); math.Abs(v-(1000+math.Ln2)) > 1e-9 {
			t.Fatal(v)
		}
		l, _ := CrossEntropy{}.Loss(mat.NewDense(1, 2, []float64{1e4, -1e4}), []int{1})
		if math.IsInf(l, 0) || math.IsNaN(l) || math.Abs(l-2e4) > 1e-6 {
			t.Fatal(l)
		}
		b, _ := BCEWithLogits{}.Loss(mat.NewDense(1, 1, []float64{-1e4}), mat.NewDense(1, 1, []float64{1}))
		if math.Abs(b-1e4) > 1e-6 {
			t.Fatal(b)
		}
	})
	t.Run("a Cox batch without events has zero loss and gradient", func(t *testing.T) {
		l, g := Cox{}.Loss(mat.NewDense(2, 1, []float64{1, 2}), []float64{1, 2}, []bool{false, false})
		if l != 0 || mat.Sum(g) != 0 {
			t.Fatal(l, g)
		}
	})
	t.Run("the Cox loss equals the textbook formula", func(t *testing.T) {
		eta := []float64{0.5, -1, 2}
		times := []float64{2, 1, 2}
		ev := []bool{true, true, false}
		// event at t=1: risk set all three; event at t=2: subjects 0 and 2.
		want := -((eta[1] - math.Log(math.Exp(eta[0])+math.Exp(eta[1])+math.Exp(eta[2]))) +
			(eta[0] - math.Log(math.Exp(eta[0])+math.Exp(eta[2])))) / 2
		got, _ := Cox{}.Loss(mat.NewDense(3, 1, eta), times, ev)
		if math.Abs(got-want) > 1e-12 {
			t.Fatalf("got %v want %v", got, want)
		}
	})
}

func TestBaselineHazard(t *testing.T) {
	t.Run("with zero risks it is the Nelson–Aalen estimator", func(t *testing.T) {
		// times 1(event) 2(event) 2(censored) 3(event): at-risk 4, 3, 1.
		times, h := BaselineHazard([]float64{0, 0, 0, 0}, []float64{1, 2, 2, 3}, []bool{true, true, false, true})
		want := []float64{1.0 / 4, 1.0/4 + 1.0/3, 1.0/4 + 1.0/3 + 1}
		if len(times) != 3 || times[0] != 1 || times[2] != 3 {
			t.Fatalf("times %v", times)
		}
		for i := range want {
			if math.Abs(h[i]-want[i]) > 1e-12 {
				t.Fatalf("H0 = %v, want %v", h, want)
			}
		}
	})
	t.Run("log risks whose exponential overflows still give the right hazard", func(t *testing.T) {
		// exp(710) is +Inf in float64; the shifted sums keep H0(1) ≈ 3e-309.
		_, h := BaselineHazard([]float64{709, 710}, []float64{1, 2}, []bool{true, false})
		want := math.Exp(-710) / (1 + math.Exp(-1))
		if want == 0 || math.Abs(h[0]-want) > 1e-9*want {
			t.Fatalf("H0 = %v, want %v", h, want)
		}
	})
}
