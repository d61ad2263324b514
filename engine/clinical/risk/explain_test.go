package risk

import (
	"math"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

// intuitionPredictor is just enough of a predictor to check intuitions.
func intuitionPredictor(spec *Spec, ref []float64) *Predictor {
	return &Predictor{spec: spec, ref: ref}
}

func TestCounterIntuitiveAssociations(t *testing.T) {
	heart := &Spec{Schema: &task.Schema{Fields: heartFields},
		Intuitions: []intuition{{Field: "cp", Applies: func(v, _ float64) bool { return v == 1 }, Raises: true}}}
	pima := &Spec{Schema: &task.Schema{Fields: pimaFields},
		Intuitions: []intuition{{Field: "age", Applies: func(v, ref float64) bool { return v > ref }, Raises: true}}}
	heartRef := make([]float64, len(heartFields))
	pimaRef := make([]float64, len(pimaFields))
	pimaRef[7] = 33
	rec := func(n, j int, v float64, missing bool) task.Record {
		r := task.Record{Values: make([]float64, n), Missing: make([]bool, n)}
		r.Values[j], r.Missing[j] = v, missing
		return r
	}
	contrib := func(n, j int, c float64) []clinical.Contribution {
		cs := make([]clinical.Contribution, n)
		cs[j].Contribution = c
		return cs
	}
	tests := []struct {
		name    string
		p       *Predictor
		r       task.Record
		cs      []clinical.Contribution
		wantDir string // "" means no message
	}{
		{"typical angina that lowers the probability is called an association, not a cause",
			intuitionPredictor(heart, heartRef), rec(13, 2, 1, false), contrib(13, 2, -0.8), "lowers"},
		{"typical angina that raises the probability needs no note",
			intuitionPredictor(heart, heartRef), rec(13, 2, 1, false), contrib(13, 2, 0.5), ""},
		{"asymptomatic chest pain is not the expectation checked",
			intuitionPredictor(heart, heartRef), rec(13, 2, 4, false), contrib(13, 2, -0.5), ""},
		{"a negligible contribution is not read as a direction",
			intuitionPredictor(heart, heartRef), rec(13, 2, 1, false), contrib(13, 2, -0.001), ""},
		{"an age above the reference patient's that lowers the probability is called an association",
			intuitionPredictor(pima, pimaRef), rec(8, 7, 60, false), contrib(8, 7, -0.3), "lowers"},
		{"an age below the reference patient's is not the expectation checked",
			intuitionPredictor(pima, pimaRef), rec(8, 7, 25, false), contrib(8, 7, -0.3), ""},
		{"a missing input gets no note",
			intuitionPredictor(pima, pimaRef), rec(8, 7, 60, true), contrib(8, 7, -0.3), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.counterIntuitive(tt.r, tt.cs)
			if tt.wantDir == "" {
				if len(got) != 0 {
					t.Errorf("messages %v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Code != clinical.MsgAssociation || got[0].Args["direction"] != tt.wantDir || got[0].Args["field"] != tt.p.spec.Intuitions[0].Field {
				t.Errorf("messages %v, want one %s %s", got, clinical.MsgAssociation, tt.wantDir)
			}
		})
	}
}

func TestRiskResultStatesItsReferencePatient(t *testing.T) {
	p, _ := loadGolden(t)
	pr := clinical.Unwrap(p).(*Predictor)
	for i, in := range goldenInputs {
		out, err := p.Predict([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		rp := out.(*clinical.RiskPrediction)
		t.Run("result "+string(rune('1'+i))+" says contributions are measured from the reference patient", func(t *testing.T) {
			found := false
			for _, w := range rp.Warnings {
				found = found || w.Code == clinical.MsgReference
			}
			if !found {
				t.Errorf("warnings %v lack %s", rp.Warnings, clinical.MsgReference)
			}
		})
		t.Run("result "+string(rune('1'+i))+" gives each numeric input's reference value, the decoded training mean", func(t *testing.T) {
			for j, c := range rp.Contributions {
				col := pr.enc.Columns[j]
				if c.Reference == nil {
					t.Fatalf("%s has no reference", c.Feature)
				}
				want := col.Mean
				if col.Log {
					want = math.Expm1(want)
				}
				if math.Abs(*c.Reference-want) > 1e-5 {
					t.Errorf("%s reference %v, want %v", c.Feature, *c.Reference, want)
				}
			}
		})
	}
}
