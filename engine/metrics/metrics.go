// Package metrics scores Bedside's models: classification (accuracy,
// macro-F1, top-k, AUC, sensitivity, specificity, Brier), survival
// (Harrell's C-index, Kaplan-Meier, IPCW integrated Brier score),
// calibration (reliability tables, ECE, temperature and Platt scaling) and
// seeded percentile-bootstrap confidence intervals.
//
// Functions take plain slices and never look at files, so they run the same
// in the browser and on the command line.
package metrics

import (
	"math"
	"sort"
)

// Accuracy is the fraction of pred equal to truth.
func Accuracy(pred, truth []int) float64 {
	if len(truth) == 0 {
		return math.NaN()
	}
	ok := 0
	for i := range truth {
		if pred[i] == truth[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(truth))
}

// MacroF1 averages the per-class F1 over every class that appears in truth
// or pred (as scikit-learn does); a class with no true and no predicted
// members is not counted.
func MacroF1(pred, truth []int) float64 {
	tp, fp, fn := map[int]int{}, map[int]int{}, map[int]int{}
	classes := map[int]bool{}
	for i := range truth {
		classes[truth[i]] = true
		classes[pred[i]] = true
		if pred[i] == truth[i] {
			tp[truth[i]]++
		} else {
			fp[pred[i]]++
			fn[truth[i]]++
		}
	}
	if len(classes) == 0 {
		return math.NaN()
	}
	keys := make([]int, 0, len(classes))
	for c := range classes {
		keys = append(keys, c)
	}
	sort.Ints(keys) // fixed summation order: identical bits every run
	sum := 0.0
	for _, c := range keys {
		d := 2*tp[c] + fp[c] + fn[c]
		if d > 0 {
			sum += 2 * float64(tp[c]) / float64(d)
		}
	}
	return sum / float64(len(keys))
}

// TopKAccuracy is the fraction of rows whose true class is among the k
// highest probabilities (ties broken by lower class index).
func TopKAccuracy(probs [][]float64, truth []int, k int) float64 {
	if len(truth) == 0 {
		return math.NaN()
	}
	ok := 0
	for i, p := range probs {
		t := truth[i]
		higher := 0
		for j, q := range p {
			if q > p[t] || (q == p[t] && j < t) {
				higher++
			}
		}
		if higher < k {
			ok++
		}
	}
	return float64(ok) / float64(len(truth))
}

// AUC is the area under the ROC curve: the probability that a random
// positive scores above a random negative, ties counting half
// (Mann-Whitney). NaN when either class is absent.
func AUC(score []float64, pos []bool) float64 {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return score[idx[a]] < score[idx[b]] })
	var np, nn float64
	rankSum := 0.0
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && score[idx[j]] == score[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // average 1-based rank of the tie group
		for k := i; k < j; k++ {
			if pos[idx[k]] {
				rankSum += mid
				np++
			} else {
				nn++
			}
		}
		i = j
	}
	if np == 0 || nn == 0 {
		return math.NaN()
	}
	return (rankSum - np*(np+1)/2) / (np * nn)
}

// Binary holds the threshold metrics of a binary classifier.
type Binary struct {
	Accuracy, Sensitivity, Specificity float64
	TP, FP, TN, FN                     int
}

// Threshold scores prob >= t as positive.
func Threshold(prob []float64, pos []bool, t float64) Binary {
	var b Binary
	for i, p := range prob {
		switch {
		case p >= t && pos[i]:
			b.TP++
		case p >= t:
			b.FP++
		case pos[i]:
			b.FN++
		default:
			b.TN++
		}
	}
	n := b.TP + b.FP + b.TN + b.FN
	b.Accuracy = ratio(b.TP+b.TN, n)
	b.Sensitivity = ratio(b.TP, b.TP+b.FN)
	b.Specificity = ratio(b.TN, b.TN+b.FP)
	return b
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Brier is the mean squared difference between prob and the outcome.
func Brier(prob []float64, pos []bool) float64 {
	if len(prob) == 0 {
		return math.NaN()
	}
	s := 0.0
	for i, p := range prob {
		y := 0.0
		if pos[i] {
			y = 1
		}
		s += (p - y) * (p - y)
	}
	return s / float64(len(prob))
}

// MeanSD is the mean of v and its sample standard deviation (n-1), 0 for
// a single value: the spread of a score over cross-validation folds.
func MeanSD(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	s := 0.0
	for _, x := range v {
		s += (x - mean) * (x - mean)
	}
	if len(v) > 1 {
		s /= float64(len(v) - 1)
	}
	return mean, math.Sqrt(s)
}
