package specialty

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

func dataDir(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "js" {
		t.Skip("no data sets under wasm")
	}
	for _, dir := range []string{os.Getenv("BEDSIDE_DATA"), filepath.Join("..", "..", "..", "..", "shared", "data")} {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, Spec.Dataset, "train.csv")); err == nil {
			return dir
		}
	}
	t.Skipf("skipping: %s/train.csv not found (set BEDSIDE_DATA or place the data sets in ../shared/data)", Spec.Dataset)
	return ""
}

func TestSmokeTrainAndPredict(t *testing.T) {
	dir := dataDir(t)
	tr, err := Spec.Train(task.Config{DataDir: dir, Seed: 1, Smoke: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Card.Labels) != 17 || len(tr.Card.Baselines) == 0 {
		t.Errorf("card has %d labels and %d baselines", len(tr.Card.Labels), len(tr.Card.Baselines))
	}
	p, err := clinical.Load(Name, tr.Weights)
	if err != nil {
		t.Fatal(err)
	}
	note := "PREOPERATIVE DIAGNOSIS: Cataract, right eye.\nPROCEDURE: Phacoemulsification with intraocular lens implantation."
	out, err := p.Predict([]byte(`{"text":` + quote(note) + `}`))
	if err != nil {
		t.Fatal(err)
	}
	pred := out.(*clinical.TextPrediction)
	if len(pred.Classes) != 17 || len(pred.Tokens) == 0 || pred.Triage != nil {
		t.Errorf("prediction has %d classes, %d tokens, triage %v", len(pred.Classes), len(pred.Tokens), pred.Triage)
	}
	_, err = p.Predict([]byte(`{"text":"` + strings.Repeat("a", MaxRunes+1) + `"}`))
	var ce *clinical.Error
	if !errors.As(err, &ce) || ce.Kind != clinical.Invalid || !strings.Contains(err.Error(), "at most") {
		t.Errorf("an over-long note gave %v, want an invalid-input error stating the limit", err)
	}
}

func quote(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	return `"` + s + `"`
}
