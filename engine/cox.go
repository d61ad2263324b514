package engine

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Cox is the negative Cox partial log-likelihood with Breslow's handling
// of ties, averaged over the events in the batch. Logits is batch×1: the
// log relative risk ηᵢ of each subject. Time is the follow-up time and
// Event says whether it ended in the event (true) or censoring (false).
//
//	L = −(1/E) Σ_{i: event} [ ηᵢ − log Σ_{j: tⱼ ≥ tᵢ} exp(ηⱼ) ]
//
// Breslow: every event tied at time t sees the same risk set, all subjects
// still at risk at t. The sums run over times sorted once (O(n log n)) and
// are shifted by max η for stability. A batch with no events has loss 0
// and zero gradient. Because the risk set spans the batch, use large
// batches (or the whole training set) for survival models.
type Cox struct{}

func (Cox) Loss(logits *mat.Dense, time []float64, event []bool) (float64, *mat.Dense) {
	n, c := logits.Dims()
	if c != 1 || len(time) != n || len(event) != n {
		panic(fmt.Sprintf("engine: Cox: logits %dx%d, %d times, %d events", n, c, len(time), len(event)))
	}
	grad := mat.NewDense(n, 1, nil)
	eta := make([]float64, n)
	m := math.Inf(-1)
	for i := range eta {
		eta[i] = logits.At(i, 0)
		m = math.Max(m, eta[i])
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Descending time, so a running sum over the prefix is the risk set.
	sort.SliceStable(order, func(a, b int) bool { return time[order[a]] > time[order[b]] })

	// Walk groups of tied times from the latest. riskSum[g] is Σ exp(η−m)
	// over everyone with time ≥ the group's time.
	type group struct {
		start, end int // order[start:end] share the time
		riskSum    float64
		events     int
	}
	var groups []group
	var run float64
	for s := 0; s < n; {
		e := s
		for e < n && time[order[e]] == time[order[s]] {
			run += math.Exp(eta[order[e]] - m)
			e++
		}
		g := group{start: s, end: e, riskSum: run}
		for _, i := range order[s:e] {
			if event[i] {
				g.events++
			}
		}
		groups = append(groups, g)
		s = e
	}
	var events int
	var loss float64
	for _, g := range groups {
		events += g.events
		if g.events == 0 {
			continue
		}
		lse := m + math.Log(g.riskSum)
		for _, i := range order[g.start:g.end] {
			if event[i] {
				loss -= eta[i] - lse
			}
		}
	}
	if events == 0 {
		return 0, grad
	}
	// dL/dηₖ = −δₖ + exp(ηₖ) Σ_{groups g with tₖ ≥ t_g} d_g / S_g. Going from
	// the earliest group to the latest accumulates the inner sum for every
	// subject at once.
	var acc float64
	for gi := len(groups) - 1; gi >= 0; gi-- {
		g := groups[gi]
		if g.events > 0 {
			acc += float64(g.events) / g.riskSum
		}
		for _, i := range order[g.start:g.end] {
			d := math.Exp(eta[i]-m) * acc
			if event[i] {
				d--
			}
			grad.Set(i, 0, d/float64(events))
		}
	}
	return loss / float64(events), grad
}

// BaselineHazard is Breslow's estimator of the cumulative baseline hazard
// H₀ at each distinct event time of a (training) set with fitted log risks
// eta: H₀(t) = Σ_{event times s ≤ t} d(s) / Σ_{j: tⱼ ≥ s} exp(ηⱼ). A
// subject's survival curve is then S(t) = exp(−H₀(t)·exp(η)). Times are
// returned ascending.
func BaselineHazard(eta, time []float64, event []bool) (times, cumHazard []float64) {
	n := len(eta)
	if len(time) != n || len(event) != n {
		panic("engine: BaselineHazard: eta, time and event lengths differ")
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return time[order[a]] > time[order[b]] })
	m := math.Inf(-1)
	for _, e := range eta {
		m = math.Max(m, e)
	}
	// Descending pass: risk-set sums (scaled by exp(−m)) and event counts
	// per distinct time.
	type step struct {
		t       float64
		deaths  int
		riskSum float64
	}
	var steps []step
	var run float64
	for s := 0; s < n; {
		e, d := s, 0
		for e < n && time[order[e]] == time[order[s]] {
			run += math.Exp(eta[order[e]] - m)
			if event[order[e]] {
				d++
			}
			e++
		}
		if d > 0 {
			steps = append(steps, step{time[order[s]], d, run})
		}
		s = e
	}
	var h float64
	for i := len(steps) - 1; i >= 0; i-- {
		h += float64(steps[i].deaths) / steps[i].riskSum * math.Exp(-m)
		times = append(times, steps[i].t)
		cumHazard = append(cumHazard, h)
	}
	return times, cumHazard
}
