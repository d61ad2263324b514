//go:build js && wasm

package platform

import (
	"errors"
	"syscall/js"
	"time"
)

// await blocks the calling goroutine until p settles. Never call it on the
// JavaScript event-loop goroutine (an event callback): only from
// ctx.Async, where the vault is always used.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var then, catch js.Func
	then = js.FuncOf(func(this js.Value, args []js.Value) any {
		var v js.Value
		if len(args) > 0 {
			v = args[0]
		}
		ch <- result{v: v}
		return nil
	})
	catch = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "failed"
		if len(args) > 0 {
			if m := args[0].Get("message"); m.Truthy() {
				msg = m.String()
			} else {
				msg = args[0].Call("toString").String()
			}
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	p.Call("then", then).Call("catch", catch)
	r := <-ch
	then.Release()
	catch.Release()
	return r.v, r.err
}

// safe turns a JavaScript exception thrown by a call into an error.
func safe(f func() (js.Value, error)) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("browser refused: " + jsErrString(r))
		}
	}()
	return f()
}

func jsErrString(r any) string {
	if e, ok := r.(js.Error); ok {
		return e.Error()
	}
	if e, ok := r.(error); ok {
		return e.Error()
	}
	return "unknown error"
}

func toBytes(v js.Value) []byte {
	u := js.Global().Get("Uint8Array").New(v)
	b := make([]byte, u.Get("length").Int())
	js.CopyBytesToGo(b, u)
	return b
}

func toJS(b []byte) js.Value {
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return u
}

// webSealer uses WebCrypto: PBKDF2-SHA256 to a non-extractable AES-GCM key.
type webSealer struct{}

func subtle() js.Value { return js.Global().Get("crypto").Get("subtle") }

func (webSealer) random(n int) ([]byte, error) {
	v, err := safe(func() (js.Value, error) {
		return js.Global().Get("crypto").Call("getRandomValues", js.Global().Get("Uint8Array").New(n)), nil
	})
	if err != nil {
		return nil, err
	}
	return toBytes(v), nil
}

func (webSealer) derive(pass string, salt []byte, iterations int) (any, error) {
	if !subtle().Truthy() {
		return nil, errors.New("this browser has no WebCrypto (a secure context is needed: https or localhost)")
	}
	return safe(func() (js.Value, error) {
		enc := js.Global().Get("TextEncoder").New().Call("encode", pass)
		base, err := await(subtle().Call("importKey", "raw", enc, "PBKDF2", false, js.ValueOf([]any{"deriveKey"})))
		if err != nil {
			return js.Value{}, err
		}
		params := js.ValueOf(map[string]any{"name": "PBKDF2", "hash": "SHA-256", "iterations": iterations})
		params.Set("salt", toJS(salt))
		return await(subtle().Call("deriveKey", params, base,
			js.ValueOf(map[string]any{"name": "AES-GCM", "length": 256}), false, js.ValueOf([]any{"encrypt", "decrypt"})))
	})
}

func (s webSealer) seal(key any, plaintext []byte) ([]byte, []byte, error) {
	k, ok := key.(js.Value)
	if !ok {
		return nil, nil, errors.New("not a key")
	}
	iv, err := s.random(12)
	if err != nil {
		return nil, nil, err
	}
	v, err := safe(func() (js.Value, error) {
		alg := js.ValueOf(map[string]any{"name": "AES-GCM"})
		alg.Set("iv", toJS(iv))
		return await(subtle().Call("encrypt", alg, k, toJS(plaintext)))
	})
	if err != nil {
		return nil, nil, err
	}
	return iv, toBytes(v), nil
}

func (webSealer) open(key any, iv, ct []byte) ([]byte, error) {
	k, ok := key.(js.Value)
	if !ok {
		return nil, errors.New("not a key")
	}
	v, err := safe(func() (js.Value, error) {
		alg := js.ValueOf(map[string]any{"name": "AES-GCM"})
		alg.Set("iv", toJS(iv))
		return await(subtle().Call("decrypt", alg, k, toJS(ct)))
	})
	if err != nil {
		return nil, err
	}
	return toBytes(v), nil
}

// idbStore keeps records in IndexedDB database "bedside-history", object
// store "vault", values as Uint8Array.
type idbStore struct{}

const (
	idbName    = "bedside-history"
	idbObjects = "vault"
)

// watch listens for an IDBRequest's outcome. Handlers are set at once, so
// several requests can be issued before waiting on any of them.
func watch(req js.Value) func() (js.Value, error) {
	ch := make(chan error, 1)
	ok := js.FuncOf(func(this js.Value, args []js.Value) any { ch <- nil; return nil })
	fail := js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "storage error"
		if e := req.Get("error"); e.Truthy() {
			msg = e.Get("message").String()
		}
		ch <- errors.New(msg)
		return nil
	})
	req.Set("onsuccess", ok)
	req.Set("onerror", fail)
	return func() (js.Value, error) {
		var err error
		select {
		case err = <-ch:
		case <-time.After(15 * time.Second):
			// A blocked open or delete never calls back; say so instead of
			// leaving the page waiting forever. The handlers stay alive in
			// case the browser answers later.
			return js.Value{}, errors.New("the browser's storage did not answer")
		}
		ok.Release()
		fail.Release()
		if err != nil {
			return js.Value{}, err
		}
		return req.Get("result"), nil
	}
}

// request waits for one IDBRequest.
func request(req js.Value) (js.Value, error) { return watch(req)() }

func openDB() (js.Value, error) {
	return safe(func() (js.Value, error) {
		idb := js.Global().Get("indexedDB")
		if !idb.Truthy() {
			return js.Value{}, errors.New("this browser has no IndexedDB (private browsing may disable it)")
		}
		req := idb.Call("open", idbName, 1)
		upgrade := js.FuncOf(func(this js.Value, args []js.Value) any {
			db := req.Get("result")
			if !db.Get("objectStoreNames").Call("contains", idbObjects).Bool() {
				db.Call("createObjectStore", idbObjects)
			}
			return nil
		})
		defer upgrade.Release()
		req.Set("onupgradeneeded", upgrade)
		return request(req)
	})
}

func withStore(mode string, f func(st js.Value) (js.Value, error)) (js.Value, error) {
	db, err := openDB()
	if err != nil {
		return js.Value{}, err
	}
	defer db.Call("close")
	return safe(func() (js.Value, error) {
		st := db.Call("transaction", idbObjects, mode).Call("objectStore", idbObjects)
		return f(st)
	})
}

func (idbStore) get(key string) ([]byte, bool, error) {
	v, err := withStore("readonly", func(st js.Value) (js.Value, error) { return request(st.Call("get", key)) })
	if err != nil {
		return nil, false, err
	}
	if v.IsUndefined() || v.IsNull() {
		return nil, false, nil
	}
	return toBytes(v), true, nil
}

func (idbStore) put(key string, value []byte) error {
	_, err := withStore("readwrite", func(st js.Value) (js.Value, error) { return request(st.Call("put", toJS(value), key)) })
	return err
}

func (idbStore) all() (map[string][]byte, error) {
	out := map[string][]byte{}
	_, err := withStore("readonly", func(st js.Value) (js.Value, error) {
		waitKeys, waitVals := watch(st.Call("getAllKeys")), watch(st.Call("getAll"))
		keys, err := waitKeys()
		if err != nil {
			return js.Value{}, err
		}
		vals, err := waitVals()
		if err != nil {
			return js.Value{}, err
		}
		for i := 0; i < keys.Length() && i < vals.Length(); i++ {
			out[keys.Index(i).String()] = toBytes(vals.Index(i))
		}
		return js.Value{}, nil
	})
	return out, err
}

func (idbStore) clear() error {
	_, err := withStore("readwrite", func(st js.Value) (js.Value, error) { return request(st.Call("clear")) })
	return err
}

func (idbStore) del(key string) error {
	_, err := withStore("readwrite", func(st js.Value) (js.Value, error) { return request(st.Call("delete", key)) })
	return err
}

// SaveFile hands data to the browser as a download named name. No server
// is involved: the bytes go from memory to the user's disk.
func SaveFile(name, mime string, data []byte) (err error) {
	_, err = safe(func() (js.Value, error) {
		blob := js.Global().Get("Blob").New(js.ValueOf([]any{toJS(data)}), js.ValueOf(map[string]any{"type": mime}))
		url := js.Global().Get("URL").Call("createObjectURL", blob)
		doc := js.Global().Get("document")
		a := doc.Call("createElement", "a")
		a.Set("href", url)
		a.Set("download", name)
		a.Set("hidden", true)
		doc.Get("body").Call("appendChild", a)
		a.Call("click")
		a.Call("remove")
		// The download has started from the click; the URL is released
		// later, since revoking it at once can cancel it in some browsers.
		var release js.Func
		release = js.FuncOf(func(js.Value, []js.Value) any {
			js.Global().Get("URL").Call("revokeObjectURL", url)
			release.Release()
			return nil
		})
		js.Global().Call("setTimeout", release, 60000)
		return js.Value{}, nil
	})
	return err
}

// ReadChosenFile reads the first file chosen in the file input with id.
// It blocks: call it from ctx.Async.
func ReadChosenFile(id string) ([]byte, error) {
	v, err := safe(func() (js.Value, error) {
		in := js.Global().Get("document").Call("getElementById", id)
		if !in.Truthy() || in.Get("files").Get("length").Int() == 0 {
			return js.Value{}, errors.New("no file chosen")
		}
		return await(in.Get("files").Index(0).Call("arrayBuffer"))
	})
	if err != nil {
		return nil, err
	}
	return toBytes(v), nil
}

// PersistStorage asks the browser not to evict this site's storage under
// pressure (navigator.storage.persist) and returns its answer. It blocks:
// call it from ctx.Async.
func PersistStorage() (bool, error) {
	v, err := safe(func() (js.Value, error) {
		st := js.Global().Get("navigator").Get("storage")
		if !st.Truthy() || !st.Get("persist").Truthy() {
			return js.Value{}, errors.New("this browser cannot be asked to keep storage")
		}
		return await(st.Call("persist"))
	})
	if err != nil {
		return false, err
	}
	return v.Truthy(), nil
}

func newSealer() sealer { return webSealer{} }

func newStore() store { return idbStore{} }
