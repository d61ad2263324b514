package metrics

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 || (math.IsNaN(a) && math.IsNaN(b)) }

func TestClassification(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"accuracy counts exact matches", Accuracy([]int{0, 1, 1, 2}, []int{0, 1, 2, 2}), 0.75},
		// class 0: tp1 fp0 fn0 -> 1; class 1: tp1 fp1 fn0 -> 2/3; class 2: tp1 fp0 fn1 -> 2/3
		{"macro-F1 averages per-class F1", MacroF1([]int{0, 1, 1, 2}, []int{0, 1, 2, 2}), (1 + 2.0/3 + 2.0/3) / 3},
		{"top-2 accuracy accepts the runner-up", TopKAccuracy([][]float64{{0.5, 0.3, 0.2}, {0.1, 0.2, 0.7}}, []int{1, 0}, 2), 0.5},
		// pairs (pos, neg): (0.8,0.1)=1 (0.8,0.4)=1 (0.35,0.1)=1 (0.35,0.4)=0 -> 3/4
		{"AUC is the Mann-Whitney statistic", AUC([]float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}), 0.75},
		{"tied scores across classes count half", AUC([]float64{0.5, 0.5}, []bool{false, true}), 0.5},
		{"AUC is undefined with one class", AUC([]float64{0.2, 0.3}, []bool{true, true}), math.NaN()},
		{"Brier is the mean squared error", Brier([]float64{0.9, 0.2}, []bool{true, true}), (0.01 + 0.64) / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !near(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestThreshold(t *testing.T) {
	b := Threshold([]float64{0.9, 0.6, 0.4, 0.2, 0.5}, []bool{true, false, true, false, true}, 0.5)
	if b.TP != 2 || b.FP != 1 || b.FN != 1 || b.TN != 1 {
		t.Fatalf("confusion = %+v", b)
	}
	if !near(b.Sensitivity, 2.0/3) || !near(b.Specificity, 0.5) || !near(b.Accuracy, 0.6) {
		t.Errorf("rates = %+v", b)
	}
}

func TestSurvival(t *testing.T) {
	t.Run("C-index counts comparable pairs by hand", func(t *testing.T) {
		// times 1(e) 2(c) 3(e) 4(e); comparable: (1,2) (1,3) (1,4) (3,4)
		// risks 4 1 2 3: (1,2) 4>1 yes, (1,3) 4>2 yes, (1,4) 4>3 yes, (3,4) 2>3 no -> 3/4
		got := CIndex([]float64{4, 1, 2, 3}, []float64{1, 2, 3, 4}, []bool{true, false, true, true})
		if !near(got, 0.75) {
			t.Errorf("C = %v, want 0.75", got)
		}
	})
	t.Run("Kaplan-Meier steps at events only", func(t *testing.T) {
		km := KaplanMeier([]float64{1, 2, 3, 4}, []bool{true, false, true, true})
		// S(1) = 3/4, S(3) = 3/4 * 1/2, S(4) = 0
		want := []float64{0.75, 0.375, 0}
		if len(km.Values) != 3 {
			t.Fatalf("steps = %v", km)
		}
		for i := range want {
			if !near(km.Values[i], want[i]) {
				t.Errorf("S at step %d = %v, want %v", i, km.Values[i], want[i])
			}
		}
		if km.At(2.5) != 0.75 || km.Before(3) != 0.75 || km.At(3) != 0.375 {
			t.Errorf("At/Before wrong: %v %v %v", km.At(2.5), km.Before(3), km.At(3))
		}
	})
	t.Run("a perfect survival prediction has zero Brier score without censoring", func(t *testing.T) {
		tm := []float64{1, 2, 3}
		ev := []bool{true, true, true}
		surv := func(i int, t float64) float64 {
			if t < tm[i] {
				return 1
			}
			return 0
		}
		if got := IntegratedBrier(surv, tm, ev, []float64{0.5, 1.5, 2.5}); !near(got, 0) {
			t.Errorf("IBS = %v", got)
		}
	})
	t.Run("a constant one-half prediction scores one quarter", func(t *testing.T) {
		got := IntegratedBrier(func(int, float64) float64 { return 0.5 }, []float64{1, 2, 3}, []bool{true, true, true}, []float64{0.5, 1.5, 2.5})
		if !near(got, 0.25) {
			t.Errorf("IBS = %v", got)
		}
	})
}

func TestCalibration(t *testing.T) {
	t.Run("the reliability table and ECE match a hand count", func(t *testing.T) {
		bins, ece := Reliability([]float64{0.05, 0.15, 0.95, 0.85}, []bool{false, true, true, true}, 2)
		// bin [0,.5): mean .1, frac .5, n 2; bin [.5,1]: mean .9 frac 1 n 2 -> ECE = (2*.4 + 2*.1)/4
		if len(bins) != 2 || bins[0].N != 2 || !near(bins[0].FracTrue, 0.5) || !near(ece, 0.25) {
			t.Errorf("bins %+v ece %v", bins, ece)
		}
	})
	t.Run("Platt scaling recovers a known slope", func(t *testing.T) {
		var z []float64
		var y []bool
		for i := -40; i <= 40; i++ {
			x := float64(i) / 10
			// outcomes in proportion sigmoid(2x): 10 copies each
			p := Sigmoid(2 * x)
			for k := 0; k < 10; k++ {
				z = append(z, x)
				y = append(y, float64(k)+0.5 < 10*p)
			}
		}
		a, b := FitPlatt(z, y)
		if math.Abs(a-2) > 0.2 || math.Abs(b) > 0.1 {
			t.Errorf("a, b = %v, %v, want about 2, 0", a, b)
		}
	})
	t.Run("temperature scaling softens overconfident logits", func(t *testing.T) {
		// right 70% of the time with logits that claim ~99%
		var logits [][]float64
		var truth []int
		for i := 0; i < 100; i++ {
			logits = append(logits, []float64{5, 0})
			if i < 70 {
				truth = append(truth, 0)
			} else {
				truth = append(truth, 1)
			}
		}
		T := FitTemperature(logits, truth)
		if p := Sigmoid(5 / T); math.Abs(p-0.7) > 0.01 {
			t.Errorf("T = %v gives p = %v, want 0.7", T, p)
		}
	})
}

func TestBootstrap(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	mean := func(idx []int) float64 {
		s := 0.0
		for _, i := range idx {
			s += x[i]
		}
		return s / float64(len(idx))
	}
	lo1, hi1 := Bootstrap(len(x), 500, 7, mean)
	lo2, hi2 := Bootstrap(len(x), 500, 7, mean)
	if lo1 != lo2 || hi1 != hi2 {
		t.Fatal("the same seed gave different intervals")
	}
	if !(lo1 < 5.5 && 5.5 < hi1 && lo1 > 2 && hi1 < 9) {
		t.Errorf("interval [%v, %v] is implausible for the mean 5.5", lo1, hi1)
	}
}
