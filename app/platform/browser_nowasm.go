//go:build !(js && wasm)

package platform

import (
	"context"
	"errors"

	"github.com/bedside-health/bedside/engine/clinical"
)

// Browser returns the Client backed by window.bedside. Outside WebAssembly
// there is no browser: every call fails with a message saying so (use Dir
// for a native Client).
func Browser() Client { return noBrowser{} }

var errNoBrowser = errors.New("the browser model client runs only in WebAssembly")

type noBrowser struct{}

func (noBrowser) Models() []clinical.Entry { return nil }
func (noBrowser) Status(name string) Status {
	return Status{Name: name, State: Failed, Err: errNoBrowser.Error()}
}
func (noBrowser) Predict(context.Context, string, []byte) ([]byte, error) { return nil, errNoBrowser }
func (noBrowser) Context(context.Context, string) ([]byte, error)         { return nil, errNoBrowser }
func (noBrowser) Card(context.Context, string) ([]byte, error)            { return nil, errNoBrowser }
func (noBrowser) Want(...string)                                          {}
func (noBrowser) Load(context.Context, string) error                      { return errNoBrowser }
func (noBrowser) FHIR(context.Context, string) ([]byte, error)            { return nil, errNoBrowser }

func (noBrowser) ContextParts(context.Context, string, func([]byte) error) error {
	return errNoBrowser
}

// Watch exists for symmetry with the browser: natively nothing changes.
func Watch(fn func(Status)) (stop func()) { return func() {} }
