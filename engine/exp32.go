package engine

import "math"

// exp32, sigmoid32 and tanh32 are float32 versions of the activations on
// the inference path. math.Exp and math.Tanh are float64 and, in wasm,
// pure Go with no assembly: in the text model they were ~15% of the time
// (one exp per gate per unit per step). These use Cephes' single-precision
// polynomials: within a few float32 ulps of the float64 functions
// (TestExp32 pins the bounds), with plain multiplies and adds only, so
// amd64 and wasm still give the same bits.

const (
	expHi = 88.0 // e^88 < MaxFloat32, and 2^n stays a normal float32
	expLo = -87.0
)

// exp32 returns e^x for x clamped to [expLo, expHi] (NaN stays NaN).
// The clamp is written with ifs: Go's min and max builtins on floats
// handle NaN and signed zeros with extra branches, which made the whole
// function twice as slow in wasm.
func exp32(x float32) float32 {
	if x > expHi {
		x = expHi
	} else if x < expLo {
		x = expLo
	} else if x != x {
		return x
	}
	// x = n·ln2 + r with |r| <= ln2/2; ln2 split in two so n·C1 is exact.
	z := x * 1.44269504088896341
	var n int32
	if z >= 0 {
		n = int32(z + 0.5)
	} else {
		n = int32(z - 0.5)
	}
	fn := float32(n)
	r := x - fn*0.693359375
	r = r + fn*2.12194440e-4
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	y := p*(r*r) + r + 1
	return y * math.Float32frombits(uint32(n+127)<<23)
}

// Sigmoid32 is the logistic function on float32, within 2e-7 of the exact
// value and the same bits on every platform (see exp32).
func Sigmoid32(x float32) float32 {
	if x >= 0 {
		return 1 / (1 + exp32(-x))
	}
	e := exp32(x)
	return e / (1 + e)
}

// Tanh32 is tanh on float32, within 2e-7 and platform-independent like
// Sigmoid32.
func Tanh32(x float32) float32 {
	a := x
	if a < 0 {
		a = -a
	}
	if a < 0.625 { // near 0, 1 - 2/(e^2x + 1) would cancel
		z := x * x
		p := float32(-5.70498872745e-3)
		p = p*z + 2.06390887954e-2
		p = p*z - 5.37397155531e-2
		p = p*z + 1.33314422036e-1
		p = p*z - 3.33332819422e-1
		return p*z*x + x
	}
	if a > 9 { // tanh(9) rounds to 1 in float32
		a = 1
	} else {
		a = 1 - 2/(exp32(2*a)+1)
	}
	if x < 0 {
		return -a
	}
	return a
}
