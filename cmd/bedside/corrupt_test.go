package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// A survival file with one extra one-hot level for size, vouched for by a
// manifest rebuilt to match, used to crash predict with an index out of
// range: the manifest proves where bytes came from, not that they fit the
// model.
func TestPredictRefusesSurvivalWeightsWithAnExtraLevel(t *testing.T) {
	_, models := trained(t)
	path := filepath.Join(models, "survival.safetensors")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	var enc map[string]any
	if err := json.Unmarshal([]byte(f.Metadata[clinical.MetaPreprocess]), &enc); err != nil {
		t.Fatal(err)
	}
	tampered := false
	for _, c := range enc["columns"].([]any) {
		col := c.(map[string]any)
		if col["name"] == "size" {
			col["levels"] = append(col["levels"].([]any), 3.0)
			tampered = true
		}
	}
	if !tampered {
		t.Fatal("no size column in the preprocessing")
	}
	b, _ := json.Marshal(enc)
	f.Metadata[clinical.MetaPreprocess] = string(b)
	var buf bytes.Buffer
	if err := safetensors.Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.String())

	mpath := filepath.Join(models, "manifest.json")
	mraw, err := os.ReadFile(mpath)
	if err != nil {
		t.Fatal(err)
	}
	var m clinical.Manifest
	if err := json.Unmarshal(mraw, &m); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	for i := range m.Models {
		if m.Models[i].Name == "survival" {
			m.Models[i].SHA256, m.Models[i].Bytes = hex.EncodeToString(sum[:]), int64(buf.Len())
		}
	}
	mb, _ := json.MarshalIndent(m, "", "  ")
	writeFile(t, mpath, string(mb))

	csv := "age,meno,size,grade,nodes,pgr,er,hormon\n50,1,<=20,2,0,10,10,0\n"
	code, out, errs := run(t, csv, "predict", "-model", "survival", "-models", models)
	if code == 0 || strings.Contains(out+errs, "panic") || strings.Contains(out+errs, "index out of range") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if !strings.Contains(errs, "corrupt") || !strings.Contains(errs, `"size"`) {
		t.Errorf("stderr %q does not say the weights are corrupt and why", errs)
	}
}
