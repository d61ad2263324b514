// Package kernels builds engine/simd's WebAssembly module: float32 SIMD128
// kernels over the memory they import, which at run time is the Go
// program's own, so they read and write Go slices in place. Every kernel
// trusts its arguments (an address out of range would corrupt the Go
// heap, not trap): the Go wrappers in engine/simd check every length.
//
// The arithmetic follows the pure-Go functions of engine closely (same
// formulas, four-lane sums where engine.Dot32 uses four accumulators) but
// is not bit-identical: engine.Gemv32 sums each row in one accumulator,
// and tanh and the sigmoid use a rational approximation (|error| < 4e-7)
// rather than engine's exp-based ones.
package kernels

import (
	. "github.com/bedside-health/bedside/engine/simd/internal/wasmenc"
)

var (
	evenLanes = [16]byte{0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27}
	oddLanes  = [16]byte{4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31}
)

// Build returns the module's bytes and its exports with their parameter
// counts.
func Build() ([]byte, map[string]int) {
	m := &Module{}
	gemv := emitGemv(m)
	emitGRU(m, gemv)
	emitAttention(m, gemv)
	emitPool(m)
	gemvt := emitGemvT(m)
	emitMLPFwd(m, gemv)
	emitMLPIG(m, gemv, gemvt)
	return m.Bytes(), m.Exports()
}

// addTo adds c to the i32 local l.
func addTo(f *Func, l int, c int32) { f.Get(l); f.I32Const(c); f.I32Add(); f.Set(l) }

// shl2 leaves local l times 4 (floats to bytes) on the stack.
func shl2(f *Func, l int) { f.Get(l); f.I32Const(2); f.I32Shl() }

// whileLess runs body while local p < local end, testing first.
func whileLess(f *Func, p, end int, body func()) {
	f.Block()
	f.Get(p)
	f.Get(end)
	f.I32GeU()
	f.BrIf(0)
	f.Loop()
	body()
	f.Get(p)
	f.Get(end)
	f.I32LtU()
	f.BrIf(0)
	f.End()
	f.End()
}

// hsum4 leaves [Σa0, Σa1, Σa2, Σa3] on the stack, each lane sum taken as
// (l0+l2)+(l1+l3)... through even/odd shuffles (clobbers a[0] and a[2]).
func hsum4(f *Func, a [4]int) {
	pair := func(x, y int) {
		f.Get(x)
		f.Get(y)
		f.Shuffle(evenLanes)
		f.Get(x)
		f.Get(y)
		f.Shuffle(oddLanes)
		f.F32x4Add()
	}
	pair(a[0], a[1])
	f.Set(a[0])
	pair(a[2], a[3])
	f.Set(a[2])
	pair(a[0], a[2])
}

// hsum1 leaves (l0+l1)+(l2+l3) of local v as an f32: engine.Dot32's order.
func hsum1(f *Func, v int) {
	f.Get(v)
	f.F32x4ExtractLane(0)
	f.Get(v)
	f.F32x4ExtractLane(1)
	f.F32Add()
	f.Get(v)
	f.F32x4ExtractLane(2)
	f.Get(v)
	f.F32x4ExtractLane(3)
	f.F32Add()
	f.F32Add()
}

// emitGemv: gemv(W, x, b, y, rows, cols, relu): y = W x + b for row-major
// W [rows][cols], any rows and cols; relu != 0 then zeroes y[i] < 0
// (engine's ReLU: NaN and -0 stay). Four rows share each load of x.
func emitGemv(m *Module) *Func {
	f := m.NewFunc("gemv", true)
	pW, pX, pB, pY, rows, cols, relu := f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32)
	stride, pxv, pxe, pY0, pYend4, pYend, px := f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32)
	p := [4]int{f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32)}
	acc := [4]int{f.Local(V128), f.Local(V128), f.Local(V128), f.Local(V128)}
	xv := f.Local(V128)
	xs, s := f.Local(F32), f.Local(F32)

	shl2(f, cols)
	f.Set(stride)
	f.Get(pX)
	f.Get(cols)
	f.I32Const(-4)
	f.I32And()
	f.I32Const(2)
	f.I32Shl()
	f.I32Add()
	f.Set(pxv)
	f.Get(pX)
	f.Get(stride)
	f.I32Add()
	f.Set(pxe)
	f.Get(pY)
	f.Set(pY0)
	f.Get(pY)
	f.Get(rows)
	f.I32Const(-4)
	f.I32And()
	f.I32Const(2)
	f.I32Shl()
	f.I32Add()
	f.Set(pYend4)
	f.Get(pY)
	shl2(f, rows)
	f.I32Add()
	f.Set(pYend)

	// Blocks of four rows.
	whileLess(f, pY, pYend4, func() {
		f.Get(pW)
		f.Set(p[0])
		for k := 1; k < 4; k++ {
			f.Get(p[k-1])
			f.Get(stride)
			f.I32Add()
			f.Set(p[k])
		}
		for k := 0; k < 4; k++ {
			f.F32x4Const(0)
			f.Set(acc[k])
		}
		f.Get(pX)
		f.Set(px)
		whileLess(f, px, pxv, func() {
			f.Get(px)
			f.V128Load(0)
			f.Set(xv)
			for k := 0; k < 4; k++ {
				f.Get(acc[k])
				f.Get(p[k])
				f.V128Load(0)
				f.Get(xv)
				f.F32x4Mul()
				f.F32x4Add()
				f.Set(acc[k])
				addTo(f, p[k], 16)
			}
			addTo(f, px, 16)
		})
		f.Get(pY)
		hsum4(f, acc)
		f.Get(pB)
		f.V128Load(0)
		f.F32x4Add()
		f.V128Store(0)
		whileLess(f, px, pxe, func() { // the last cols%4 columns
			f.Get(px)
			f.F32Load(0)
			f.Set(xs)
			for k := 0; k < 4; k++ {
				f.Get(pY)
				f.Get(pY)
				f.F32Load(int32(4 * k))
				f.Get(p[k])
				f.F32Load(0)
				f.Get(xs)
				f.F32Mul()
				f.F32Add()
				f.F32Store(int32(4 * k))
				addTo(f, p[k], 4)
			}
			addTo(f, px, 4)
		})
		f.Get(p[3]) // the end of row 3 is the start of the next block
		f.Set(pW)
		addTo(f, pB, 16)
		addTo(f, pY, 16)
	})

	// The last rows%4 rows, one at a time.
	whileLess(f, pY, pYend, func() {
		f.F32x4Const(0)
		f.Set(acc[0])
		f.Get(pX)
		f.Set(px)
		whileLess(f, px, pxv, func() {
			f.Get(acc[0])
			f.Get(pW)
			f.V128Load(0)
			f.Get(px)
			f.V128Load(0)
			f.F32x4Mul()
			f.F32x4Add()
			f.Set(acc[0])
			addTo(f, pW, 16)
			addTo(f, px, 16)
		})
		hsum1(f, acc[0])
		f.Set(s)
		whileLess(f, px, pxe, func() {
			f.Get(s)
			f.Get(pW)
			f.F32Load(0)
			f.Get(px)
			f.F32Load(0)
			f.F32Mul()
			f.F32Add()
			f.Set(s)
			addTo(f, pW, 4)
			addTo(f, px, 4)
		})
		f.Get(pY)
		f.Get(pB)
		f.F32Load(0)
		f.Get(s)
		f.F32Add()
		f.F32Store(0)
		addTo(f, pB, 4)
		addTo(f, pY, 4)
	})

	f.Get(relu)
	f.If()
	f.Get(pY0)
	f.Set(pY)
	whileLess(f, pY, pYend, func() {
		f.Block()
		f.Get(pY)
		f.F32Load(0)
		f.F32Const(0)
		f.F32Lt()
		f.I32Eqz()
		f.BrIf(0)
		f.Get(pY)
		f.F32Const(0)
		f.F32Store(0)
		f.End()
		addTo(f, pY, 4)
	})
	f.End()
	return f
}

// tanh4 replaces the v128 on the stack by its tanh: Eigen's float
// rational approximation (|error| < 4e-7), clamped at ±7.999 where it
// reaches ±1 in float32. x, x2, p are v128 scratch locals.
func tanh4(f *Func, x, x2, p int) {
	f.F32x4Const(7.99881172180175781)
	f.F32x4PMin()
	f.F32x4Const(-7.99881172180175781)
	f.F32x4PMax()
	f.Tee(x)
	f.Get(x)
	f.F32x4Mul()
	f.Set(x2)
	alpha := []float32{-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11,
		5.12229709037114e-08, 1.48572235717979e-05, 6.37261928875436e-04, 4.89352455891786e-03}
	f.Get(x2)
	f.F32x4Const(alpha[0])
	f.F32x4Mul()
	f.F32x4Const(alpha[1])
	f.F32x4Add()
	for _, c := range alpha[2:] {
		f.Get(x2)
		f.F32x4Mul()
		f.F32x4Const(c)
		f.F32x4Add()
	}
	f.Get(x)
	f.F32x4Mul()
	f.Set(p)
	f.Get(p)
	beta := []float32{1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03, 4.89352518554385e-03}
	f.Get(x2)
	f.F32x4Const(beta[0])
	f.F32x4Mul()
	f.F32x4Const(beta[1])
	f.F32x4Add()
	for _, c := range beta[2:] {
		f.Get(x2)
		f.F32x4Mul()
		f.F32x4Const(c)
		f.F32x4Add()
	}
	f.F32x4Div()
}

// sigmoid4 is σ(x) = tanh(x/2)/2 + 1/2 on the v128 on the stack.
func sigmoid4(f *Func, x, x2, p int) {
	f.F32x4Const(0.5)
	f.F32x4Mul()
	tanh4(f, x, x2, p)
	f.F32x4Const(0.5)
	f.F32x4Mul()
	f.F32x4Const(0.5)
	f.F32x4Add()
}

// emitGRU: gru(Wh, bh, gx, idx, h0, out, gh, T, H, outStride, reverse)
// runs one direction of engine.GRU32 over T steps given the input
// projections: step t reads gx row idx[t] (3H floats each; idx is int32,
// so a per-token cache and a per-step array are the same call), starts
// from h0 (H floats) and writes h_t to out + t*outStride. gh is 3H floats
// of scratch. H%4 == 0.
func emitGRU(m *Module, gemv *Func) {
	f := m.NewFunc("gru", true)
	pWh, pBh, pGx, pIdx, pH0, pOut, pGh, T, H, outStride, reverse := f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32)
	s, t, H4, H8, G4, hp, po, pg, k := f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32)
	r, z, n, x, x2, p := f.Local(V128), f.Local(V128), f.Local(V128), f.Local(V128), f.Local(V128), f.Local(V128)

	shl2(f, H)
	f.Set(H4)
	f.Get(H4)
	f.Get(H4)
	f.I32Add()
	f.Set(H8)
	f.Get(H8)
	f.Get(H4)
	f.I32Add()
	f.Set(G4)
	f.Get(pH0)
	f.Set(hp)
	f.I32Const(0)
	f.Set(s)
	whileLess(f, s, T, func() {
		// t = reverse ? T-1-s : s
		f.Get(T)
		f.I32Const(1)
		f.I32Sub()
		f.Get(s)
		f.I32Sub()
		f.Get(s)
		f.Get(reverse)
		f.Select()
		f.Set(t)
		// gh = Wh h + bh
		f.Get(pWh)
		f.Get(hp)
		f.Get(pBh)
		f.Get(pGh)
		f.Get(H)
		f.I32Const(3)
		f.I32Mul()
		f.Get(H)
		f.I32Const(0)
		f.Call(gemv)
		// pg = gx + idx[t]*3H*4; po = out + t*outStride*4
		f.Get(pGx)
		f.Get(pIdx)
		shl2(f, t)
		f.I32Add()
		f.I32Load(0)
		f.Get(G4)
		f.I32Mul()
		f.I32Add()
		f.Set(pg)
		f.Get(pOut)
		f.Get(t)
		f.Get(outStride)
		f.I32Mul()
		f.I32Const(2)
		f.I32Shl()
		f.I32Add()
		f.Set(po)
		f.I32Const(0)
		f.Set(k)
		whileLess(f, k, H4, func() {
			at := func(base, off int) { // v128 at base + off + k
				f.Get(base)
				if off >= 0 {
					f.Get(off)
					f.I32Add()
				}
				f.Get(k)
				f.I32Add()
				f.V128Load(0)
			}
			at(pg, -1)
			at(pGh, -1)
			f.F32x4Add()
			sigmoid4(f, x, x2, p)
			f.Set(r)
			at(pg, H4)
			at(pGh, H4)
			f.F32x4Add()
			sigmoid4(f, x, x2, p)
			f.Set(z)
			at(pg, H8)
			f.Get(r)
			at(pGh, H8)
			f.F32x4Mul()
			f.F32x4Add()
			tanh4(f, x, x2, p)
			f.Set(n)
			// h' = (1-z) n + z h, as engine.GRU32.Step writes it
			f.Get(po)
			f.Get(k)
			f.I32Add()
			f.F32x4Const(1)
			f.Get(z)
			f.F32x4Sub()
			f.Get(n)
			f.F32x4Mul()
			f.Get(z)
			at(hp, -1)
			f.F32x4Mul()
			f.F32x4Add()
			f.V128Store(0)
			addTo(f, k, 16)
		})
		f.Get(po)
		f.Set(hp)
		addTo(f, s, 1)
	})
}

// emitAttention: att(W, b, v, hs, scores, u, T, A, D) writes
// scores[t] = v · tanh(W hs[t] + b) for the T rows of hs (D floats each),
// W [A][D]; u is A floats of scratch. A%4 == 0.
func emitAttention(m *Module, gemv *Func) {
	f := m.NewFunc("att", true)
	pW, pB, pV, pHs, pS, pU, T, A, D := f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32)
	s, ph, k, A4 := f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32)
	acc, x, x2, p := f.Local(V128), f.Local(V128), f.Local(V128), f.Local(V128)
	shl2(f, A)
	f.Set(A4)
	f.Get(pHs)
	f.Set(ph)
	f.I32Const(0)
	f.Set(s)
	whileLess(f, s, T, func() {
		f.Get(pW)
		f.Get(ph)
		f.Get(pB)
		f.Get(pU)
		f.Get(A)
		f.Get(D)
		f.I32Const(0)
		f.Call(gemv)
		f.F32x4Const(0)
		f.Set(acc)
		f.I32Const(0)
		f.Set(k)
		whileLess(f, k, A4, func() {
			f.Get(acc)
			f.Get(pU)
			f.Get(k)
			f.I32Add()
			f.V128Load(0)
			tanh4(f, x, x2, p)
			f.Get(pV)
			f.Get(k)
			f.I32Add()
			f.V128Load(0)
			f.F32x4Mul()
			f.F32x4Add()
			f.Set(acc)
			addTo(f, k, 16)
		})
		f.Get(pS)
		shl2(f, s)
		f.I32Add()
		hsum1(f, acc)
		f.F32Store(0)
		f.Get(ph)
		shl2(f, D)
		f.I32Add()
		f.Set(ph)
		addTo(f, s, 1)
	})
}

// emitPool: pool(hs, alpha, ctx, T, D) sets ctx = Σ_t alpha[t] hs[t]
// (rows of D floats), adding in step order as engine.Axpy32 does, so the
// result is bit-identical to the Go loop. D%4 == 0.
func emitPool(m *Module) {
	f := m.NewFunc("pool", true)
	pHs, pA, pC, T, D := f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32)
	s, k, D4 := f.Local(I32), f.Local(I32), f.Local(I32)
	a := f.Local(V128)
	shl2(f, D)
	f.Set(D4)
	f.I32Const(0)
	f.Set(k)
	whileLess(f, k, D4, func() {
		f.Get(pC)
		f.Get(k)
		f.I32Add()
		f.F32x4Const(0)
		f.V128Store(0)
		addTo(f, k, 16)
	})
	f.I32Const(0)
	f.Set(s)
	whileLess(f, s, T, func() {
		f.Get(pA)
		shl2(f, s)
		f.I32Add()
		f.F32Load(0)
		f.F32x4Splat()
		f.Set(a)
		f.I32Const(0)
		f.Set(k)
		whileLess(f, k, D4, func() {
			f.Get(pC)
			f.Get(k)
			f.I32Add()
			f.Get(pC)
			f.Get(k)
			f.I32Add()
			f.V128Load(0)
			f.Get(a)
			f.Get(pHs)
			f.Get(k)
			f.I32Add()
			f.V128Load(0)
			f.F32x4Mul()
			f.F32x4Add()
			f.V128Store(0)
			addTo(f, k, 16)
		})
		f.Get(pHs)
		f.Get(D4)
		f.I32Add()
		f.Set(pHs)
		addTo(f, s, 1)
	})
}

// emitGemvT: gemvt(W, g, y, rows, cols) sets y = Σ_o g[o] W[o,:] for
// row-major W [rows][cols], skipping rows with g[o] == 0 and adding row by
// row as engine.Axpy32 in a loop does, so the result is bit-identical:
// the backward pass of a dense layer.
func emitGemvT(m *Module) *Func {
	f := m.NewFunc("gemvt", true)
	pW, pG, pY, rows, cols := f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32)
	py, pyv, pye, pGend := f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32)
	a := f.Local(V128)
	gs := f.Local(F32)
	f.Get(pY)
	f.Get(cols)
	f.I32Const(-4)
	f.I32And()
	f.I32Const(2)
	f.I32Shl()
	f.I32Add()
	f.Set(pyv)
	f.Get(pY)
	shl2(f, cols)
	f.I32Add()
	f.Set(pye)
	f.Get(pG)
	shl2(f, rows)
	f.I32Add()
	f.Set(pGend)
	f.Get(pY)
	f.Set(py)
	whileLess(f, py, pye, func() {
		f.Get(py)
		f.F32Const(0)
		f.F32Store(0)
		addTo(f, py, 4)
	})
	whileLess(f, pG, pGend, func() {
		f.Get(pG)
		f.F32Load(0)
		f.Tee(gs)
		f.F32Const(0)
		f.F32Eq()
		f.If()
		f.Get(pW)
		shl2(f, cols)
		f.I32Add()
		f.Set(pW)
		f.Else()
		f.Get(gs)
		f.F32x4Splat()
		f.Set(a)
		f.Get(pY)
		f.Set(py)
		whileLess(f, py, pyv, func() {
			f.Get(py)
			f.Get(py)
			f.V128Load(0)
			f.Get(a)
			f.Get(pW)
			f.V128Load(0)
			f.F32x4Mul()
			f.F32x4Add()
			f.V128Store(0)
			addTo(f, py, 16)
			addTo(f, pW, 16)
		})
		whileLess(f, py, pye, func() {
			f.Get(py)
			f.Get(py)
			f.F32Load(0)
			f.Get(gs)
			f.Get(pW)
			f.F32Load(0)
			f.F32Mul()
			f.F32Add()
			f.F32Store(0)
			addTo(f, py, 4)
			addTo(f, pW, 4)
		})
		f.End()
		addTo(f, pG, 4)
	})
	return f
}

// The networks of an ensemble of MLPs with two hidden ReLU layers (n0 ->
// n1 -> n2 -> 1) are described to the two kernels below by a table of 8
// i32 addresses per member: W0 [n1][n0], b0, W1 [n2][n1], W1ᵀ [n1][n2p]
// (rows padded with zeros to n2p, n2 rounded up to 4), b1 and w2 padded
// with zeros to n2p floats, b2, W1 [n2][n1p] with padded rows. scr is a table of scratch
// addresses (see mlpScratch); nX p means nX rounded up to 4.
const (
	tabW0, tabB0, tabW1, tabW1T, tabB1, tabW2, tabB2, tabW1P = 0, 4, 8, 12, 16, 20, 24, 28
	tabStride                                                = 32
)

// The scratch table: zb, zx, P, R (n1p, n1p, n2p, n2p floats), off0
// (n1p), off1, g2 (n2p, unused), v, U (n1p), gx (n0), h0 (n1p), h1
// (n2p), d (4).
const (
	scrZb, scrZx, scrP, scrR, scrOff0, scrOff1, scrG2, scrV, scrU, scrGx, scrH0, scrH1, scrD = 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48
)

// ldI32 leaves the i32 at local l + off on the stack.
func ldI32(f *Func, l int, off int32) { f.Get(l); f.I32Load(off) }

// at leaves base + off (both i32 locals) on the stack.
func at(f *Func, base, off int) { f.Get(base); f.Get(off); f.I32Add() }

// round4Bytes sets local dst to local n rounded up to 4, times 4.
func round4Bytes(f *Func, n, dst int) {
	f.Get(n)
	f.I32Const(3)
	f.I32Add()
	f.I32Const(-4)
	f.I32And()
	f.I32Const(2)
	f.I32Shl()
	f.Set(dst)
}

// emitMLPFwd: mlpfwd(tab, M, n0, n1, n2, x, out, scr) writes member k's
// output for input x to out[k], for the M members of tab: three gemv
// calls each, inside one call from Go.
func emitMLPFwd(m *Module, gemv *Func) {
	f := m.NewFunc("mlpfwd", true)
	tab, M, n0, n1, n2, pX, pOut, scr := f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32)
	k, h0, h1 := f.Local(I32), f.Local(I32), f.Local(I32)
	ldI32(f, scr, scrH0)
	f.Set(h0)
	ldI32(f, scr, scrH1)
	f.Set(h1)
	whileLess(f, k, M, func() {
		// gemv(W, x, b, y, rows, cols, relu)
		ldI32(f, tab, tabW0)
		f.Get(pX)
		ldI32(f, tab, tabB0)
		f.Get(h0)
		f.Get(n1)
		f.Get(n0)
		f.I32Const(1)
		f.Call(gemv)
		ldI32(f, tab, tabW1)
		f.Get(h0)
		ldI32(f, tab, tabB1)
		f.Get(h1)
		f.Get(n2)
		f.Get(n1)
		f.I32Const(1)
		f.Call(gemv)
		ldI32(f, tab, tabW2)
		f.Get(h1)
		ldI32(f, tab, tabB2)
		f.Get(pOut)
		shl2(f, k)
		f.I32Add()
		f.I32Const(1)
		f.Get(n2)
		f.I32Const(0)
		f.Call(gemv)
		addTo(f, tab, tabStride)
		addTo(f, k, 1)
	})
}

// emitMLPIG: mlpig(tab, M, n0, n1, n2, base, x, steps, sum, scr) adds to
// the float64 sum (n0) the input gradients of every member at the
// midpoints base + (s+½)/steps·(x-base), s < steps: integrated gradients
// for the whole ensemble in one call, as a matrix of steps rather than a
// loop of small calls.
//
// Along the path the first layer's pre-activations z0 = zb + a(zx-zb)
// are computed exactly as engine.MLP32.PathGrad does, so its ReLU
// pattern is the Go path's bit for bit. The second layer's
// pre-activations are linear in a while that pattern holds: P + a(R-P),
// with P = W1 (on∘zb) + b1 and R = W1 (on∘zx) + b1, which the kernel
// keeps up to date by adding or removing a column of W1 (a row of W1ᵀ)
// for each unit that switches, instead of a full product per step. The
// gradient at a step is W0ᵀ (on0 ∘ v) with v = W1ᵀ (on1 ∘ w2), which the
// kernel likewise keeps up to date by adding or removing a row of W1 for
// each second-layer unit that switches (at the first step that is the
// Go path's sum, row by row, bit for bit); W0ᵀ is applied once to the
// sum over the steps (it is linear). The rank-one updates round
// differently from a fresh product: the result stays within float32
// rounding of the Go path's, which the tests bound at 1e-6.
func emitMLPIG(m *Module, gemv, gemvt *Func) {
	f := m.NewFunc("mlpig", true)
	tab, M, n0, n1, n2, pB, pX, steps, pSum, scr := f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32), f.Param(I32)
	k, s, c, c2, n1b, n2b, n0b, row, lb, dsc := f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32)
	zb, zx, P, R, off0, off1, v, U, gx := f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32), f.Local(I32)
	av, off, diff, cb, cx := f.Local(V128), f.Local(V128), f.Local(V128), f.Local(V128), f.Local(V128)
	sgn := f.Local(F32)

	for _, l := range []struct {
		local int
		off   int32
	}{{zb, scrZb}, {zx, scrZx}, {P, scrP}, {R, scrR}, {off0, scrOff0}, {off1, scrOff1}, {v, scrV}, {U, scrU}, {gx, scrGx}, {dsc, scrD}} {
		ldI32(f, scr, l.off)
		f.Set(l.local)
	}
	round4Bytes(f, n1, n1b)
	round4Bytes(f, n2, n2b)
	shl2(f, n0)
	f.Set(n0b)
	ones := [16]byte{}
	for i := range ones {
		ones[i] = 0xFF
	}
	// vec runs body for c = 0, 16, ... below local end.
	vec := func(end int, body func()) {
		f.I32Const(0)
		f.Set(c)
		whileLess(f, c, end, func() { body(); addTo(f, c, 16) })
	}
	ld := func(base int) { at(f, base, c); f.V128Load(0) }
	// switches takes the pre-activations of four units (on the stack),
	// stores their pattern (all ones where off, z <= 0 as engine's
	// backward pass reads a ReLU) at mask + c and runs body for each unit
	// that switched since the last step, with lb its lane in bytes and sgn
	// +1 if it turned on, -1 if off.
	switches := func(mask int, body func()) {
		f.F32x4Const(0)
		f.F32x4Le()
		f.Tee(off)
		ld(mask)
		f.V128Xor()
		f.Set(diff)
		at(f, mask, c)
		f.Get(off)
		f.V128Store(0)
		f.Get(diff)
		f.V128AnyTrue()
		f.If()
		f.Get(dsc)
		f.Get(diff)
		f.V128Store(0)
		f.I32Const(0)
		f.Set(lb)
		f.Loop() // over the four lanes, lb = 0, 4, 8, 12 bytes
		at(f, dsc, lb)
		f.I32Load(0)
		f.If()
		f.F32Const(-1)
		f.F32Const(1)
		at(f, mask, c)
		f.Get(lb)
		f.I32Add()
		f.I32Load(0)
		f.Select()
		f.Set(sgn)
		body()
		f.End()
		addTo(f, lb, 4)
		f.Get(lb)
		f.I32Const(16)
		f.I32LtU()
		f.BrIf(0)
		f.End()
		f.End()
	}
	// rank1 adds coefficient local × row (c+lb)/4 of the padded matrix at
	// table slot mat (rows of n bytes) to each target vector.
	rank1 := func(mat int32, n int, targets [][2]int) {
		ldI32(f, tab, mat)
		at(f, c, lb)
		f.I32Const(2)
		f.I32ShrU()
		f.Get(n)
		f.I32Mul()
		f.I32Add()
		f.Set(row)
		f.I32Const(0)
		f.Set(c2)
		whileLess(f, c2, n, func() {
			for _, pr := range targets {
				at(f, pr[0], c2)
				at(f, pr[0], c2)
				f.V128Load(0)
				f.Get(pr[1])
				at(f, row, c2)
				f.V128Load(0)
				f.F32x4Mul()
				f.F32x4Add()
				f.V128Store(0)
			}
			addTo(f, c2, 16)
		})
	}

	whileLess(f, k, M, func() {
		for _, end := range []int{pB, pX} {
			ldI32(f, tab, tabW0)
			f.Get(end)
			ldI32(f, tab, tabB0)
			if end == pB {
				f.Get(zb)
			} else {
				f.Get(zx)
			}
			f.Get(n1)
			f.Get(n0)
			f.I32Const(0)
			f.Call(gemv)
		}
		// Start with every first-layer unit off: P = R = b1. The first
		// step then switches the units that are on in.
		vec(n2b, func() {
			at(f, P, c)
			ldI32(f, tab, tabB1)
			f.Get(c)
			f.I32Add()
			f.V128Load(0)
			f.V128Store(0)
			at(f, R, c)
			ldI32(f, tab, tabB1)
			f.Get(c)
			f.I32Add()
			f.V128Load(0)
			f.V128Store(0)
		})
		vec(n1b, func() {
			at(f, off0, c)
			f.V128Const(ones)
			f.V128Store(0)
			at(f, U, c)
			f.F32x4Const(0)
			f.V128Store(0)
			at(f, v, c)
			f.F32x4Const(0)
			f.V128Store(0)
		})
		vec(n2b, func() {
			at(f, off1, c)
			f.V128Const(ones)
			f.V128Store(0)
		})
		f.I32Const(0)
		f.Set(s)
		whileLess(f, s, steps, func() {
			// a = (s + 0.5) / steps, in float32 as the Go path computes it
			f.Get(s)
			f.F32ConvertI32S()
			f.F32Const(0.5)
			f.F32Add()
			f.Get(steps)
			f.F32ConvertI32S()
			f.F32Div()
			f.F32x4Splat()
			f.Set(av)

			// First layer: the pattern at this point, and the switches.
			vec(n1b, func() {
				ld(zb)
				f.Get(av)
				ld(zx)
				ld(zb)
				f.F32x4Sub()
				f.F32x4Mul()
				f.F32x4Add()
				switches(off0, func() {
					for _, e := range [][2]int{{zb, cb}, {zx, cx}} {
						at(f, e[0], c)
						f.Get(lb)
						f.I32Add()
						f.F32Load(0)
						f.Get(sgn)
						f.F32Mul()
						f.F32x4Splat()
						f.Set(e[1])
					}
					rank1(tabW1T, n2b, [][2]int{{P, cb}, {R, cx}})
				})
			})
			// Second layer: its pattern at this point, and v = W1ᵀ(on1∘w2)
			// kept up to date by the rows of W1 of the units that switch.
			vec(n2b, func() {
				ld(P)
				f.Get(av)
				ld(R)
				ld(P)
				f.F32x4Sub()
				f.F32x4Mul()
				f.F32x4Add()
				switches(off1, func() {
					ldI32(f, tab, tabW2)
					at(f, c, lb)
					f.I32Add()
					f.F32Load(0)
					f.Get(sgn)
					f.F32Mul()
					f.F32x4Splat()
					f.Set(cb)
					rank1(tabW1P, n1b, [][2]int{{v, cb}})
				})
			})
			// U += on0 ∘ v
			vec(n1b, func() {
				at(f, U, c)
				ld(U)
				ld(v)
				ld(off0)
				f.V128AndNot()
				f.F32x4Add()
				f.V128Store(0)
			})
			addTo(f, s, 1)
		})
		ldI32(f, tab, tabW0)
		f.Get(U)
		f.Get(gx)
		f.Get(n1)
		f.Get(n0)
		f.Call(gemvt)
		f.I32Const(0)
		f.Set(c)
		whileLess(f, c, n0b, func() { // sum[i] += float64(gx[i])
			f.Get(pSum)
			f.Get(c)
			f.Get(c)
			f.I32Add()
			f.I32Add()
			f.Tee(row)
			f.Get(row)
			f.F64Load(0)
			at(f, gx, c)
			f.F32Load(0)
			f.F64PromoteF32()
			f.F64Add()
			f.F64Store(0)
			addTo(f, c, 4)
		})
		addTo(f, tab, tabStride)
		addTo(f, k, 1)
	})
}
