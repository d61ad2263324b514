package simd_test

import (
	"errors"
	"testing"

	"github.com/bedside-health/bedside/engine/simd"
)

const canary = -12345.5

// guarded returns a slice of n floats whose capacity is n, followed in
// memory by a guard zone of canaries that no kernel may touch.
func guarded(n int, fill float32) (s, guard []float32) {
	buf := make([]float32, n+16)
	for i := range buf {
		buf[i] = fill
	}
	for i := n; i < len(buf); i++ {
		buf[i] = canary
	}
	return buf[:n:n], buf[n:]
}

func intact(g []float32) bool {
	for _, v := range g {
		if v != canary {
			return false
		}
	}
	return true
}

// FuzzShapes calls every kernel wrapper with arbitrary lengths: each call
// either runs or is refused (ErrShape, or ErrUnavailable without kernels),
// never panics, and never writes past any slice (under js/wasm the seeds
// run with the kernels on; natively the fuzzer explores the checks).
func FuzzShapes(f *testing.F) {
	f.Add(uint8(0), uint8(4), uint8(8), uint8(32), uint8(4), uint8(8), uint8(0), false)
	f.Add(uint8(0), uint8(5), uint8(7), uint8(35), uint8(5), uint8(7), uint8(0), true)
	f.Add(uint8(0), uint8(5), uint8(7), uint8(34), uint8(5), uint8(7), uint8(0), true)
	f.Add(uint8(1), uint8(3), uint8(6), uint8(18), uint8(0), uint8(0), uint8(0), false)
	f.Add(uint8(2), uint8(4), uint8(3), uint8(36), uint8(12), uint8(4), uint8(8), true)
	f.Add(uint8(2), uint8(8), uint8(5), uint8(192), uint8(24), uint8(30), uint8(9), false)
	f.Add(uint8(2), uint8(4), uint8(3), uint8(36), uint8(12), uint8(4), uint8(2), true)
	f.Add(uint8(3), uint8(4), uint8(5), uint8(40), uint8(4), uint8(40), uint8(8), false)
	f.Add(uint8(4), uint8(8), uint8(3), uint8(24), uint8(0), uint8(0), uint8(0), false)
	f.Add(uint8(5), uint8(13), uint8(58), uint8(42), uint8(3), uint8(16), uint8(0), false)
	f.Add(uint8(5), uint8(10), uint8(32), uint8(16), uint8(25), uint8(16), uint8(0), true)
	f.Add(uint8(5), uint8(5), uint8(7), uint8(3), uint8(2), uint8(3), uint8(9), false)
	f.Add(uint8(5), uint8(5), uint8(7), uint8(3), uint8(2), uint8(3), uint8(3), true)
	f.Add(uint8(5), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), uint8(0), false)
	f.Fuzz(func(t *testing.T, kind, a, b, c, d, e, g uint8, flag bool) {
		var err error
		var guards [][]float32
		mk := func(n int, fill float32) []float32 {
			s, gz := guarded(n, fill)
			guards = append(guards, gz)
			return s
		}
		switch kind % 6 {
		case 0: // Gemv: rows a, cols b, len(w) c, len(b) d, len(x) e
			dst, w, bias, x := mk(int(a), 0), mk(int(c), 0.5), mk(int(d), 0.25), mk(int(e), 1)
			err = simd.Gemv(dst, w, bias, x, flag)
			if bad := len(w) < len(dst)*len(x) || len(bias) < len(dst); bad != errors.Is(err, simd.ErrShape) {
				t.Fatalf("Gemv %d×%d, w %d, b %d: %v", len(dst), len(x), len(w), len(bias), err)
			}
		case 1: // GemvT: rows a, cols b, len(w) c
			dst, w, gr := mk(int(b), 3), mk(int(c), 0.5), mk(int(a), 1)
			err = simd.GemvT(dst, w, gr)
			if bad := len(w) < len(gr)*len(dst); bad != errors.Is(err, simd.ErrShape) {
				t.Fatalf("GemvT %d×%d, w %d: %v", len(gr), len(dst), len(w), err)
			}
		case 2: // GRU: H a, T b, len(gx) c, len(out) d, stride e, idx from g
			H, T := int(a%17), int(b%9)
			idx := make([]int32, T)
			for i := range idx {
				idx[i] = int32(int(g)+i*7)%40 - 2
			}
			wh, bh, gx := mk(3*H*H, 0.1), mk(3*H, 0.1), mk(int(c), 0.5)
			h0, out, scratch := mk(H, 0), mk(int(d)*4, 0), mk(3*H, 0)
			err = simd.GRU(wh, bh, gx, idx, h0, out, scratch, H, int(e), flag)
			if err != nil && !errors.Is(err, simd.ErrShape) && !errors.Is(err, simd.ErrUnavailable) {
				t.Fatal(err)
			}
		case 3: // Attention: A a, D b, len(hs) c, T d, len(w) e
			A, D, T := int(a%13), int(b%20), int(d%10)
			scores, w, bias, v := mk(T, 0), mk(int(e)*4, 0.1), mk(A, 0.1), mk(A, 1)
			hs, u := mk(int(c), 0.5), mk(int(g%16), 0)
			err = simd.Attention(scores, w, bias, v, hs, u, D)
			if err != nil && !errors.Is(err, simd.ErrShape) && !errors.Is(err, simd.ErrUnavailable) {
				t.Fatal(err)
			}
		case 4: // Pool: D a, T b, len(hs) c
			ctx, alpha, hs := mk(int(a%40), 0), mk(int(b%12), 0.5), mk(int(c), 1)
			err = simd.Pool(ctx, alpha, hs)
			if bad := len(ctx)%4 != 0 || len(hs) < len(alpha)*len(ctx); bad != errors.Is(err, simd.ErrShape) {
				t.Fatalf("Pool D %d T %d hs %d: %v", len(ctx), len(alpha), len(hs), err)
			}
		case 5: // MLPs: in a, h1 b, h2 c, members d, steps e; g shortens one slice or one call's length
			in, h1, h2, n := int(a%40), int(b%70), int(c%70), int(d%8)
			var ms []simd.MLPWeights
			for k := 0; k < n; k++ {
				ms = append(ms, simd.MLPWeights{W0: mk(h1*in, 0.1), B0: mk(h1, 0.1), W1: mk(h2*h1, -0.1), B1: mk(h2, 0.2), W2: mk(h2, 0.3), B2: mk(1, 0)})
			}
			short := int(g%16) == 1 && n > 0 && h1*in > 0
			if short {
				ms[n-1].W0 = ms[n-1].W0[:h1*in-1]
			}
			var nets *simd.MLPs
			nets, err = simd.NewMLPs(in, h1, h2, ms)
			if bad := in < 1 || h1 < 1 || h2 < 1 || n < 1 || short; bad != errors.Is(err, simd.ErrShape) {
				t.Fatalf("NewMLPs %d -> %d -> %d, %d members (short %v): %v", in, h1, h2, n, short, err)
			}
			if err != nil {
				break
			}
			dIn, dOut := 0, 0
			switch g % 16 {
			case 2:
				dIn = 1
			case 3:
				dOut = -1
			}
			out, x, base := mk(n+dOut, 0), mk(in+dIn, 1), mk(in, -1)
			err = nets.Forward(out, x)
			if bad := dIn != 0 || dOut != 0; bad != errors.Is(err, simd.ErrShape) {
				t.Fatalf("Forward %d members, in %d, out %d, x %d: %v", n, in, len(out), len(x), err)
			}
			if err != nil && !errors.Is(err, simd.ErrShape) && !errors.Is(err, simd.ErrUnavailable) {
				t.Fatal(err)
			}
			buf := make([]float64, in+16)
			for i := range buf {
				buf[i] = canary
			}
			clear(buf[:in])
			err = nets.PathGrad(buf[:in:in], base, x, e8(e, flag))
			if bad := dIn != 0 || e8(e, flag) < 1; bad != errors.Is(err, simd.ErrShape) {
				t.Fatalf("PathGrad in %d, x %d, steps %d: %v", in, len(x), e8(e, flag), err)
			}
			for _, v := range buf[in:] {
				if v != canary {
					t.Fatal("PathGrad wrote past the end of sum")
				}
			}
		}
		if err != nil && !errors.Is(err, simd.ErrShape) && !errors.Is(err, simd.ErrUnavailable) {
			t.Fatal(err)
		}
		for i, gz := range guards {
			if !intact(gz) {
				t.Fatalf("kind %d: slice %d was written past its end", kind%6, i)
			}
		}
	})
}

// e8 is the fuzzer's step count for PathGrad: e, or 0 when flag asks
// for the refused case.
func e8(e uint8, flag bool) int {
	if flag && e%4 == 0 {
		return 0
	}
	return int(e%33) + 1
}
