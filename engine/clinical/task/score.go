package task

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/metrics"
)

// Score computes the metrics `bedside eval` prints for predictions (what
// Predictor.Predict returned, row by row) against the truth. The keys are
// the contract of issue 7:
//
//	text:     accuracy, macro_f1, top3_accuracy (and abstained, the rows
//	          answered "cannot tell", when there are any)
//	tabular:  accuracy, auc, sensitivity, specificity, brier (threshold 0.5)
//	survival: c_index, integrated_brier, band_coverage_5y, band_width_5y
//
// plus "n", the number of rows scored.
func Score(kind Family, preds []clinical.Prediction, truth []Truth) (map[string]float64, error) {
	if len(preds) != len(truth) {
		return nil, fmt.Errorf("score: %d predictions for %d rows", len(preds), len(truth))
	}
	if len(preds) == 0 {
		return nil, errors.New("score: no rows to score")
	}
	out := map[string]float64{"n": float64(len(preds))}
	switch kind {
	case Text:
		labels := map[string]int{}
		id := func(s string) int {
			if k, ok := labels[s]; ok {
				return k
			}
			labels[s] = len(labels)
			return labels[s]
		}
		var pred, tr []int
		top3, abstained := 0, 0
		for i, p := range preds {
			tp, ok := asText(p)
			if ok && tp.Abstain && len(tp.Classes) == 0 {
				// A model that says "cannot tell" gave no answer: it counts
				// as wrong (in macro-F1, as a class of its own that is
				// never right), so abstaining never raises a score.
				abstained++
				pred = append(pred, -1)
				tr = append(tr, id(truth[i].Label))
				continue
			}
			if !ok || len(tp.Classes) == 0 {
				return nil, fmt.Errorf("score: row %d: not a text prediction", i+1)
			}
			cls := append([]clinical.ClassProb(nil), tp.Classes...)
			sort.SliceStable(cls, func(a, b int) bool { return cls[a].Prob > cls[b].Prob })
			pred = append(pred, id(cls[0].Label))
			tr = append(tr, id(truth[i].Label))
			for k := 0; k < 3 && k < len(cls); k++ {
				if cls[k].Label == truth[i].Label {
					top3++
					break
				}
			}
		}
		out["accuracy"] = metrics.Accuracy(pred, tr)
		out["macro_f1"] = metrics.MacroF1(pred, tr)
		out["top3_accuracy"] = float64(top3) / float64(len(preds))
		if abstained > 0 {
			out["abstained"] = float64(abstained)
		}
	case Tabular:
		prob := make([]float64, len(preds))
		pos := make([]bool, len(preds))
		for i, p := range preds {
			rp, ok := asRisk(p)
			if !ok {
				return nil, fmt.Errorf("score: row %d: not a risk prediction", i+1)
			}
			prob[i], pos[i] = rp.Probability, truth[i].Positive
		}
		b := metrics.Threshold(prob, pos, 0.5)
		out["accuracy"] = b.Accuracy
		out["auc"] = metrics.AUC(prob, pos)
		out["sensitivity"] = b.Sensitivity
		out["specificity"] = b.Specificity
		out["brier"] = metrics.Brier(prob, pos)
	case Survival:
		risk := make([]float64, len(preds))
		curves := make([][]clinical.SurvivalPoint, len(preds))
		tm := make([]float64, len(preds))
		ev := make([]bool, len(preds))
		for i, p := range preds {
			sp, ok := asSurvival(p)
			if !ok || len(sp.Curve) == 0 {
				return nil, fmt.Errorf("score: row %d: not a survival prediction", i+1)
			}
			risk[i], curves[i] = sp.RiskScore, sp.Curve
			tm[i], ev[i] = truth[i].Time, truth[i].Event
		}
		out["c_index"] = metrics.CIndex(risk, tm, ev)
		out["integrated_brier"] = metrics.IntegratedBrier(
			func(i int, t float64) float64 { return CurveAt(curves[i], t) },
			tm, ev, BrierGrid(curves[0], tm))
		out["band_coverage_5y"], out["band_width_5y"] = BandCoverage(risk, curves, tm, ev, 5*365.25, BandGroups)
	default:
		return nil, fmt.Errorf("score: unknown kind %q", kind)
	}
	for k, v := range out {
		if math.IsNaN(v) {
			// JSON has no NaN; a metric that cannot be computed (one class
			// only) is reported as -1 and named on stderr by the caller.
			out[k] = -1
		}
	}
	return out, nil
}

// BrierGrid is the time grid of the integrated Brier score: the curve's
// time points from its first positive time up to the 90th percentile of
// the observed times (beyond it too few subjects remain for the censoring
// weights to be stable) and never past the curve's end.
func BrierGrid(curve []clinical.SurvivalPoint, time []float64) []float64 {
	ts := append([]float64(nil), time...)
	sort.Float64s(ts)
	tau := ts[int(0.9*float64(len(ts)-1))]
	var g []float64
	for _, p := range curve {
		if p.Days > 0 && p.Days <= tau {
			g = append(g, p.Days)
		}
	}
	return g
}

// CurveAt interpolates a survival curve linearly between its points; it is
// 1 before the first point and flat after the last.
func CurveAt(c []clinical.SurvivalPoint, t float64) float64 {
	k := sort.Search(len(c), func(i int) bool { return c[i].Days > t })
	switch {
	case k == 0:
		return 1
	case k == len(c):
		return c[len(c)-1].Survival
	}
	a, b := c[k-1], c[k]
	f := (t - a.Days) / (b.Days - a.Days)
	return a.Survival*(1-f) + b.Survival*f
}

func asText(p clinical.Prediction) (*clinical.TextPrediction, bool) {
	t, ok := p.(*clinical.TextPrediction)
	return t, ok && t != nil
}

func asRisk(p clinical.Prediction) (*clinical.RiskPrediction, bool) {
	r, ok := p.(*clinical.RiskPrediction)
	return r, ok && r != nil
}

func asSurvival(p clinical.Prediction) (*clinical.SurvivalPrediction, bool) {
	s, ok := p.(*clinical.SurvivalPrediction)
	return s, ok && s != nil
}

// BandGroups is the number of risk groups BandCoverage compares.
const BandGroups = 10

// BandCoverage checks the curves' uncertainty bands (Low, High) against
// what was observed: the rows are sorted by risk and cut into groups of
// equal size; a group is covered when its Kaplan-Meier survival at time at
// lies within the group's mean band at that time. It returns the share of
// groups covered and the mean band width at that time. A band that only
// reflects the model's spread, not the sampling error of a group, is
// expected to cover less than a prediction interval would.
func BandCoverage(risk []float64, curves [][]clinical.SurvivalPoint, tm []float64, ev []bool, at float64, groups int) (coverage, width float64) {
	n := len(risk)
	if n == 0 || groups < 1 {
		return math.NaN(), math.NaN()
	}
	groups = min(groups, n)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return risk[idx[a]] < risk[idx[b]] })
	covered := 0
	for g := 0; g < groups; g++ {
		part := idx[g*n/groups : (g+1)*n/groups]
		t, e := make([]float64, len(part)), make([]bool, len(part))
		lo, hi := 0.0, 0.0
		for i, k := range part {
			t[i], e[i] = tm[k], ev[k]
			l, h := bandAt(curves[k], at)
			lo += l / float64(len(part))
			hi += h / float64(len(part))
		}
		km := metrics.KaplanMeier(t, e).At(at)
		if km >= lo-1e-9 && km <= hi+1e-9 {
			covered++
		}
	}
	for k := range curves {
		l, h := bandAt(curves[k], at)
		width += (h - l) / float64(n)
	}
	return float64(covered) / float64(groups), width
}

// bandAt interpolates a curve's band as CurveAt does its survival.
func bandAt(c []clinical.SurvivalPoint, t float64) (lo, hi float64) {
	k := sort.Search(len(c), func(i int) bool { return c[i].Days > t })
	switch {
	case k == 0:
		return 1, 1
	case k == len(c):
		return c[len(c)-1].Low, c[len(c)-1].High
	}
	a, b := c[k-1], c[k]
	f := (t - a.Days) / (b.Days - a.Days)
	return a.Low + f*(b.Low-a.Low), a.High + f*(b.High-a.High)
}
