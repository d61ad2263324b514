//go:build js && wasm

package platform

import (
	"context"
	"encoding/json"
	"errors"
	"syscall/js"
	"time"

	"github.com/bedside-health/bedside/engine/clinical"
)

// Browser returns the Client backed by window.bedside (web/bedside.js): the
// verified weights store and the inference worker. Every call recovers, so
// a bug here fails one action, not the app.
func Browser() Client { return browser{} }

type browser struct{}

func api() (js.Value, error) {
	b := js.Global().Get("bedside")
	if !b.Truthy() {
		return js.Value{}, errors.New("the model runtime (web/bedside.js) is not loaded; reload the page")
	}
	return b, nil
}

// Models waits (up to 10 s) for the manifest if it is not read yet, so call
// it from ctx.Async like the other methods.
func (browser) Models() (out []clinical.Entry) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	data, err := call(ctx, "models", "manifest")
	if err != nil {
		return nil
	}
	json.Unmarshal(data, &out)
	return out
}

func (browser) Status(name string) (st Status) {
	defer func() {
		if v := recover(); v != nil {
			st = Status{Name: name, State: Failed, Err: "internal error reading the model status"}
		}
	}()
	b, err := api()
	if err != nil {
		return Status{Name: name, State: Failed, Err: err.Error()}
	}
	return statusOf(name, b.Call("status", name))
}

func statusOf(name string, v js.Value) Status {
	st := Status{Name: name}
	if !v.Truthy() || v.Get("status").IsUndefined() {
		return st
	}
	switch v.Get("status").String() {
	case "downloading":
		st.State = Downloading
	case "ready":
		st.State = Ready
	case "failed":
		st.State = Failed
	}
	if p := v.Get("progress"); p.Type() == js.TypeNumber {
		st.Progress = p.Float()
	}
	if e := v.Get("error"); e.Type() == js.TypeString {
		st.Err = e.String()
	}
	st.OnDemand = v.Get("onDemand").Truthy()
	return st
}

// Watch calls fn whenever a model's status changes, until stop is called.
// fn runs on the JavaScript event loop: it must not block (Dispatch to the
// UI from it).
func Watch(fn func(Status)) (stop func()) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() { recover() }()
		d := args[0].Get("detail")
		fn(statusOf(d.Get("name").String(), d))
		return nil
	})
	js.Global().Call("addEventListener", "bedside:status", f)
	return func() {
		js.Global().Call("removeEventListener", "bedside:status", f)
		f.Release()
	}
}

// Predict takes the worker's JSON text as it is (bedside.predictJSON): parsing
// it in JavaScript and writing it out again for Go cost the main thread
// tens of ms on a long note's token weights.
func (browser) Predict(ctx context.Context, name string, input []byte) ([]byte, error) {
	op := "predict " + name
	if b, err := api(); err == nil && b.Get("predictJSON").Type() != js.TypeFunction {
		return call(ctx, op, "predict", name, string(input)) // an older bedside.js
	}
	v, err := invoke(ctx, op, "predictJSON", name, string(input))
	if err != nil {
		return nil, err
	}
	return jsTextInSlices(op, v, textSlice)
}

// textSlice is how many UTF-16 units of an answer are copied into Go per
// task: a long note's prediction is megabytes of JSON, and copying it at
// once took tens of ms in the task that took the worker's message.
const textSlice = 1 << 18

// jsTextInSlices is jsText copying per units at a time and handing the main
// thread back to the browser between slices. A cut never splits a
// surrogate pair, which would turn a character into U+FFFD.
func jsTextInSlices(op string, v js.Value, per int) (out []byte, err error) {
	if v.Type() != js.TypeString {
		return jsText(op, v)
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &clinical.Error{Op: op, Err: errors.New("internal error in the model runtime; reload the page")}
		}
	}()
	str := js.Global().Get("Object").Invoke(v) // a String object, for its methods
	n, per := str.Get("length").Int(), max(per, 2)
	if n <= per {
		return []byte(v.String()), nil
	}
	// At least a byte per UTF-16 unit: growing the buffer as it filled
	// copied megabytes again in the task of the last slice.
	out = make([]byte, 0, n)
	for lo := 0; lo < n; {
		hi := min(lo+per, n)
		if c := str.Call("charCodeAt", hi-1).Int(); hi < n && c >= 0xD800 && c <= 0xDBFF {
			hi--
		}
		out = append(out, str.Call("slice", lo, hi).String()...)
		lo = hi
		if lo < n {
			time.Sleep(time.Millisecond) // returns to the JavaScript event loop
		}
	}
	return out, nil
}

func (browser) Context(ctx context.Context, text string) ([]byte, error) {
	return call(ctx, "context", "context", text)
}

func (browser) Want(names ...string) {
	defer func() { recover() }()
	b, err := api()
	if err != nil {
		return
	}
	list := make([]any, len(names))
	for i, n := range names {
		list[i] = n
	}
	b.Call("want", list)
}

func (browser) Load(ctx context.Context, name string) error {
	_, err := call(ctx, "load "+name, "load", name)
	return err
}

// FHIR returns the bundle's text as the worker wrote it (window.bedside.fhir
// resolves to a string, which call hands back JSON-quoted).
func (browser) FHIR(ctx context.Context, text string) ([]byte, error) {
	out, err := call(ctx, "fhir", "fhir", text)
	if err != nil {
		return nil, err
	}
	var s string
	if err := json.Unmarshal(out, &s); err != nil {
		return nil, &clinical.Error{Op: "fhir", Err: err}
	}
	return []byte(s), nil
}

// ContextParts copies one part from JavaScript per call of part, so with a
// part that yields the page decodes a part per task.
func (browser) ContextParts(ctx context.Context, text string, part func([]byte) error) (err error) {
	const op = "context"
	v, err := invoke(ctx, op, "contextParts", text)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = &clinical.Error{Op: op, Err: errors.New("internal error in the model runtime; reload the page")}
		}
	}()
	if v.Type() != js.TypeObject || v.Get("length").Type() != js.TypeNumber {
		return &clinical.Error{Op: op, Err: errors.New("the model runtime answered with no parts; reload the page")}
	}
	for i, n := 0, v.Length(); i < n; i++ {
		b, err := jsText(op, v.Index(i))
		if err != nil {
			return err
		}
		if err := part(b); err != nil {
			return err
		}
	}
	return nil
}

// jsText is a resolved string as bytes; anything else is the runtime's fault.
func jsText(op string, v js.Value) ([]byte, error) {
	if v.Type() != js.TypeString {
		return nil, &clinical.Error{Op: op, Err: errors.New("the model runtime answered with something other than JSON text; reload the page")}
	}
	return []byte(v.String()), nil
}

func (browser) Card(ctx context.Context, name string) ([]byte, error) {
	return call(ctx, "card "+name, "card", name)
}

// call invokes window.bedside[method](args...) and waits for its Promise,
// returning the resolved value as JSON.
func call(ctx context.Context, op, method string, args ...any) (out []byte, err error) {
	v, err := invoke(ctx, op, method, args...)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &clinical.Error{Op: op, Err: errors.New("internal error in the model runtime; reload the page")}
		}
	}()
	return []byte(js.Global().Get("JSON").Call("stringify", v).String()), nil
}

// invoke calls window.bedside[method](args...) and waits for its Promise,
// returning the resolved value.
func invoke(ctx context.Context, op, method string, args ...any) (out js.Value, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = js.Undefined(), &clinical.Error{Op: op, Err: errors.New("internal error in the model runtime; reload the page")}
		}
	}()
	b, err := api()
	if err != nil {
		return js.Undefined(), &clinical.Error{Op: op, Err: err}
	}
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- result{v: a[0]}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- result{err: jsError(op, a[0])}
		return nil
	})
	release := func() { then.Release(); catch.Release() }
	b.Call(method, args...).Call("then", then, catch)
	select {
	case r := <-ch:
		release()
		if r.err != nil {
			return js.Undefined(), r.err
		}
		return r.v, nil
	case <-ctx.Done():
		go func() { <-ch; release() }()
		return js.Undefined(), ctx.Err()
	}
}

// jsError turns a rejected Error from bedside.js into a *clinical.Error so
// the UI can point at the field at fault.
func jsError(op string, v js.Value) error {
	msg := v.String()
	if m := v.Get("message"); m.Type() == js.TypeString {
		msg = m.String()
	}
	e := &clinical.Error{Op: op, Err: errors.New(msg)}
	if f := v.Get("field"); f.Type() == js.TypeString {
		e.Field = f.String()
	}
	if k := v.Get("kind"); k.Type() == js.TypeString {
		e.Kind = clinical.ErrorKindOf(k.String())
	}
	return e
}
