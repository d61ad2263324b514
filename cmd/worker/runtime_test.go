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
	t.Run("errors carry the kind's code and the field to the page", func(t *testing.T) {
		for _, tc := range []struct {
			err  error
			want string
		}{
			{&clinical.Error{Op: "predict wdbc", Kind: clinical.Invalid, Field: "radius_mean", Err: errors.New("missing")}, `"field":"radius_mean","kind":"invalid"`},
			{&clinical.Error{Op: "load x", Kind: clinical.NotFound, Err: errors.New("no such model")}, `"kind":"not_found"`},
			{&clinical.Error{Op: "verify x", Kind: clinical.Corrupt, Err: errors.New("sha256")}, `"kind":"corrupt"`},
			{errors.New("plain"), `"kind":"internal"`},
		} {
			b, err := json.Marshal(errorReply(tc.err))
			if err != nil || !strings.Contains(string(b), tc.want) {
				t.Errorf("errorReply(%v) = %s, want it to contain %s", tc.err, b, tc.want)
			}
		}
	})
}

// The page decodes kinds with ErrorKindOf, so a code that does not come back
// as its own kind would silently turn into an internal error there.
func TestErrorKindCodesRoundTrip(t *testing.T) {
	seen := map[string]clinical.ErrorKind{}
	// Kinds past the last named one all report "internal"; scanning a margin
	// beyond today's kinds covers ones added later without listing them here.
	for k := clinical.ErrorKind(0); k < 32; k++ {
		code := k.Code()
		if code == "" || strings.ContainsAny(code, " \t") {
			t.Errorf("kind %d (%v) has code %q; codes are single words", k, k, code)
		}
		if code == clinical.Other.Code() {
			if k != clinical.Other && k.String() != clinical.Other.String() {
				t.Errorf("kind %d (%v) has no code of its own", k, k)
			}
			continue
		}
		if prev, ok := seen[code]; ok {
			t.Errorf("kinds %v and %v share the code %q", prev, k, code)
		}
		seen[code] = k
		if got := clinical.ErrorKindOf(code); got != k {
			t.Errorf("ErrorKindOf(%q) = %v, want %v", code, got, k)
		}
	}
	for _, k := range []clinical.ErrorKind{clinical.Invalid, clinical.NotFound, clinical.Corrupt} {
		if _, ok := seen[k.Code()]; !ok {
			t.Errorf("%v has no code of its own", k)
		}
	}
	if got := clinical.ErrorKindOf("no such code"); got != clinical.Other {
		t.Errorf("an unknown code decodes to %v, want %v", got, clinical.Other)
	}
}
