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
			predictJSON: (name, input) => name !== "wdbc" ? Promise.resolve({not: "text"}) :
				globalThis.bedside.predict(name, input).then(() => '{"model":"wdbc","probability":0.5}'),
			context: (text) => new Promise(() => {}),
			contextParts: (text) => text === "not parts" ? Promise.resolve("{}") : text === "not text" ? Promise.resolve(["{}", [1]]) :
				Promise.resolve(['{"sections":[]}', '[{"text":"fever"}]', '[{"text":"cough"}]']),
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
	t.Run("Predict returns the JSON text predictJSON resolves, as it is", func(t *testing.T) {
		out, err := c.Predict(ctx, "wdbc", []byte(`{"radius_mean": 14}`))
		if err != nil || string(out) != `{"model":"wdbc","probability":0.5}` {
			t.Fatalf("%s, %v", out, err)
		}
		if out, err := c.Predict(ctx, "other", []byte(`{}`)); err == nil {
			t.Fatalf("an answer that is not text was taken: %s", out)
		}
	})
	t.Run("a long answer is copied in slices that never split a character", func(t *testing.T) {
		want := `{"text":"` + strings.Repeat("a🤒发热b", 9) + `"}`
		v := js.ValueOf(want)
		for _, per := range []int{1, 2, 3, 5, 7, 1000} {
			got, err := jsTextInSlices("predict", v, per)
			if err != nil || string(got) != want {
				t.Errorf("in slices of %d: %s, %v", per, got, err)
			}
		}
		if _, err := jsTextInSlices("predict", js.ValueOf(42), 3); err == nil {
			t.Error("a number was taken as text")
		}
	})
	t.Run("with an older bedside.js Predict takes what predict resolves", func(t *testing.T) {
		b := js.Global().Get("bedside")
		keep := b.Get("predictJSON")
		b.Delete("predictJSON")
		defer b.Set("predictJSON", keep)
		out, err := c.Predict(ctx, "wdbc", []byte(`{"radius_mean": 14}`))
		if err != nil || string(out) != `{"model":"wdbc","probability":0.25}` {
			t.Fatalf("%s, %v", out, err)
		}
	})
	t.Run("ContextParts hands over each part in order and stops at the first error", func(t *testing.T) {
		pc, ok := c.(PartedContext)
		if !ok {
			t.Fatal("the browser client does not hand over parts")
		}
		var got []string
		if err := pc.ContextParts(ctx, "no fever", func(b []byte) error { got = append(got, string(b)); return nil }); err != nil {
			t.Fatal(err)
		}
		if want := `{"sections":[]} [{"text":"fever"}] [{"text":"cough"}]`; strings.Join(got, " ") != want {
			t.Fatalf("parts %q, want %s", got, want)
		}
		stop := errors.New("stop")
		calls := 0
		if err := pc.ContextParts(ctx, "no fever", func([]byte) error { calls++; return stop }); err != stop || calls != 1 {
			t.Fatalf("%v after %d calls, want stop after 1", err, calls)
		}
		for _, bad := range []string{"not parts", "not text"} {
			if err := pc.ContextParts(ctx, bad, func([]byte) error { return nil }); err == nil {
				t.Errorf("%s: an answer that is not a list of JSON texts was taken", bad)
			}
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
		if err := c.(PartedContext).ContextParts(ctx, "no fever", func([]byte) error { return nil }); err == nil || !strings.Contains(err.Error(), "reload") {
			t.Fatalf("%v", err)
		}
		if s := c.Status("wdbc"); s.State != Failed {
			t.Fatalf("%+v", s)
		}
	})
}
