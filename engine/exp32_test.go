package engine

import (
	"math"
	"testing"
)

// The float32 activations against float64 math on a dense grid: absolute
// error for sigmoid and tanh (values in [-1, 1]), relative for exp.
func TestExp32(t *testing.T) {
	cases := []struct {
		name     string
		f        func(float32) float32
		ref      func(float64) float64
		lo, hi   float64
		tol      float64
		relative bool
	}{
		{"exp32 is within 3e-7 relative on [-87, 88]", exp32, math.Exp, -87, 88, 3e-7, true},
		{"sigmoid32 is within 2e-7 on [-100, 100]", Sigmoid32, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, -100, 100, 2e-7, false},
		{"tanh32 is within 2e-7 on [-20, 20]", Tanh32, math.Tanh, -20, 20, 2e-7, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			const n = 200001
			worst, at := 0.0, 0.0
			for i := 0; i < n; i++ {
				x := float32(tc.lo + (tc.hi-tc.lo)*float64(i)/(n-1))
				got, want := float64(tc.f(x)), tc.ref(float64(x))
				d := math.Abs(got - want)
				if tc.relative {
					d /= want
				}
				if !(d <= worst) { // also catches NaN
					worst, at = d, float64(x)
				}
			}
			if !(worst <= tc.tol) {
				t.Errorf("error %.3g at x = %v, want <= %g", worst, at, tc.tol)
			}
		})
	}
	t.Run("the activations saturate without NaN or Inf, and NaN stays NaN", func(t *testing.T) {
		inf := float32(math.Inf(1))
		for _, x := range []float32{-inf, -1e30, -90, 90, 1e30, inf} {
			s, th := Sigmoid32(x), Tanh32(x)
			if s < 0 || s > 1 || th < -1 || th > 1 || s != s || th != th {
				t.Errorf("x=%v: sigmoid %v, tanh %v", x, s, th)
			}
		}
		if nan := float32(math.NaN()); exp32(nan) == exp32(nan) || Sigmoid32(nan) == Sigmoid32(nan) || Tanh32(nan) == Tanh32(nan) {
			t.Errorf("NaN in, not NaN out: exp %v, sigmoid %v, tanh %v", exp32(nan), Sigmoid32(nan), Tanh32(nan))
		}
		if Tanh32(0) != 0 || Sigmoid32(0) != 0.5 {
			t.Errorf("tanh32(0) = %v, sigmoid32(0) = %v", Tanh32(0), Sigmoid32(0))
		}
	})
}
