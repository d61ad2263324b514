package risk

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/metrics"
)

// lcg is a tiny deterministic source for synthetic test data.
func lcg(seed uint64) func() float64 {
	s := seed
	return func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return float64(s>>11) / (1 << 53)
	}
}

// synthBinary is n rows of d standard-ish inputs whose outcome follows a
// logistic model in the first two; sep makes it perfectly separable.
func synthBinary(n, d int, sep bool) (*mat.Dense, []bool, []int) {
	next := lcg(3)
	x := mat.NewDense(n, d, nil)
	y := make([]bool, n)
	rows := make([]int, n)
	for i := 0; i < n; i++ {
		rows[i] = i
		for j := 0; j < d; j++ {
			x.Set(i, j, 2*next()-1)
		}
		z := 2*x.At(i, 0) - x.At(i, 1)
		if sep {
			y[i] = z > 0
		} else {
			y[i] = next() < metrics.Sigmoid(z)
		}
	}
	return x, y, rows
}

func TestLogisticRegression(t *testing.T) {
	penalised := func(m logRegModel, x *mat.Dense, rows []int, y []bool, c float64) float64 {
		s := 0.0
		for _, r := range rows {
			s += logLoss1(metrics.Sigmoid(m.logit(x.RawRowView(r))), y[r])
		}
		for j := 0; j < len(m)-1; j++ {
			s += m[j] * m[j] / (2 * c)
		}
		return s
	}
	tests := []struct {
		name string
		sep  bool
		c    float64
	}{
		{"a noisy outcome is fitted to the penalised optimum", false, 1},
		{"a perfectly separable outcome stays finite under a weak penalty", true, 30},
		{"a strong penalty shrinks towards the intercept-only fit", false, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y, rows := synthBinary(200, 4, tt.sep)
			m := fitLogReg(x, rows, y, tt.c)
			for _, v := range m {
				if !finite(v) {
					t.Fatalf("coefficients %v", m)
				}
			}
			// At the optimum no coordinate move lowers the objective.
			best := penalised(m, x, rows, y, tt.c)
			for j := range m {
				for _, h := range []float64{-1e-3, 1e-3} {
					q := append(logRegModel(nil), m...)
					q[j] += h
					if got := penalised(q, x, rows, y, tt.c); got < best-1e-9 {
						t.Errorf("moving coefficient %d by %v lowers the objective %v -> %v", j, h, best, got)
					}
				}
			}
		})
	}
	t.Run("a weaker penalty never fits the training rows worse", func(t *testing.T) {
		x, y, rows := synthBinary(200, 4, false)
		loss := func(c float64) float64 {
			m := fitLogReg(x, rows, y, c)
			s := 0.0
			for _, r := range rows {
				s += logLoss1(metrics.Sigmoid(m.logit(x.RawRowView(r))), y[r])
			}
			return s
		}
		if a, b := loss(0.01), loss(10); b > a {
			t.Errorf("C 10 log loss %v > C 0.01 log loss %v", b, a)
		}
	})
	t.Run("written as a network it gives the same logit", func(t *testing.T) {
		x, y, rows := synthBinary(50, 3, false)
		m := fitLogReg(x, rows, y, 1)
		out := m.asNetwork().Forward(x, false)
		for i := range rows {
			if d := math.Abs(out.At(i, 0) - m.logit(x.RawRowView(i))); d > 1e-12 {
				t.Fatalf("row %d differs by %v", i, d)
			}
		}
	})
}

func TestWideDeepMergeIsExact(t *testing.T) {
	for _, tt := range []struct {
		name   string
		hidden []int
	}{
		{"one hidden layer merges exactly", []int{5}},
		{"two hidden layers merge exactly", []int{6, 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := 4
			rng := engine.NewRand(7)
			w := &wideDeep{
				lin:  engine.NewMLP(rng, []int{d, 1}, "relu", 0),
				deep: engine.NewMLP(rng, append(append([]int{d}, tt.hidden...), 1), "relu", 0.1),
			}
			w.lin.Layers[0].(*engine.Dense).B.Value[0] = 0.3
			x := mat.NewDense(20, d, nil)
			next := lcg(5)
			for i := 0; i < 20; i++ {
				for j := 0; j < d; j++ {
					x.Set(i, j, 6*next()-3)
				}
			}
			want := w.Forward(x, false)
			got := w.merge(tt.hidden, 0.1).Forward(x, false)
			for i := 0; i < 20; i++ {
				if diff := math.Abs(got.At(i, 0) - want.At(i, 0)); diff > 1e-12 {
					t.Fatalf("row %d: merged %v, wide and deep %v", i, got.At(i, 0), want.At(i, 0))
				}
			}
		})
	}
}

// outcome builds a cvOutcome whose every fold has the given auc and log loss.
func outcome(scores map[string][2]float64) *cvOutcome {
	o := &cvOutcome{repeats: 1, scores: map[string][]cvScore{}}
	for _, c := range candidates {
		s := scores[c]
		o.scores[c] = []cvScore{
			{name: "accuracy", folds: []float64{0.8, 0.8}},
			{name: "auc", folds: []float64{s[0], s[0]}},
			{name: "log_loss", folds: []float64{s[1], s[1]}},
		}
	}
	return o
}

func TestSelectionRule(t *testing.T) {
	tests := []struct {
		name   string
		scores map[string][2]float64 // auc, log loss
		want   string
	}{
		{"a network with lower log loss but lower AUC than logistic regression is not shipped",
			map[string][2]float64{candLR: {0.90, 0.40}, candMLP: {0.89, 0.35}, candWide: {0.80, 0.50}}, candLR},
		{"a network with higher AUC but worse log loss is not shipped",
			map[string][2]float64{candLR: {0.90, 0.40}, candMLP: {0.95, 0.41}, candWide: {0.80, 0.50}}, candLR},
		{"a network better on both wins",
			map[string][2]float64{candLR: {0.90, 0.40}, candMLP: {0.91, 0.38}, candWide: {0.80, 0.50}}, candMLP},
		{"the eligible recipe with the lowest log loss wins",
			map[string][2]float64{candLR: {0.90, 0.40}, candMLP: {0.91, 0.38}, candWide: {0.92, 0.37}}, candWide},
		{"an exact tie goes to logistic regression",
			map[string][2]float64{candLR: {0.90, 0.40}, candMLP: {0.90, 0.40}, candWide: {0.90, 0.40}}, candLR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := outcome(tt.scores)
			if got := o.winner(); got != tt.want {
				t.Errorf("winner %s, want %s", got, tt.want)
			}
			sel := o.selection(map[string]string{}, 1)
			if sel.Winner != tt.want || len(sel.Candidates) != len(candidates) || sel.Verdict == "" {
				t.Errorf("selection %+v", sel)
			}
		})
	}
}
