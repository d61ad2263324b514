package engine

import (
	"math"

	"github.com/bedside-health/bedside/engine/simd"
)

// The float32 kernels are plain Go with a fixed summation order, so they
// give the same bits on every GOARCH without FMA fusion (amd64, wasm) and
// within rounding elsewhere. Unrolling by four with independent
// accumulators is what makes them fast under wasm, which has no SIMD:
// ~1.65x over a naive loop.

// Dot32 returns Σ a[i]·b[i] over len(a); b must be at least as long.
// Array-pointer conversions of 4-element blocks leave one bounds check per
// block instead of one per element, which matters in wasm.
func Dot32(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	for len(a) >= 4 && len(b) >= 4 {
		x, y := (*[4]float32)(a), (*[4]float32)(b)
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
		a, b = a[4:], b[4:]
	}
	for i := range a {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// simdMinGemv is the smallest len(dst)·len(x) sent to the SIMD kernel:
// below it the call through JS (about 10 ns) costs more than it saves.
const simdMinGemv = 64

// Gemv32 computes dst[o] = bias[o] + W[o,:]·x for a row-major
// [len(dst), len(x)] W. In js/wasm with SIMD128 it runs engine/simd's
// kernel (same result within float32 rounding: the kernel sums four
// lanes); otherwise gemv32Go.
func Gemv32(dst, w, bias, x []float32) {
	if len(dst)*len(x) >= simdMinGemv && simd.Gemv(dst, w, bias, x, false) == nil {
		return
	}
	gemv32Go(dst, w, bias, x)
}

// gemv32Go is Gemv32 in plain Go, the reference. Four rows at a time
// share each load of x, which is ~20% faster than four separate dots both
// natively and in wasm.
func gemv32Go(dst, w, bias, x []float32) {
	n := len(x)
	bias = bias[:len(dst)]
	o := 0
	for ; o+4 <= len(dst); o += 4 {
		w0 := w[o*n:][:n]
		w1 := w[(o+1)*n:][:n]
		w2 := w[(o+2)*n:][:n]
		w3 := w[(o+3)*n:][:n]
		var s0, s1, s2, s3 float32
		for i, xv := range x {
			s0 += w0[i] * xv
			s1 += w1[i] * xv
			s2 += w2[i] * xv
			s3 += w3[i] * xv
		}
		d := (*[4]float32)(dst[o:])
		bb := (*[4]float32)(bias[o:])
		d[0] = bb[0] + s0
		d[1] = bb[1] + s1
		d[2] = bb[2] + s2
		d[3] = bb[3] + s3
	}
	for ; o < len(dst); o++ {
		dst[o] = bias[o] + Dot32(x, w[o*n:][:n])
	}
}

// Axpy32 adds a·x into y.
func Axpy32(a float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += a * v
	}
}

// Softmax32 normalises x in place with the max shift.
func Softmax32(x []float32) {
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
