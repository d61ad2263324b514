//go:build !(js && wasm) || nosimd

package simd

// Natively the pure-Go loops are the only path: the wasm kernels cannot
// run here. Under js/wasm the nosimd build tag gives the same: a program
// with no bedside_simd imports, which any loader (Go's own
// go_js_wasm_exec included) instantiates.

func attached() bool { return false }

func gemv(dst, w, b, x []float32, rows, cols int, relu bool) {}

func gru(wh, bh, gx []float32, idx []int32, h0, out, scratch []float32, T, H, outStride int, reverse bool) {
}

func attention(scores, w, b, v, hs, u []float32, T, A, D int) {}

func pool(ctx, alpha, hs []float32, T, D int) {}

func gemvT(dst, w, g []float32, rows, cols int) {}

func addr(s []float32) int32 { return 0 }

func mlpFwd(e *MLPs, out, x []float32) {}

func mlpIG(e *MLPs, sum []float64, base, x []float32, steps int) {}
