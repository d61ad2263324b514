package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// The shipped models' explanations, where the Cleveland and Pima data run
// against intuition (issue 14): the result must call it an association in
// the training data and name the reference patient.
func TestShippedExplanationsReadRight(t *testing.T) {
	models := filepath.Join("..", "..", "web", "models")
	heart := `{"age":60,"sex":1,"cp":1,"trestbps":140,"chol":250,"fbs":0,"restecg":2,"thalach":140,"exang":0,"oldpeak":1.5,"slope":2,"ca":1,"thal":7}`
	tests := []struct {
		name, model, input, field string
	}{
		{"typical angina that lowers the coronary-disease probability is called an association, not a cause", "heart", heart, "cp"},
		{"an older woman whose age lowers the diabetes probability is told it is an association, not a cause", "pima",
			`{"pregnancies":2,"glucose":120,"blood_pressure":70,"skin_thickness":25,"insulin":100,"bmi":30,"diabetes_pedigree":0.4,"age":70}`, "age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.input, "predict", "-model", tt.model, "-models", models)
			if code != 0 {
				t.Fatalf("predict: %s", errs)
			}
			var p clinical.RiskPrediction
			if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &p); err != nil {
				t.Fatal(err)
			}
			var c float64
			for _, x := range p.Contributions {
				if x.Feature == tt.field {
					c = x.Contribution
				}
			}
			said, ref := false, false
			for _, w := range p.Warnings {
				said = said || (w.Code == clinical.MsgAssociation && w.Args["field"] == tt.field && w.Args["direction"] == "lowers")
				ref = ref || w.Code == clinical.MsgReference
			}
			if c >= 0 {
				t.Skipf("the shipped %s model no longer lowers the estimate for this %s (contribution %v): nothing to explain", tt.model, tt.field, c)
			}
			if !said || !ref {
				t.Errorf("%s contributes %v; warnings %v lack the association or the reference patient", tt.field, c, p.Warnings)
			}
		})
	}
}
