//go:build js && wasm && !nosimd

package simd

import (
	"runtime"
	"sync"
	"syscall/js"
	"unsafe"
)

// The kernels, through web/simd.js's trampolines. Pointers become i32
// addresses in Go's linear memory, which the kernel module shares; Go's
// heap does not move, and each wrapper keeps its slices alive until the
// call returns.

//go:wasmimport bedside_simd gemv
func kGemv(w, x, b, y unsafe.Pointer, rows, cols, relu int32)

//go:wasmimport bedside_simd gru
func kGRU(wh, bh, gx, idx, h0, out, gh unsafe.Pointer, T, H, outStride, reverse int32)

//go:wasmimport bedside_simd att
func kAtt(w, b, v, hs, scores, u unsafe.Pointer, T, A, D int32)

//go:wasmimport bedside_simd pool
func kPool(hs, alpha, ctx unsafe.Pointer, T, D int32)

//go:wasmimport bedside_simd gemvt
func kGemvT(w, g, y unsafe.Pointer, rows, cols int32)

var attach struct {
	once sync.Once
	ok   bool
}

// attached compiles and instantiates the module on Go's memory once,
// through bedsideSIMD.attach (web/simd.js), which answers false where
// WebAssembly.validate rejects it or the loader did not install the
// shim: then the Go loops run.
func attached() bool {
	attach.once.Do(func() {
		defer func() {
			if recover() != nil {
				attach.ok = false
			}
		}()
		s := js.Global().Get("bedsideSIMD")
		if s.Type() != js.TypeObject {
			return
		}
		u8 := js.Global().Get("Uint8Array").New(len(ModuleBytes))
		js.CopyBytesToJS(u8, ModuleBytes)
		attach.ok = s.Call("attach", u8).Truthy()
	})
	return attach.ok
}

func p[T any](s []T) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }

func b32(v bool) int32 {
	if v {
		return 1
	}
	return 0
}

func gemv(dst, w, b, x []float32, rows, cols int, relu bool) {
	kGemv(p(w), p(x), p(b), p(dst), int32(rows), int32(cols), b32(relu))
	runtime.KeepAlive(w)
	runtime.KeepAlive(x)
	runtime.KeepAlive(b)
	runtime.KeepAlive(dst)
}

func gru(wh, bh, gx []float32, idx []int32, h0, out, scratch []float32, T, H, outStride int, reverse bool) {
	kGRU(p(wh), p(bh), p(gx), p(idx), p(h0), p(out), p(scratch), int32(T), int32(H), int32(outStride), b32(reverse))
	runtime.KeepAlive(wh)
	runtime.KeepAlive(bh)
	runtime.KeepAlive(gx)
	runtime.KeepAlive(idx)
	runtime.KeepAlive(h0)
	runtime.KeepAlive(out)
	runtime.KeepAlive(scratch)
}

func attention(scores, w, b, v, hs, u []float32, T, A, D int) {
	kAtt(p(w), p(b), p(v), p(hs), p(scores), p(u), int32(T), int32(A), int32(D))
	runtime.KeepAlive(scores)
	runtime.KeepAlive(w)
	runtime.KeepAlive(b)
	runtime.KeepAlive(v)
	runtime.KeepAlive(hs)
	runtime.KeepAlive(u)
}

func pool(ctx, alpha, hs []float32, T, D int) {
	kPool(p(hs), p(alpha), p(ctx), int32(T), int32(D))
	runtime.KeepAlive(ctx)
	runtime.KeepAlive(alpha)
	runtime.KeepAlive(hs)
}

func gemvT(dst, w, g []float32, rows, cols int) {
	kGemvT(p(w), p(g), p(dst), int32(rows), int32(cols))
	runtime.KeepAlive(dst)
	runtime.KeepAlive(w)
	runtime.KeepAlive(g)
}

//go:wasmimport bedside_simd mlpfwd
func kMLPFwd(tab unsafe.Pointer, M, n0, n1, n2 int32, x, out, scr unsafe.Pointer)

//go:wasmimport bedside_simd mlpig
func kMLPIG(tab unsafe.Pointer, M, n0, n1, n2 int32, base, x unsafe.Pointer, steps int32, sum, scr unsafe.Pointer)

// addr is the address of s's first element in Go's linear memory, which
// the kernels' tables hold: Go's heap does not move, and the MLPs that
// holds a table also holds every slice it points at.
func addr(s []float32) int32 { return int32(uintptr(p(s))) }

func mlpFwd(e *MLPs, out, x []float32) {
	kMLPFwd(p(e.tab), int32(len(e.members)), int32(e.in), int32(e.h1), int32(e.h2), p(x), p(out), p(e.scrTab))
	runtime.KeepAlive(e)
	runtime.KeepAlive(out)
	runtime.KeepAlive(x)
}

func mlpIG(e *MLPs, sum []float64, base, x []float32, steps int) {
	kMLPIG(p(e.tab), int32(len(e.members)), int32(e.in), int32(e.h1), int32(e.h2), p(base), p(x), int32(steps), p(sum), p(e.scrTab))
	runtime.KeepAlive(e)
	runtime.KeepAlive(sum)
	runtime.KeepAlive(base)
	runtime.KeepAlive(x)
}
