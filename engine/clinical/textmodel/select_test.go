package textmodel

import (
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical/task"
)

func TestTextSelectionRule(t *testing.T) {
	for _, tt := range []struct {
		name     string
		dF1, dLL []float64
		want     string
	}{
		{"a recipe better in both keeps its place", []float64{0.01, 0.02}, []float64{-0.03, -0.01}, candText},
		{"a recipe with a lower macro-F1 loses to the baseline", []float64{-0.02, 0.01}, []float64{-0.03, -0.01}, candLogreg},
		{"a recipe with a higher log loss loses to the baseline", []float64{0.02, 0.01}, []float64{0.03, -0.01}, candLogreg},
		{"a tie keeps the recipe", []float64{0, 0}, []float64{0, 0}, candText},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w, text := verdict(tt.dF1, tt.dLL)
			if w != tt.want || !strings.HasPrefix(text, tt.want+" won") {
				t.Errorf("got %s (%q), want %s", w, text, tt.want)
			}
		})
	}
}

// The cross-validation fits everything inside each training fold and
// reports both candidates on every fold.
func TestCrossValidateScoresBothCandidates(t *testing.T) {
	spec := testSpec()
	ex := syntheticExamples(25)
	prep, err := newPreprocessor(spec.pipeline(), spec.DropUnasserted)
	if err != nil {
		t.Fatal(err)
	}
	labels, y := labelIDs(ex)
	docs, reads := make([][]string, len(ex)), make([][]string, len(ex))
	for i, e := range ex {
		p := prep.Prepare(e.Text)
		docs[i], reads[i] = termTexts(p.Terms), termTexts(p.Read)
	}
	c := spec.Config
	c.Epochs = 3
	sel := crossValidate(docs, reads, y, len(labels), c, 7, 3, task.NewProgress(nil, "toy", 1, 1))
	if len(sel.Candidates) != 2 || sel.Winner == "" || sel.Verdict == "" || sel.Method == "" {
		t.Fatalf("incomplete selection: %+v", sel)
	}
	for _, cand := range sel.Candidates {
		if len(cand.Scores) != 3 {
			t.Fatalf("%s: %d scores, want accuracy, macro-F1 and log loss", cand.Name, len(cand.Scores))
		}
		for _, sc := range cand.Scores {
			if sc.Folds != 3 || sc.Mean < 0 || (sc.Name != "log_loss" && sc.Mean > 1) {
				t.Errorf("%s %s: %+v", cand.Name, sc.Name, sc)
			}
		}
	}
}
