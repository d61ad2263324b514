package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

type panicky struct{}

func (panicky) Name() string { return "panicky" }
func (panicky) Predict(in []byte) (clinical.Prediction, error) {
	if string(in) == `"boom"` {
		var m map[string]int
		m["x"]++ // a bug: assignment to a nil map
	}
	return &clinical.TextPrediction{Model: "ok: " + string(in)}, nil
}

func init() {
	clinical.Register("panicky", func([]byte) (clinical.Predictor, error) { return panicky{}, nil })
}

func entry(name string, w []byte) string {
	s := sha256.Sum256(w)
	b, _ := json.Marshal(clinical.Entry{Name: name, File: name + ".bin", SHA256: hex.EncodeToString(s[:]), Bytes: int64(len(w))})
	return string(b)
}

func TestRuntime(t *testing.T) {
	w := []byte("weights")
	kind := func(err error) clinical.ErrorKind {
		var ce *clinical.Error
		if errors.As(err, &ce) {
			return ce.Kind
		}
		return -1
	}
	t.Run("weights that do not match the manifest are refused before loading", func(t *testing.T) {
		r := newRuntime()
		bad := append([]byte(nil), w...)
		bad[0] ^= 1
		if err := r.load(entry("panicky", w), bad); kind(err) != clinical.Corrupt || !strings.Contains(err.Error(), "sha256") {
			t.Fatalf("%v", err)
		}
		if err := r.load(entry("panicky", w), w[:3]); kind(err) != clinical.Corrupt || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("%v", err)
		}
		if _, err := r.predict("panicky", []byte(`{}`)); kind(err) != clinical.NotFound {
			t.Fatalf("a refused model answered: %v", err)
		}
	})
	t.Run("a malformed manifest entry is invalid", func(t *testing.T) {
		if err := newRuntime().load("{", w); kind(err) != clinical.Invalid {
			t.Fatalf("%v", err)
		}
	})
	t.Run("a model that panics fails that call only", func(t *testing.T) {
		r := newRuntime()
		if err := r.load(entry("panicky", w), w); err != nil {
			t.Fatal(err)
		}
		if _, err := r.predict("panicky", []byte(`"boom"`)); err == nil || !strings.Contains(err.Error(), "internal error") {
			t.Fatalf("%v", err)
		}
		out, err := r.predict("panicky", []byte(`"fine"`))
		if err != nil || !strings.Contains(string(out), "fine") {
			t.Fatalf("%s %v", out, err)
		}
	})
	t.Run("context returns sections and findings", func(t *testing.T) {
		out, err := newRuntime().runContext("No fever.")
		if err != nil || !strings.Contains(string(out), `"negation":"negated"`) {
			t.Fatalf("%s %v", out, err)
		}
	})
	t.Run("errors keep their kind and field for the page", func(t *testing.T) {
		msg, k, f := errorFields(&clinical.Error{Op: "predict wdbc", Kind: clinical.Invalid, Field: "radius_mean", Err: errors.New("missing")})
		if k != "invalid input" || f != "radius_mean" || !strings.Contains(msg, "missing") {
			t.Fatalf("%q %q %q", msg, k, f)
		}
	})
}
