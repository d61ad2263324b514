//go:build js && wasm

// Command wasm is the Bedside side of make bench-browser: the engine alone
// (no UI, no nlp) behind a tiny JS API, so the benchmark measures the
// engine and its JS boundary and nothing else. It is loaded by the bench
// harness on the main thread or inside a Web Worker.
//
//	bedsideBench.load(kind, bytes)  kind "mlp" or "text"; returns "" or an error
//	bedsideBench.run(in, out)       one example: in is the bytes of a
//	                                Float32Array (mlp) or Int32Array of token
//	                                ids (text), out the bytes of a Float32Array
//	                                of logits
//	bedsideBench.runBatch(n, in, out) n examples laid end to end
//
// Those go through syscall/js (js.FuncOf), whose every call wakes the Go
// scheduler and copies through JS values: tens of microseconds, more than
// the whole wdbc MLP takes. So the hot path is also exported directly as
// wasm functions (go:wasmexport), the way ONNX Runtime and TF.js expose
// their kernels: JS writes the input into Go's memory and calls a plain
// function, with no goroutine switch and no copy through JS values:
//
//	exports.benchPrepare(n) → 0, or -1 (then bedsideBench.lastError())
//	exports.benchIn(), exports.benchOut() → byte offsets of the n×in input
//	                                       and n×out logits in exports.mem
//	exports.benchRun(n) → 0 or -1
package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"syscall/js"
	"unsafe"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical/textmodel/textnet"
	"github.com/bedside-health/bedside/engine/safetensors"
)

type model struct {
	mlp  *engine.MLP32
	text *textnet.Classifier32

	inBytes, outBytes []byte
	x, y              []float32
	ids               []int
}

var m model

func load(kind string, raw []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("load: %v", r)
		}
	}()
	f, err := safetensors.Decode(raw)
	if err != nil {
		return err
	}
	m = model{}
	switch kind {
	case "mlp":
		if m.mlp, err = engine.LoadMLP32(f); err != nil {
			return err
		}
		m.x = make([]float32, m.mlp.In())
		m.y = make([]float32, m.mlp.Out())
	case "text":
		if m.text, err = textnet.Load32(f); err != nil {
			return err
		}
		// As the app's worker should: each token's GRU input projection is
		// computed once (same bits), halving the recurrent layer's work.
		m.text.CacheInputProjections()
		m.y = make([]float32, m.text.Config.Classes)
	default:
		return fmt.Errorf("unknown model kind %q", kind)
	}
	return nil
}

// one runs example i of the batch held in inBytes and writes its logits
// into outBytes.
func one(i int) error {
	if m.mlp != nil {
		n := len(m.x)
		b := m.inBytes[i*4*n:]
		for j := range m.x {
			m.x[j] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*j:]))
		}
		m.mlp.Forward(m.y, m.x)
	} else {
		T := len(m.ids)
		b := m.inBytes[i*4*T:]
		for j := range m.ids {
			m.ids[j] = int(int32(binary.LittleEndian.Uint32(b[4*j:])))
		}
		if err := m.text.Logits(m.y, nil, m.ids); err != nil {
			return err
		}
	}
	o := m.outBytes[i*4*len(m.y):]
	for j, v := range m.y {
		binary.LittleEndian.PutUint32(o[4*j:], math.Float32bits(v))
	}
	return nil
}

// batch copies n examples in, runs them and copies the logits out. Buffers
// are reused, so the steady state allocates nothing on the Go side.
func batch(n int, in, out js.Value) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("run: %v", r)
		}
	}()
	if m.mlp == nil && m.text == nil {
		return fmt.Errorf("no model loaded")
	}
	inLen, outLen := in.Length(), out.Length()
	if m.text != nil {
		if n <= 0 || inLen%(4*n) != 0 {
			return fmt.Errorf("input of %d bytes is not %d sequences of int32", inLen, n)
		}
		if T := inLen / (4 * n); len(m.ids) != T {
			m.ids = make([]int, T)
		}
	} else if inLen != 4*n*len(m.x) {
		return fmt.Errorf("input has %d bytes, want %d", inLen, 4*n*len(m.x))
	}
	if outLen != 4*n*len(m.y) {
		return fmt.Errorf("output has %d bytes, want %d", outLen, 4*n*len(m.y))
	}
	if cap(m.inBytes) < inLen {
		m.inBytes = make([]byte, inLen)
	}
	if cap(m.outBytes) < outLen {
		m.outBytes = make([]byte, outLen)
	}
	m.inBytes, m.outBytes = m.inBytes[:inLen], m.outBytes[:outLen]
	js.CopyBytesToGo(m.inBytes, in)
	for i := 0; i < n; i++ {
		if err := one(i); err != nil {
			return err
		}
	}
	js.CopyBytesToJS(out, m.outBytes)
	return nil
}

// The go:wasmexport path: fixed buffers the JS side writes into directly.
var (
	direct struct {
		x, y []float32
		ids  []int32
	}
	lastError string
)

//go:wasmexport benchPrepare
func benchPrepare(n int32) int32 {
	if m.mlp == nil && m.text == nil || n <= 0 {
		lastError = "benchPrepare: no model loaded or n <= 0"
		return -1
	}
	if m.mlp != nil {
		direct.x = make([]float32, int(n)*len(m.x))
	} else {
		direct.ids = make([]int32, int(n)*textTokens)
	}
	direct.y = make([]float32, int(n)*len(m.y))
	return 0
}

// textTokens is the sequence length the direct path expects, set by
// bedsideBench.tokens(T) before benchPrepare.
var textTokens int

//go:wasmexport benchIn
func benchIn() uint32 {
	if m.mlp != nil {
		return uint32(uintptr(unsafe.Pointer(&direct.x[0])))
	}
	return uint32(uintptr(unsafe.Pointer(&direct.ids[0])))
}

//go:wasmexport benchOut
func benchOut() uint32 { return uint32(uintptr(unsafe.Pointer(&direct.y[0]))) }

//go:wasmexport benchRun
func benchRun(n int32) (status int32) {
	defer func() {
		if r := recover(); r != nil {
			lastError, status = fmt.Sprint("benchRun: ", r), -1
		}
	}()
	C := len(m.y)
	if int(n)*C > len(direct.y) {
		lastError = "benchRun: n exceeds the prepared batch"
		return -1
	}
	for i := 0; i < int(n); i++ {
		y := direct.y[i*C : (i+1)*C]
		if m.mlp != nil {
			d := len(m.x)
			m.mlp.Forward(y, direct.x[i*d:(i+1)*d])
			continue
		}
		for j := range m.ids {
			m.ids[j] = int(direct.ids[i*textTokens+j])
		}
		if err := m.text.Logits(y, nil, m.ids); err != nil {
			lastError = err.Error()
			return -1
		}
	}
	return 0
}

func errValue(err error) any {
	if err != nil {
		return err.Error()
	}
	return ""
}

func main() {
	api := js.Global().Get("Object").New()
	api.Set("load", js.FuncOf(func(_ js.Value, a []js.Value) any {
		raw := make([]byte, a[1].Length())
		js.CopyBytesToGo(raw, a[1])
		return errValue(load(a[0].String(), raw))
	}))
	api.Set("run", js.FuncOf(func(_ js.Value, a []js.Value) any {
		return errValue(batch(1, a[0], a[1]))
	}))
	api.Set("runBatch", js.FuncOf(func(_ js.Value, a []js.Value) any {
		return errValue(batch(a[0].Int(), a[1], a[2]))
	}))
	api.Set("tokens", js.FuncOf(func(_ js.Value, a []js.Value) any {
		textTokens = a[0].Int()
		m.ids = make([]int, textTokens)
		return nil
	}))
	api.Set("lastError", js.FuncOf(func(js.Value, []js.Value) any { return lastError }))
	js.Global().Set("bedsideBench", api)
	select {}
}
