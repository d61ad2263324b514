//go:build js && wasm

package platform

import (
	"context"
	"errors"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/bedside-health/bedside/engine/clinical"
)

// fakeBedside installs a window.bedside written in JavaScript, as
// web/bedside.js would, so the Go side is tested against real Promises.
func fakeBedside(t *testing.T) {
	t.Helper()
	js.Global().Get("Function").New(`
		globalThis.bedside = {
			manifest: () => Promise.resolve([{name: "wdbc", version: "1", file: "wdbc.safetensors", sha256: "ab", bytes: 3, kind: "tabular", status: "ready", progress: 1, error: ""}]),
			models: () => [],
			status: (name) => name === "wdbc" ? {name, status: "downloading", progress: 0.25, error: ""} : {name, status: "failed", progress: 0, error: "no such model"},
			predict: (name, input) => {
				const v = JSON.parse(input);
				if (v.radius_mean === undefined) {
					const e = new Error("predict wdbc: invalid input: radius_mean: missing");
					e.kind = "invalid"; e.field = "radius_mean";
					return Promise.reject(e);
				}
				return Promise.resolve({model: name, probability: 0.25});
			},
			context: (text) => new Promise(() => {}),
			card: (name) => Promise.resolve({name: name, title: "Breast mass"}),
		};
	`).Invoke()
	t.Cleanup(func() { js.Global().Delete("bedside") })
}

func TestBrowserClient(t *testing.T) {
	fakeBedside(t)
	c := Browser()
	ctx := context.Background()
	t.Run("Models waits for the manifest", func(t *testing.T) {
		m := c.Models()
		if len(m) != 1 || m[0].Name != "wdbc" || m[0].Bytes != 3 {
			t.Fatalf("%+v", m)
		}
	})
	t.Run("Status maps the JavaScript status", func(t *testing.T) {
		if s := c.Status("wdbc"); s.State != Downloading || s.Progress != 0.25 {
			t.Fatalf("%+v", s)
		}
		if s := c.Status("nope"); s.State != Failed || s.Err != "no such model" {
			t.Fatalf("%+v", s)
		}
	})
	t.Run("Predict returns the resolved JSON", func(t *testing.T) {
		out, err := c.Predict(ctx, "wdbc", []byte(`{"radius_mean": 14}`))
		if err != nil || string(out) != `{"model":"wdbc","probability":0.25}` {
			t.Fatalf("%s, %v", out, err)
		}
	})
	t.Run("a rejection becomes a clinical.Error naming the field", func(t *testing.T) {
		_, err := c.Predict(ctx, "wdbc", []byte(`{}`))
		var ce *clinical.Error
		if !errors.As(err, &ce) || ce.Kind != clinical.Invalid || ce.Field != "radius_mean" || !strings.Contains(err.Error(), "missing") {
			t.Fatalf("%#v", err)
		}
	})
	t.Run("a cancelled context stops the wait", func(t *testing.T) {
		cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if _, err := c.Context(cctx, "no fever"); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%v", err)
		}
	})
	t.Run("Card returns the card JSON", func(t *testing.T) {
		out, err := c.Card(ctx, "wdbc")
		if err != nil || !strings.Contains(string(out), "Breast mass") {
			t.Fatalf("%s, %v", out, err)
		}
	})
	t.Run("without window.bedside every call says so", func(t *testing.T) {
		js.Global().Delete("bedside")
		if _, err := c.Predict(ctx, "wdbc", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "reload") {
			t.Fatalf("%v", err)
		}
		if s := c.Status("wdbc"); s.State != Failed {
			t.Fatalf("%+v", s)
		}
	})
}
