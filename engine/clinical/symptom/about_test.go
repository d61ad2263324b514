package symptom

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

func shipped(t *testing.T) clinical.Predictor {
	t.Helper()
	w, err := os.ReadFile(filepath.Join("..", "..", "..", "web", "models", Name+".safetensors"))
	if err != nil {
		t.Fatalf("the shipped symptom model is missing: %v", err)
	}
	p, err := clinical.Load(Name, w)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The structured step feeds the red flags and says what is out of scope;
// the free text alone still works, and a bad answer is a clear error.
func TestStructuredStep(t *testing.T) {
	p := shipped(t)
	predict := func(text string, about *clinical.About) (*clinical.TextPrediction, error) {
		in := map[string]any{"text": text}
		if about != nil {
			in["about"] = about
		}
		b, _ := json.Marshal(in)
		out, err := p.Predict(b)
		if err != nil {
			return nil, err
		}
		return out.(*clinical.TextPrediction), nil
	}
	hasReason := func(pr *clinical.TextPrediction, code string) bool {
		for _, m := range pr.Triage.Reasons {
			if m.Code == code {
				return true
			}
		}
		return false
	}
	t.Run("a fever with the age band under 3 months is an emergency", func(t *testing.T) {
		pr, err := predict("she has a fever and is feeding less", &clinical.About{Who: "other", Age: "under-3-months"})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(pr.Triage.RedFlags, "infant-fever") || pr.Triage.Level != Emergency {
			t.Errorf("triage %+v", pr.Triage)
		}
	})
	t.Run("the same fever in an adult is not an infant fever", func(t *testing.T) {
		pr, err := predict("she has a fever and is feeding less", &clinical.About{Who: "other", Age: "16-to-64"})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(pr.Triage.RedFlags, "infant-fever") {
			t.Errorf("triage %+v", pr.Triage)
		}
	})
	t.Run("a headache with blurred vision in pregnancy is an emergency", func(t *testing.T) {
		pr, err := predict("severe headache and blurred vision since this morning", &clinical.About{Sex: "female", Pregnant: true, Weeks: 33})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(pr.Triage.RedFlags, "pregnancy-warning-signs") {
			t.Errorf("triage %+v", pr.Triage)
		}
	})
	t.Run("a child is said to be outside the model's scope", func(t *testing.T) {
		pr, err := predict("runny nose and sneezing for two days", &clinical.About{Who: "other", Age: "5-to-15"})
		if err != nil {
			t.Fatal(err)
		}
		if !hasReason(pr, clinical.MsgOutOfScope) {
			t.Errorf("reasons %+v", pr.Triage.Reasons)
		}
	})
	t.Run("an emergency says only to call for help and why", func(t *testing.T) {
		pr, err := predict("I want to end my life, and my blood pressure is high", nil)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Triage.Level != Emergency || pr.Triage.Reasons[0].Code != clinical.MsgCallEmergency {
			t.Fatalf("triage %+v", pr.Triage)
		}
		for _, m := range pr.Triage.Reasons[1:] {
			if m.Code != clinical.MsgRedFlag {
				t.Errorf("an emergency also says %+v", m)
			}
		}
	})
	for _, tt := range []struct{ name, input, field string }{
		{"an unknown age band is refused", `{"text":"cough","about":{"age":"toddler"}}`, "about.age"},
		{"weeks without a pregnancy are refused", `{"text":"cough","about":{"weeks":12}}`, "about.weeks"},
		{"an unknown field in about is refused", `{"text":"cough","about":{"height":180}}`, "about"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Predict([]byte(tt.input))
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Invalid || ce.Field != tt.field {
				t.Errorf("error %v, want invalid %s", err, tt.field)
			}
		})
	}
}
