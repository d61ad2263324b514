package department

import (
	"encoding/json"
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

func predict(t *testing.T, p clinical.Predictor, text string) *clinical.TextPrediction {
	t.Helper()
	in, _ := json.Marshal(map[string]string{"text": text})
	out, err := p.Predict(in)
	if err != nil {
		t.Fatal(err)
	}
	return out.(*clinical.TextPrediction)
}

func TestSmokeTrainAndPredict(t *testing.T) {
	dir := dataDir(t)
	tr, err := Spec.Train(task.Config{DataDir: dir, Seed: 1, Smoke: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Card.Labels) != 8 || len(tr.Card.Baselines) == 0 {
		t.Errorf("card has %d labels and %d baselines", len(tr.Card.Labels), len(tr.Card.Baselines))
	}
	p, err := clinical.Load(Name, tr.Weights)
	if err != nil {
		t.Fatal(err)
	}
	pred := predict(t, p, "乙肝大三阳需要吃药吗？我体检查出乙肝大三阳，转氨酶正常。")
	if len(pred.Classes) != 8 || len(pred.Tokens) == 0 || pred.Triage != nil {
		t.Errorf("prediction has %d classes, %d tokens, triage %v", len(pred.Classes), len(pred.Tokens), pred.Triage)
	}
	for _, tok := range pred.Tokens {
		if tok.End-tok.Start != 1 {
			t.Errorf("token %q spans %d characters; the model reads single characters", tok.Text, tok.End-tok.Start)
		}
	}
	_, err = p.Predict([]byte(`{"text":"` + strings.Repeat("肝", MaxRunes+1) + `"}`))
	var ce *clinical.Error
	if !errors.As(err, &ce) || ce.Kind != clinical.Invalid || !strings.Contains(err.Error(), "at most") {
		t.Errorf("an over-long question gave %v, want an invalid-input error stating the limit", err)
	}
}

// shipped loads the committed weights: the answers below are about the
// model as the app serves it.
func shipped(t *testing.T) clinical.Predictor {
	t.Helper()
	w, err := os.ReadFile(filepath.Join("..", "..", "..", "web", "models", Name+".safetensors"))
	if err != nil {
		t.Fatalf("the shipped department model is missing: %v", err)
	}
	p, err := clinical.Load(Name, w)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The questions are written for the test, none taken from the data.
func TestShippedAnswers(t *testing.T) {
	p := shipped(t)
	for _, c := range []struct{ text, want string }{
		{"乙肝小三阳，转氨酶有点高，需要抗病毒治疗吗？", "肝病科"},
		{"最近血压一直160/100，头晕，吃什么降压药好？", "心血管科"},
		{"血糖空腹8.5，是不是糖尿病，要打胰岛素吗？", "内分泌科"},
		{"吃完饭胃胀反酸，经常打嗝，是不是胃炎？", "消化科"},
	} {
		pred := predict(t, p, c.text)
		if got := pred.Classes[0].Label; got != c.want {
			t.Errorf("%s: top clinic %s (%.3f), want %s", c.text, got, pred.Classes[0].Prob, c.want)
		}
	}
}

func TestShippedFlagsEnglishUncertain(t *testing.T) {
	p := shipped(t)
	for _, text := range []string{
		"I have hepatitis B and my liver enzymes are high, do I need treatment?",
		"My blood pressure is 160/100 after a CT scan and a B ultrasound.",
	} {
		pred := predict(t, p, text)
		if !pred.Uncertain || pred.Note == nil {
			t.Errorf("%q: uncertain %v, note %v; English text must be flagged", text, pred.Uncertain, pred.Note)
		}
	}
}
