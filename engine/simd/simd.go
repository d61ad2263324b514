// Package simd runs engine's hot float32 loops as WebAssembly SIMD128
// kernels when the engine is compiled to js/wasm, where Go's compiler
// emits no SIMD: a whole GRU direction, attention scores, attention
// pooling and dense layers, each in one call, and for an ensemble of
// small MLPs all members' forward passes, or all their integrated-
// gradient steps, in one call (MLPs). Natively, and in a browser
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

// MaxWidth bounds each width of an MLPs, so that no address computed
// from the widths can overflow.
const MaxWidth = 4096

// MLPWeights is one member of an MLPs: W0 [h1][in], W1 [h2][h1], W2
// [1][h2], row-major, and their biases; the slices may be longer.
type MLPWeights struct {
	W0, B0, W1, B1, W2, B2 []float32
}

// MLPs is an ensemble of networks in -> h1 -> ReLU -> h2 -> ReLU -> 1 of
// one shape, whose forward pass and integrated gradients each run as one
// kernel call for all members (see Forward and PathGrad). It keeps
// scratch buffers: not safe for concurrent use.
type MLPs struct {
	in, h1, h2 int
	members    []MLPWeights
	// Zero-padded copies the kernels read four lanes at a time: W1ᵀ with
	// rows of h2p floats (h2 rounded up to 4), b1 and w2 to h2p, W1 with
	// rows of h1p floats.
	w1t, b1, w2, w1p [][]float32
	scr              [13][]float32
	tab, scrTab      []int32 // addresses for the kernels (js/wasm only)
}

func round4(n int) int { return (n + 3) &^ 3 }

// NewMLPs checks every member against the shape in -> h1 -> h2 -> 1 and
// prepares the kernels' tables. It keeps references to the members'
// slices, whose contents must not change afterwards.
func NewMLPs(in, h1, h2 int, members []MLPWeights) (*MLPs, error) {
	if in < 1 || h1 < 1 || h2 < 1 || in > MaxWidth || h1 > MaxWidth || h2 > MaxWidth || len(members) == 0 || len(members) > MaxWidth {
		return nil, ErrShape
	}
	for _, m := range members {
		if len(m.W0) < h1*in || len(m.B0) < h1 || len(m.W1) < h2*h1 || len(m.B1) < h2 || len(m.W2) < h2 || len(m.B2) < 1 {
			return nil, ErrShape
		}
	}
	n1, n2 := round4(h1), round4(h2)
	e := &MLPs{in: in, h1: h1, h2: h2, members: members}
	for _, m := range members {
		w1t := make([]float32, n1*n2) // n1 rows for the same reason as w1p below
		for o := 0; o < h2; o++ {
			for i := 0; i < h1; i++ {
				w1t[i*n2+o] = m.W1[o*h1+i]
			}
		}
		// n2 rows, not h2: a padding lane that an overflowing input
		// turned to NaN may read its (zero) row.
		w1p := make([]float32, n2*n1)
		for o := 0; o < h2; o++ {
			copy(w1p[o*n1:], m.W1[o*h1:(o+1)*h1])
		}
		b1, w2 := make([]float32, n2), make([]float32, n2)
		copy(b1, m.B1[:h2])
		copy(w2, m.W2[:h2])
		e.w1t, e.b1, e.w2, e.w1p = append(e.w1t, w1t), append(e.b1, b1), append(e.w2, w2), append(e.w1p, w1p)
	}
	// zb, zx, P, R, off0, off1, g2, v, U, gx, h0, h1, d
	for i, n := range []int{n1, n1, n2, n2, n1, n2, n2, n1, n1, in, n1, n2, 4} {
		e.scr[i] = make([]float32, n)
	}
	e.tab = make([]int32, 8*len(members))
	for k, m := range members {
		copy(e.tab[8*k:], []int32{addr(m.W0), addr(m.B0), addr(m.W1), addr(e.w1t[k]), addr(e.b1[k]), addr(e.w2[k]), addr(m.B2), addr(e.w1p[k])})
	}
	e.scrTab = make([]int32, len(e.scr))
	for i, s := range e.scr {
		e.scrTab[i] = addr(s)
	}
	return e, nil
}

// Members is the number of networks.
func (e *MLPs) Members() int { return len(e.members) }

// Forward writes member k's output for x (len in) to out[k] (len
// Members): the same as engine.MLP32.Forward with the Gemv kernel, for
// all members in one call.
func (e *MLPs) Forward(out, x []float32) error {
	if len(x) != e.in || len(out) != len(e.members) {
		return ErrShape
	}
	if !Available() {
		return ErrUnavailable
	}
	mlpFwd(e, out, x)
	return nil
}

// PathGrad adds to sum (len in) the input gradients of every member at
// the midpoints base + (s+½)/steps·(x-base), s < steps: what
// engine.MLP32.PathGrad adds for each member, in one call for all. The
// ReLU patterns along the path are those of the Go path (the first
// layer's bit for bit, the second's up to float32 rounding), and the sum
// is formed in another order: within float32 rounding of the Go path.
func (e *MLPs) PathGrad(sum []float64, base, x []float32, steps int) error {
	if len(sum) != e.in || len(base) != e.in || len(x) != e.in || steps < 1 || steps > 1<<20 {
		return ErrShape
	}
	if !Available() {
		return ErrUnavailable
	}
	mlpIG(e, sum, base, x, steps)
	return nil
}
