//go:build !(js && wasm)

package simd

// Natively the pure-Go loops are the only path: Go's compiler vectorises
// nothing either, but native code is fast enough and the wasm kernels
// cannot run here.

func attached() bool { return false }

func gemv(dst, w, b, x []float32, rows, cols int, relu bool) {}

func gru(wh, bh, gx []float32, idx []int32, h0, out, scratch []float32, T, H, outStride int, reverse bool) {
}

func attention(scores, w, b, v, hs, u []float32, T, A, D int) {}

func pool(ctx, alpha, hs []float32, T, D int) {}

func gemvT(dst, w, g []float32, rows, cols int) {}
