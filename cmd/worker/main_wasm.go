//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/bedside-health/bedside/engine/simd"
)

// main publishes self.bedsideWorker for web/worker.js and then waits: the
// worker's message handler calls in synchronously, one message at a time.
func main() {
	r := newRuntime()
	api := js.Global().Get("Object").New()
	api.Set("load", js.FuncOf(func(_ js.Value, args []js.Value) any {
		// args: entry JSON, Uint8Array of weights
		if len(args) != 2 {
			return result(nil, errArgs)
		}
		b := make([]byte, args[1].Get("byteLength").Int())
		js.CopyBytesToGo(b, args[1])
		return result(nil, r.load(args[0].String(), b))
	}))
	api.Set("predict", js.FuncOf(func(_ js.Value, args []js.Value) any {
		// args: model name, input JSON text
		if len(args) != 2 {
			return result(nil, errArgs)
		}
		return result(r.predict(args[0].String(), []byte(args[1].String())))
	}))
	api.Set("context", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 {
			return result(nil, errArgs)
		}
		return result(r.runContext(args[0].String()))
	}))
	api.Set("fhir", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 {
			return result(nil, errArgs)
		}
		return result(r.runFHIR(args[0].String()))
	}))
	api.Set("contextParts", js.FuncOf(func(_ js.Value, args []js.Value) any {
		// args: note text; the answer's parts are strings (noteparts.go)
		if len(args) != 1 {
			return result(nil, errArgs)
		}
		return partsResult(r.runContextParts(args[0].String()))
	}))
	// Whether the engine's SIMD kernels run (compiling them now, a few
	// KB, rather than on the first prediction): web/worker.js reports it.
	api.Set("simd", simd.Available())
	js.Global().Set("bedsideWorker", api)
	select {}
}

func result(out []byte, err error) any {
	if err != nil {
		return errorReply(err)
	}
	return map[string]any{"json": string(out)}
}

func partsResult(parts [][]byte, err error) any {
	if err != nil {
		return errorReply(err)
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = string(p)
	}
	return map[string]any{"parts": out}
}
