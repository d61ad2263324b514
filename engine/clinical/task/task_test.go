package task

import (
	"math"
	"slices"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

func TestStratifiedSplit(t *testing.T) {
	strata := make([]int, 100)
	for i := 70; i < 100; i++ {
		strata[i] = 1
	}
	tr, va := StratifiedSplit(strata, 0.2, 7)
	tr2, va2 := StratifiedSplit(strata, 0.2, 7)
	_, va3 := StratifiedSplit(strata, 0.2, 8)
	t.Run("the same seed gives the same split", func(t *testing.T) {
		if !slices.Equal(tr, tr2) || !slices.Equal(va, va2) {
			t.Fatal("splits differ")
		}
	})
	t.Run("another seed gives another split", func(t *testing.T) {
		if slices.Equal(va, va3) {
			t.Fatal("seed 8 gave seed 7's split")
		}
	})
	t.Run("each stratum is split in proportion", func(t *testing.T) {
		pos := 0
		for _, i := range va {
			pos += strata[i]
		}
		if len(va) != 20 || pos != 6 || len(tr) != 80 {
			t.Fatalf("validation %d rows with %d positives, training %d", len(va), pos, len(tr))
		}
	})
	t.Run("every row is used exactly once", func(t *testing.T) {
		all := slices.Sorted(slices.Values(append(append([]int{}, tr...), va...)))
		for i, v := range all {
			if v != i {
				t.Fatalf("row %d missing or repeated", i)
			}
		}
	})
}

func TestScore(t *testing.T) {
	t.Run("binary predictions give the binary metrics", func(t *testing.T) {
		preds := []clinical.Prediction{
			&clinical.RiskPrediction{Probability: 0.9}, &clinical.RiskPrediction{Probability: 0.4},
			&clinical.RiskPrediction{Probability: 0.6}, &clinical.RiskPrediction{Probability: 0.1},
		}
		truth := []Truth{{Positive: true}, {Positive: true}, {}, {}}
		got, err := Score(Tabular, preds, truth)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{"n": 4, "accuracy": 0.5, "sensitivity": 0.5, "specificity": 0.5, "auc": 0.75,
			"brier": (0.01 + 0.36 + 0.36 + 0.01) / 4}
		for k, v := range want {
			if math.Abs(got[k]-v) > 1e-12 {
				t.Errorf("%s = %v, want %v", k, got[k], v)
			}
		}
		if len(got) != len(want) {
			t.Errorf("keys %v, want exactly %v", got, want)
		}
	})
	t.Run("text predictions give accuracy, macro-F1 and top-3", func(t *testing.T) {
		p := func(labels ...string) *clinical.TextPrediction {
			tp := &clinical.TextPrediction{}
			for i, l := range labels {
				tp.Classes = append(tp.Classes, clinical.ClassProb{Label: l, Prob: 1 / float64(i+2)})
			}
			return tp
		}
		preds := []clinical.Prediction{p("a", "b", "c", "d"), p("b", "a", "c", "d"), p("b", "c", "d", "a")}
		truth := []Truth{{Label: "a"}, {Label: "a"}, {Label: "b"}}
		got, err := Score(Text, preds, truth)
		if err != nil {
			t.Fatal(err)
		}
		// a: tp1 fn1 -> F1 2/3; b: tp1 fp1 -> 2/3
		if got["accuracy"] != 2.0/3 || math.Abs(got["macro_f1"]-2.0/3) > 1e-12 || got["top3_accuracy"] != 1 {
			t.Errorf("got %v", got)
		}
	})
	t.Run("an abstention counts as a wrong answer and is counted", func(t *testing.T) {
		right := &clinical.TextPrediction{Classes: []clinical.ClassProb{{Label: "a", Prob: 0.9}, {Label: "b", Prob: 0.1}}}
		abstained := &clinical.TextPrediction{Abstain: true, Uncertain: true, Classes: []clinical.ClassProb{}}
		got, err := Score(Text, []clinical.Prediction{right, abstained}, []Truth{{Label: "a"}, {Label: "b"}})
		if err != nil {
			t.Fatal(err)
		}
		// a: tp1 -> 1; b: fn1 -> 0; the abstention's class: fp1 -> 0
		if got["accuracy"] != 0.5 || got["top3_accuracy"] != 0.5 || got["abstained"] != 1 || math.Abs(got["macro_f1"]-1.0/3) > 1e-12 {
			t.Errorf("got %v", got)
		}
	})
	t.Run("survival predictions give the C-index and integrated Brier score", func(t *testing.T) {
		curve := func(s float64) []clinical.SurvivalPoint {
			return []clinical.SurvivalPoint{{Days: 0, Survival: 1}, {Days: 100, Survival: s}, {Days: 200, Survival: s * s}}
		}
		preds := []clinical.Prediction{
			&clinical.SurvivalPrediction{RiskScore: 2, Curve: curve(0.5)},
			&clinical.SurvivalPrediction{RiskScore: 1, Curve: curve(0.7)},
			&clinical.SurvivalPrediction{RiskScore: 0, Curve: curve(0.9)},
		}
		truth := []Truth{{Time: 50, Event: true}, {Time: 150, Event: true}, {Time: 300}}
		got, err := Score(Survival, preds, truth)
		if err != nil {
			t.Fatal(err)
		}
		if got["c_index"] != 1 || !(got["integrated_brier"] > 0 && got["integrated_brier"] < 0.25) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("a prediction of the wrong kind is an error", func(t *testing.T) {
		if _, err := Score(Survival, []clinical.Prediction{&clinical.RiskPrediction{}}, []Truth{{}}); err == nil {
			t.Fatal("no error")
		}
	})
}

func TestCurveAt(t *testing.T) {
	c := []clinical.SurvivalPoint{{Days: 0, Survival: 1}, {Days: 10, Survival: 0.8}, {Days: 20, Survival: 0.6}}
	tests := []struct {
		name string
		t    float64
		want float64
	}{
		{"before the curve survival is one", -5, 1},
		{"at a point it is the point", 10, 0.8},
		{"between points it interpolates", 15, 0.7},
		{"after the curve it stays flat", 99, 0.6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CurveAt(c, tt.t); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("CurveAt(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}
