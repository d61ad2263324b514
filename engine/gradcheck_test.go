package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The tolerance the issue asks for: relative error below 1e-4 in float64.
const gradTol = 1e-4

// checkGrad compares an analytic gradient of loss with respect to values
// (perturbed in place) with central differences. The error is measured as
// |a−n| / max(|a|+|n|, 1e-6) per entry, so that entries near zero are
// judged on absolute error.
func checkGrad(t *testing.T, what string, loss func() float64, values, analytic []float64) {
	t.Helper()
	if len(values) != len(analytic) {
		t.Fatalf("%s: %d values, %d gradients", what, len(values), len(analytic))
	}
	const h = 1e-5
	worst := 0.0
	for i := range values {
		v := values[i]
		values[i] = v + h
		up := loss()
		values[i] = v - h
		down := loss()
		values[i] = v
		num := (up - down) / (2 * h)
		e := math.Abs(analytic[i]-num) / math.Max(math.Abs(analytic[i])+math.Abs(num), 1e-6)
		if e > worst {
			worst = e
		}
		if e > gradTol {
			t.Errorf("%s[%d]: analytic %.10g, numeric %.10g (rel err %.2g)", what, i, analytic[i], num, e)
			return
		}
	}
	t.Logf("%s: %d entries, worst rel err %.2g", what, len(values), worst)
}

func randDense(rng *rand.Rand, r, c int, scale float64) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range m.RawMatrix().Data {
		m.RawMatrix().Data[i] = scale * rng.NormFloat64()
	}
	return m
}

// weightedSum is the test loss Σ y⊙R: its gradient with respect to y is R.
func weightedSum(y, r *mat.Dense) float64 { return mat.Sum(elemMul(y, r)) }

func elemMul(a, b *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.MulElem(a, b)
	return &out
}

// checkLayer checks a layer's input and parameter gradients. reset is
// called before every forward pass (to replay dropout masks).
func checkLayer(t *testing.T, l Layer, x *mat.Dense, train bool, reset func()) {
	t.Helper()
	rng := NewRand(7)
	if reset == nil {
		reset = func() {}
	}
	reset()
	y := l.Forward(x, train)
	yr, yc := y.Dims()
	r := randDense(rng, yr, yc, 1)
	ZeroGrad(l.Params())
	dx := mat.DenseCopyOf(l.Backward(r))
	loss := func() float64 { reset(); return weightedSum(l.Forward(x, train), r) }
	checkGrad(t, "input", loss, x.RawMatrix().Data, dx.RawMatrix().Data)
	for _, p := range l.Params() {
		checkGrad(t, p.Name, loss, p.Value, append([]float64(nil), p.Grad...))
	}
}

func TestLayerGradients(t *testing.T) {
	rng := NewRand(1)
	drop := NewDropout(0.3, 5)
	withDrop := NewMLP(NewRand(6), []int{5, 6, 4, 2}, "relu", 0.3)
	replayDrop := func() {
		for i, l := range withDrop.Layers {
			if d, ok := l.(*Dropout); ok {
				d.rng = NewRand(uint64(i))
			}
		}
	}
	tests := []struct {
		name  string
		layer Layer
		train bool
		reset func()
	}{
		{"a dense layer's gradients match central differences", NewDense(rng, "d", 5, 3, 1), false, nil},
		{"relu's gradients match central differences", NewReLU(), false, nil},
		{"sigmoid's gradients match central differences", NewSigmoid(), false, nil},
		{"tanh's gradients match central differences", NewTanh(), false, nil},
		{"softmax's gradients match central differences", NewSoftmax(), false, nil},
		{"dropout's gradients match central differences while training", drop, true, func() { drop.rng = NewRand(5) }},
		{"a tanh MLP in training mode has matching gradients", NewMLP(NewRand(3), []int{5, 8, 6, 2}, "tanh", 0), true, nil},
		{"a relu MLP with dropout has matching gradients while training", withDrop, true, replayDrop},
		{"a relu MLP has matching gradients", NewMLP(NewRand(4), []int{5, 7, 3}, "relu", 0), false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := randDense(NewRand(11), 4, 5, 1)
			checkLayer(t, tt.layer, x, tt.train, tt.reset)
		})
	}
}

func TestLossGradients(t *testing.T) {
	rng := NewRand(2)
	logits := randDense(rng, 6, 4, 2)
	labels := []int{0, 3, 1, 1, 2, 3}
	targets := mat.NewDense(6, 4, nil)
	for i := range targets.RawMatrix().Data {
		targets.RawMatrix().Data[i] = rng.Float64()
	}
	risk := randDense(rng, 8, 1, 1)
	times := []float64{5, 3, 3, 8, 1, 3, 9, 2}
	events := []bool{true, true, false, true, false, true, false, true}
	type lossFn func() (float64, *mat.Dense)
	tests := []struct {
		name   string
		logits *mat.Dense
		f      lossFn
	}{
		{"binary cross-entropy matches central differences", logits, func() (float64, *mat.Dense) { return BCEWithLogits{}.Loss(logits, targets) }},
		{"binary cross-entropy with a positive weight matches central differences", logits, func() (float64, *mat.Dense) { return BCEWithLogits{PosWeight: 3}.Loss(logits, targets) }},
		{"cross-entropy matches central differences", logits, func() (float64, *mat.Dense) { return CrossEntropy{}.Loss(logits, labels) }},
		{"cross-entropy with class weights and label smoothing matches central differences", logits, func() (float64, *mat.Dense) {
			return CrossEntropy{ClassWeights: []float64{1, 2, 0.5, 3}, Smoothing: 0.1}.Loss(logits, labels)
		}},
		{"mean squared error matches central differences", logits, func() (float64, *mat.Dense) { return MSE(logits, targets) }},
		{"the Cox partial likelihood with tied times matches central differences", risk, func() (float64, *mat.Dense) { return Cox{}.Loss(risk, times, events) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, g := tt.f()
			g = mat.DenseCopyOf(g)
			checkGrad(t, "logits", func() float64 { l, _ := tt.f(); return l }, tt.logits.RawMatrix().Data, g.RawMatrix().Data)
		})
	}
}
