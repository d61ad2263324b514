// Package simd runs engine's hot float32 loops as WebAssembly SIMD128
// kernels when the engine is compiled to js/wasm, where Go's compiler
// emits no SIMD: a whole GRU direction, attention scores, attention
// pooling and dense layers, each in one call. Natively, and in a browser
// without SIMD128, every function returns ErrUnavailable and the caller
// runs its pure-Go loop, which stays the reference.
//
// The kernels are a small module (kernels.wasm, written by
// internal/kernels; go generate rebuilds it) that imports the Go
// program's own linear memory, so they work on Go slices in place. Go
// calls them through //go:wasmimport functions that web/simd.js supplies
// (tiny JS trampolines, about 10 ns a call); the module itself is
// compiled the first time a kernel is wanted, if WebAssembly.validate
// accepts it. A Go program built with this package therefore needs
// web/simd.js in its loader (bedsideSIMD.install(go) before
// instantiating), or it does not instantiate; built with -tags nosimd it
// has no such imports and always runs the Go loops.
//
// The kernels trust their arguments, so every wrapper here checks every
// length and shape first and returns ErrShape rather than let a kernel
// write outside its slices.
package simd

//go:generate go run ./internal/gen -o kernels.wasm

import (
	_ "embed"
	"errors"
	"sync/atomic"
)

// ModuleBytes is the kernel module, as internal/kernels writes it.
//
//go:embed kernels.wasm
var ModuleBytes []byte

var (
	// ErrUnavailable means the kernels do not run here: run the Go loop.
	ErrUnavailable = errors.New("simd: kernels unavailable")
	// ErrShape means the arguments do not fit together; nothing was written.
	ErrShape = errors.New("simd: bad shape")
)

var disabled atomic.Bool

// Enable turns the kernels on or off for the whole program and returns
// the previous setting: for tests and benchmarks that compare a kernel
// with the pure-Go path in one process.
func Enable(on bool) (was bool) { return !disabled.Swap(!on) }

// Available reports whether the kernels run: js/wasm, a loader that
// installed web/simd.js, SIMD128 support, and not disabled.
func Available() bool { return !disabled.Load() && attached() }

// Gemv sets dst = W x + b (and, with relu, zeroes dst[i] < 0 as engine's
// ReLU does) for a row-major W [len(dst)][len(x)]; w and b may be longer.
func Gemv(dst, w, b, x []float32, relu bool) error {
	rows, cols := len(dst), len(x)
	if len(w) < rows*cols || len(b) < rows {
		return ErrShape
	}
	if rows == 0 {
		return nil
	}
	if !Available() {
		return ErrUnavailable
	}
	gemv(dst, w, b, x, rows, cols, relu)
	return nil
}

// GRU runs one direction of a PyTorch-layout GRU (engine.GRU32) over T =
// len(idx) steps, given the input projections: step t reads the 3H
// projection at gx[idx[t]*3H:], starts from h0 (H floats, usually zeros)
// and writes its state to out[t*outStride:][:H]. Steps run backwards
// with reverse. wh is [3H][H], bh 3H; scratch holds at least 3H floats.
// H must be a multiple of 4.
func GRU(wh, bh, gx []float32, idx []int32, h0, out, scratch []float32, H, outStride int, reverse bool) error {
	T := len(idx)
	if H <= 0 || H%4 != 0 || len(wh) < 3*H*H || len(bh) < 3*H || len(h0) < H || len(scratch) < 3*H || outStride < H {
		return ErrShape
	}
	if T == 0 {
		return nil
	}
	if T > 1 && outStride > len(out) || len(out) < (T-1)*outStride+H {
		return ErrShape // the first test keeps the product from overflowing
	}
	rows := len(gx) / (3 * H)
	for _, i := range idx {
		if i < 0 || int(i) >= rows {
			return ErrShape
		}
	}
	if !Available() {
		return ErrUnavailable
	}
	gru(wh, bh, gx, idx, h0, out, scratch, T, H, outStride, reverse)
	return nil
}

// Attention writes scores[t] = v · tanh(W hs[t] + b) for the T =
// len(scores) rows of hs (D floats each), W [A][D] with A = len(v), a
// multiple of 4; u is A floats of scratch.
func Attention(scores, w, b, v, hs, u []float32, D int) error {
	T, A := len(scores), len(v)
	if A == 0 || A%4 != 0 || D < 0 || len(w) < A*D || len(b) < A || len(u) < A || len(hs) < T*D {
		return ErrShape
	}
	if T == 0 {
		return nil
	}
	if !Available() {
		return ErrUnavailable
	}
	attention(scores, w, b, v, hs, u, T, A, D)
	return nil
}

// Pool sets ctx = Σ_t alpha[t] hs[t] over the T = len(alpha) rows of hs
// (len(ctx) floats each, a multiple of 4), adding in step order: the same
// bits as engine.Axpy32 in a loop.
func Pool(ctx, alpha, hs []float32) error {
	T, D := len(alpha), len(ctx)
	if D%4 != 0 || len(hs) < T*D {
		return ErrShape
	}
	if D == 0 {
		return nil
	}
	if !Available() {
		return ErrUnavailable
	}
	pool(ctx, alpha, hs, T, D)
	return nil
}

// GemvT sets dst = Σ_o g[o] W[o,:] for a row-major W [len(g)][len(dst)]
// (w may be longer), skipping g[o] == 0 and adding row by row: the same
// bits as engine.Axpy32 in a loop over the rows.
func GemvT(dst, w, g []float32) error {
	rows, cols := len(g), len(dst)
	if len(w) < rows*cols {
		return ErrShape
	}
	if cols == 0 {
		return nil
	}
	if !Available() {
		return ErrUnavailable
	}
	gemvT(dst, w, g, rows, cols)
	return nil
}
