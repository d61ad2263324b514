package models_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// TestMarshalPredictionShipped holds the worker's encoder to encoding/json,
// byte for byte, on the shipped models' real answers: every text model on
// every message and note of the symptom and nlp testdata, every tabular
// and survival model on inputs at each feature's default, minimum and
// maximum, with each optional feature missing, and out of range.
func TestMarshalPredictionShipped(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "web", "models")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Skipf("no shipped manifest: %v", err)
	}
	m, err := clinical.ParseManifest(data)
	if err != nil {
		t.Fatal(err)
	}
	texts := shippedTexts(t)
	for _, e := range m.Models {
		t.Run(e.Name+" answers encode as encoding/json encodes them", func(t *testing.T) {
			w, err := os.ReadFile(filepath.Join(dir, e.File))
			if err != nil {
				t.Fatal(err)
			}
			p, err := clinical.Load(e.Name, w)
			if err != nil {
				t.Fatal(err)
			}
			cb, err := os.ReadFile(filepath.Join(dir, e.Name+".card.json"))
			if err != nil {
				t.Fatal(err)
			}
			var card clinical.Card
			if err := json.Unmarshal(cb, &card); err != nil {
				t.Fatal(err)
			}
			var inputs [][]byte
			if len(card.Inputs) == 0 {
				for _, s := range texts {
					in, _ := json.Marshal(map[string]string{"text": s})
					inputs = append(inputs, in)
				}
			} else {
				inputs = tabularInputs(card.Inputs)
			}
			answered := 0
			for _, in := range inputs {
				out, err := p.Predict(in)
				if err != nil {
					continue
				}
				answered++
				want, werr := json.Marshal(out)
				got, gerr := clinical.MarshalPrediction(out)
				if werr != nil || gerr != nil || !bytes.Equal(got, want) {
					t.Fatalf("input %s:\nMarshalPrediction %v\n%s\nencoding/json %v\n%s", in, gerr, got, werr, want)
				}
			}
			if answered < len(inputs)/2 {
				t.Fatalf("only %d of %d inputs were answered", answered, len(inputs))
			}
		})
	}
}

// shippedTexts is every message and note line of the symptom and nlp
// testdata, English and Chinese.
func shippedTexts(t *testing.T) []string {
	var texts []string
	for _, g := range []string{"../symptom/testdata/*.tsv", "../../../nlp/testdata/*.txt", "../../../nlp/testdata/notes/*.txt"} {
		files, _ := filepath.Glob(g)
		if len(files) == 0 {
			t.Fatalf("%s: no files", g)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(b), "\n") {
				if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				cols := strings.Split(line, "\t")
				texts = append(texts, cols[len(cols)-1])
			}
		}
	}
	return texts
}

// tabularInputs varies one feature at a time from the defaults: to its
// minimum, its maximum, past its range, and missing.
func tabularInputs(fs []clinical.Feature) [][]byte {
	base := map[string]any{}
	for _, f := range fs {
		base[f.Name] = f.Default
	}
	enc := func(m map[string]any) []byte { b, _ := json.Marshal(m); return b }
	out := [][]byte{enc(base)}
	for _, f := range fs {
		for _, v := range []any{f.Min, f.Max, f.Max * 1.5, f.Min + (f.Max-f.Min)/3, nil} {
			m := map[string]any{}
			for k, x := range base {
				m[k] = x
			}
			if v == nil {
				delete(m, f.Name)
			} else {
				m[f.Name] = v
			}
			out = append(out, enc(m))
		}
	}
	return out
}
