package jsonval

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The layout keeps nlp and the engine apart, so each has a copy of this
// package; a fix made to one copy must reach the other.
func TestCopiesAgree(t *testing.T) {
	for _, f := range []string{"jsonval.go", "jsonval_test.go"} {
		here, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		there, err := os.ReadFile(filepath.Join("..", "..", "nlp", "jsonval", f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(here, there) {
			t.Errorf("engine/jsonval/%s and nlp/jsonval/%s differ; copy the one you changed over the other", f, f)
		}
	}
}
