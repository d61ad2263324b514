package symptom

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

// The rules read the real clinical context step: only findings affirmed
// (or possible) for the patient, now, escalate.
func TestRedFlagsWithClinicalContext(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // a rule that must fire, "" for none at all
	}{
		{"not being able to breathe escalates", "I can't breathe and my chest hurts", "breathing-difficulty"},
		{"chest pain with breathlessness escalates", "Since this morning I have chest pain and shortness of breath.", "chest-pain-breathless"},
		{"a stroke sign escalates", "My face is drooping on one side and my speech is slurred.", "stroke-face"},
		{"not peeing all day escalates", "I have been vomiting and I haven't peed all day.", "severe-dehydration"},
		{"a possible faint still counts", "I think I may have fainted this morning.", "loss-of-consciousness"},
		{"suicidal thoughts escalate", "I keep having suicidal thoughts.", "suicidal-thoughts"},
		{"negated red flags do not escalate", "I have a runny nose. No chest pain, no shortness of breath, no fever.", ""},
		{"denied red flags do not escalate", "I deny any difficulty breathing.", ""},
		{"someone else's red flags escalate too", "My father has chest pain and shortness of breath.", "chest-pain-breathless"},
		{"a father's drooping face escalates", "my dad's face is drooping on one side and his speech is slurred", "stroke-face"},
		{"a mother who cannot lift her arm escalates", "my mum suddenly can't lift her arm and her speech is slurred", "stroke-arm"},
		{"a son's seizure escalates", "my son is having a seizure", "seizure"},
		{"pre-eclampsia signs escalate", "30 weeks pregnant, swelling in my face, severe headache, blurry vision", "pregnancy-warning-signs"},
		{"a febrile two-month-old escalates", "my 2 month old baby has a fever and is floppy", "infant-fever"},
		{"a floppy baby escalates", "my 2 month old baby has a fever and is floppy", "floppy-unresponsive-child"},
		{"spurting blood escalates", "deep cut with blood spurting that pressure does not stop", "severe-bleeding"},
		{"a family history is not an emergency", "My father had a stroke ten years ago.", ""},
		{"hypothetical red flags do not escalate", "If I get chest pain or shortness of breath, I will call my doctor.", ""},
		{"past red flags do not escalate", "I had a seizure in 2015.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := firedIDs(tt.text, NLPContext)
			if tt.want == "" && len(got) > 0 {
				t.Errorf("%q fired %v, want nothing", tt.text, got)
			}
			if tt.want != "" && !slices.Contains(got, tt.want) {
				t.Errorf("%q fired %v, want %s", tt.text, got, tt.want)
			}
		})
	}
}

// dataDir finds the shared data sets: $BEDSIDE_DATA, or ../shared/data next
// to the repository, as the command-line tests do.
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

// A smoke run through the whole path: training on a tiny subset of the
// real data, loading through the clinical registry, predicting with triage.
func TestSmokeTrainAndPredict(t *testing.T) {
	dir := dataDir(t)
	tr, err := Spec.Train(task.Config{DataDir: dir, Seed: 1, Smoke: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Card.TriageRules) == 0 || len(tr.Card.Metrics) != 3 || tr.Card.Calibration == nil {
		t.Errorf("card lacks triage rules, metrics or calibration: %+v", tr.Card)
	}
	p, err := clinical.Load(Name, tr.Weights)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, level string
	}{
		{"an emergency says to call emergency services", "I have crushing chest pain and I am short of breath", Emergency},
		{"nothing recognisable says it cannot tell", "🤒🤒🤒", CannotTell},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := p.Predict([]byte(`{"text":"` + tt.text + `"}`))
			if err != nil {
				t.Fatal(err)
			}
			pred := out.(*clinical.TextPrediction)
			if pred.Triage == nil {
				t.Fatal("no triage")
			}
			if tt.level == CannotTell && (!pred.Abstain || pred.Triage.Level != CannotTell) {
				t.Errorf("abstain %v level %s, want an abstention", pred.Abstain, pred.Triage.Level)
			}
			if levelRank[pred.Triage.Level] < levelRank[tt.level] {
				t.Errorf("level %s, want at least %s", pred.Triage.Level, tt.level)
			}
			if tt.level == Emergency && pred.Triage.Reasons[0].Code != clinical.MsgCallEmergency {
				t.Errorf("first reason %q does not say to call emergency services", pred.Triage.Reasons[0])
			}
		})
	}
}

// TestAbstention runs the shipped model on texts written for the rule (none
// from the training data): non-medical texts abstain, descriptions of the
// 24 diseases rarely do, and an emergency still fires when it abstains.
func TestAbstention(t *testing.T) {
	p := shipped(t)
	predict := func(text string) *clinical.TextPrediction {
		b, _ := json.Marshal(map[string]string{"text": text})
		out, err := p.Predict(b)
		if err != nil {
			t.Fatal(err)
		}
		return out.(*clinical.TextPrediction)
	}
	f, err := os.Open(filepath.Join("testdata", "abstention.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, abstained := map[string]int{}, map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		kind, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok || strings.HasPrefix(kind, "#") {
			continue
		}
		n[kind]++
		if pr := predict(text); pr.Abstain {
			abstained[kind]++
			if pr.Triage == nil || pr.Triage.Level != CannotTell {
				t.Errorf("%q abstains with triage %+v, want %s", text, pr.Triage, CannotTell)
			}
		}
	}
	t.Logf("abstained: non-medical %d/%d, disease descriptions %d/%d", abstained["nonmedical"], n["nonmedical"], abstained["inlist"], n["inlist"])
	t.Run("nine in ten non-medical texts abstain", func(t *testing.T) {
		if abstained["nonmedical"]*10 < n["nonmedical"]*9 {
			t.Errorf("%d of %d abstained", abstained["nonmedical"], n["nonmedical"])
		}
	})
	t.Run("at most one in ten disease descriptions abstains", func(t *testing.T) {
		if abstained["inlist"]*10 > n["inlist"] {
			t.Errorf("%d of %d abstained", abstained["inlist"], n["inlist"])
		}
	})
	t.Run("an emergency fires even when the checker abstains", func(t *testing.T) {
		pr := predict("My neighbour is unconscious.")
		if pr.Triage == nil || pr.Triage.Level != Emergency {
			t.Errorf("triage %+v, want emergency", pr.Triage)
		}
	})
	t.Run("a Chinese emergency fires", func(t *testing.T) {
		pr := predict("胸口很痛，喘不上气")
		if pr.Triage == nil || pr.Triage.Level != Emergency {
			t.Errorf("triage %+v, want emergency", pr.Triage)
		}
	})
}
