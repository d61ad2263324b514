package metrics

import (
	"math"
	"sort"
)

// CIndex is Harrell's concordance index for risk scores (higher risk means
// earlier event). A pair is comparable when the earlier time is an event
// (equal times count when only the first is an event); it is concordant
// when that subject has the higher risk, and tied risks count half. NaN
// when no pair is comparable.
func CIndex(risk, time []float64, event []bool) float64 {
	var conc, comp float64
	for i := range risk {
		if !event[i] {
			continue
		}
		for j := range risk {
			if i == j {
				continue
			}
			if time[i] < time[j] || (time[i] == time[j] && !event[j]) {
				comp++
				switch {
				case risk[i] > risk[j]:
					conc++
				case risk[i] == risk[j]:
					conc += 0.5
				}
			}
		}
	}
	if comp == 0 {
		return math.NaN()
	}
	return conc / comp
}

// StepFunc is a right-continuous step function: Value(t) is Values[k] for
// the last Times[k] <= t, and 1 before Times[0].
type StepFunc struct {
	Times  []float64
	Values []float64
}

// At evaluates the function at t.
func (s StepFunc) At(t float64) float64 {
	k := sort.Search(len(s.Times), func(i int) bool { return s.Times[i] > t })
	if k == 0 {
		return 1
	}
	return s.Values[k-1]
}

// Before evaluates the left limit at t (the value just before t).
func (s StepFunc) Before(t float64) float64 {
	k := sort.Search(len(s.Times), func(i int) bool { return s.Times[i] >= t })
	if k == 0 {
		return 1
	}
	return s.Values[k-1]
}

// KaplanMeier estimates the survival function of the times whose
// indicator is set in event; pass the negated indicator to estimate the
// censoring distribution.
func KaplanMeier(time []float64, event []bool) StepFunc {
	idx := make([]int, len(time))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return time[idx[a]] < time[idx[b]] })
	var s StepFunc
	surv := 1.0
	atRisk := len(time)
	for i := 0; i < len(idx); {
		t := time[idx[i]]
		d, n := 0, 0
		for i < len(idx) && time[idx[i]] == t {
			if event[idx[i]] {
				d++
			}
			n++
			i++
		}
		if d > 0 {
			surv *= 1 - float64(d)/float64(atRisk)
			s.Times = append(s.Times, t)
			s.Values = append(s.Values, surv)
		}
		atRisk -= n
	}
	return s
}

// IntegratedBrier is Graf's inverse-probability-of-censoring weighted
// Brier score integrated over grid (sorted, increasing) by the trapezoid
// rule and divided by the grid's span. surv(i, t) is the predicted
// survival of subject i at t. Censoring is estimated by Kaplan-Meier on the
// same data. Grid points where the censoring survival is zero are dropped.
func IntegratedBrier(surv func(i int, t float64) float64, time []float64, event []bool, grid []float64) float64 {
	cens := make([]bool, len(event))
	for i, e := range event {
		cens[i] = !e
	}
	g := KaplanMeier(time, cens)
	var ts, bs []float64
	for _, t := range grid {
		gt := g.At(t)
		if gt <= 0 {
			continue
		}
		s := 0.0
		for i := range time {
			p := surv(i, t)
			switch {
			case time[i] <= t && event[i]:
				if w := g.Before(time[i]); w > 0 {
					s += p * p / w
				}
			case time[i] > t:
				s += (1 - p) * (1 - p) / gt
			}
		}
		ts = append(ts, t)
		bs = append(bs, s/float64(len(time)))
	}
	if len(ts) < 2 {
		if len(ts) == 1 {
			return bs[0]
		}
		return math.NaN()
	}
	area := 0.0
	for k := 1; k < len(ts); k++ {
		area += (ts[k] - ts[k-1]) * (bs[k] + bs[k-1]) / 2
	}
	return area / (ts[len(ts)-1] - ts[0])
}
