package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The text models through the command-line contract: a smoke training on
// real data, the validation split, eval's multiclass keys, and predict's
// answer (or error line) for every input line.
func TestTextModelsCLI(t *testing.T) {
	data := dataDir(t)
	models := t.TempDir()
	if code, _, errs := run(t, "", "train", "-model", "symptom,specialty", "-smoke", "-data", data, "-out", models); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	for _, name := range []string{"symptom", "specialty"} {
		t.Run(name+" evaluates on its validation split", func(t *testing.T) {
			val := filepath.Join(t.TempDir(), "val.csv")
			if code, _, errs := run(t, "", "split", "-model", name, "-data", data, "-out", val); code != 0 {
				t.Fatalf("split: %s", errs)
			}
			code, out, errs := run(t, "", "eval", "-model", name, "-data", val, "-models", models)
			if code != 0 {
				t.Fatalf("eval: %s", errs)
			}
			var got map[string]float64
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("eval printed %q: %v", out, err)
			}
			for _, k := range []string{"n", "accuracy", "macro_f1", "top3_accuracy"} {
				if _, ok := got[k]; !ok {
					t.Errorf("eval output %v lacks %s", got, k)
				}
			}
		})
	}
	t.Run("symptom predicts every line and names the bad ones", func(t *testing.T) {
		in := `{"text":"I have chest pain and can't breathe"}` + "\n" + `{"text":""}` + "\n" + `{"text":"itchy rash on my arms, no fever"}` + "\n"
		code, out, _ := run(t, in, "predict", "-model", "symptom", "-models", models)
		if code != 1 {
			t.Errorf("exit status %d, want 1 for a bad row", code)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 || !strings.Contains(lines[0], `"level":"emergency"`) || !strings.Contains(lines[1], `"row":2`) {
			t.Errorf("predict output:\n%s", out)
		}
	})
	t.Run("a CSV with an empty note is refused with its row", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.csv")
		os.WriteFile(bad, []byte("label,text\nAcne,pimples on my face\nAcne,\n"), 0o644)
		code, _, errs := run(t, "", "eval", "-model", "symptom", "-data", bad, "-models", models)
		if code == 0 || !strings.Contains(errs, "row 2") || !strings.Contains(errs, `"text"`) {
			t.Errorf("eval of a bad file: %d %s", code, errs)
		}
	})
}

// TestPredictSaysWhenItCannotTell runs the shipped symptom model: small talk
// prints "uncertain": true, the abstention and no class at all, so no
// caller can read a confident disease out of it.
func TestPredictSaysWhenItCannotTell(t *testing.T) {
	models := filepath.Join("..", "..", "web", "models")
	in := `{"text":"the weather is nice today and I like football"}` + "\n"
	code, out, errs := run(t, in, "predict", "-model", "symptom", "-models", models)
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, errs)
	}
	var got struct {
		Uncertain *bool            `json:"uncertain"`
		Abstain   bool             `json:"abstain"`
		Classes   []map[string]any `json:"classes"`
		Triage    struct{ Level string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Uncertain == nil || !*got.Uncertain || !got.Abstain || len(got.Classes) != 0 || got.Triage.Level != "cannot-tell" {
		t.Errorf("predict printed %s", out)
	}
}
