package risk

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
	"github.com/bedside-health/bedside/engine/ensemble"
	"github.com/bedside-health/bedside/engine/metrics"
)

// The recipes a binary model is chosen among. Logistic regression is the
// reference every other recipe must not be worse than (issue 14): on a
// few hundred rows a network often is, and one validation split of 48
// rows cannot tell.
const (
	candLR   = "logreg"
	candMLP  = "mlp"
	candWide = "wide_deep"
)

var candidates = []string{candLR, candMLP, candWide}

// lrGrid holds the inverse L2 strengths tried for logistic regression
// (objective: summed log loss + |w|^2 / 2C over standardised inputs).
var lrGrid = []float64{0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30}

// cvFolds is the outer and inner fold count of the selection.
const cvFolds = 5

// logRegModel is w (one per design column) then the intercept.
type logRegModel []float64

func (m logRegModel) logit(x []float64) float64 {
	z := m[len(m)-1]
	for j, v := range x {
		z += m[j] * v
	}
	return z
}

// fitLogReg fits penalised logistic regression on rows of x by Newton's
// method with step halving: exact and deterministic, unlike a gradient
// method whose answer depends on a learning rate and an epoch count.
func fitLogReg(x *mat.Dense, rows []int, y []bool, c float64) logRegModel {
	_, d := x.Dims()
	p := d + 1
	m := make(logRegModel, p)
	obj := func(m logRegModel) float64 {
		s := 0.0
		for _, r := range rows {
			s += logLoss1(metrics.Sigmoid(m.logit(x.RawRowView(r))), y[r])
		}
		for j := 0; j < d; j++ {
			s += m[j] * m[j] / (2 * c)
		}
		return s
	}
	cur := obj(m)
	g := make([]float64, p)
	h := mat.NewSymDense(p, nil)
	for it := 0; it < 100; it++ {
		clear(g)
		hd := make([]float64, p*p)
		for _, r := range rows {
			xr := x.RawRowView(r)
			pr := metrics.Sigmoid(m.logit(xr))
			res, w := pr, pr*(1-pr)
			if y[r] {
				res = pr - 1
			}
			for j := 0; j < p; j++ {
				xj := 1.0
				if j < d {
					xj = xr[j]
				}
				g[j] += res * xj
				for k := j; k < p; k++ {
					xk := 1.0
					if k < d {
						xk = xr[k]
					}
					hd[j*p+k] += w * xj * xk
				}
			}
		}
		for j := 0; j < p; j++ {
			if j < d {
				g[j] += m[j] / c
				hd[j*p+j] += 1 / c
			} else {
				hd[j*p+j] += 1e-9
			}
			for k := j; k < p; k++ {
				h.SetSym(j, k, hd[j*p+k])
			}
		}
		var ch mat.Cholesky
		if !ch.Factorize(h) {
			break
		}
		var step mat.VecDense
		if err := ch.SolveVecTo(&step, mat.NewVecDense(p, g)); err != nil {
			break
		}
		t, next := 1.0, make(logRegModel, p)
		improved := false
		for half := 0; half < 40; half++ {
			for j := range next {
				next[j] = m[j] - t*step.AtVec(j)
			}
			if o := obj(next); o <= cur {
				cur, improved = o, true
				break
			}
			t /= 2
		}
		if !improved {
			break
		}
		delta := 0.0
		for j := range m {
			delta = math.Max(delta, math.Abs(next[j]-m[j]))
		}
		copy(m, next)
		if delta < 1e-10 {
			break
		}
	}
	return m
}

func logLoss1(p float64, y bool) float64 {
	const eps = 1e-15
	if y {
		return -math.Log(math.Max(p, eps))
	}
	return -math.Log(math.Max(1-p, eps))
}

// tuneLogReg picks C from lrGrid by the pooled log loss of an inner
// stratified k-fold CV on rows only, then refits on all of rows: the
// outer test fold is never seen.
func tuneLogReg(x *mat.Dense, rows []int, y []bool, seed uint64) (logRegModel, float64) {
	strata := make([]int, len(rows))
	for i, r := range rows {
		if y[r] {
			strata[i] = 1
		}
	}
	fold := task.StratifiedFolds(strata, cvFolds, seed)
	best, bestC := math.Inf(1), lrGrid[0]
	for _, c := range lrGrid {
		loss := 0.0
		for k := 0; k < cvFolds; k++ {
			var tr, te []int
			for i, r := range rows {
				if fold[i] == k {
					te = append(te, r)
				} else {
					tr = append(tr, r)
				}
			}
			m := fitLogReg(x, tr, y, c)
			for _, r := range te {
				loss += logLoss1(metrics.Sigmoid(m.logit(x.RawRowView(r))), y[r])
			}
		}
		if loss < best {
			best, bestC = loss, c
		}
	}
	return fitLogReg(x, rows, y, bestC), bestC
}

// asNetwork writes a logistic regression as a network with no hidden
// layer, so that it ships in the same file format and is explained by the
// same integrated gradients (exact for a linear model).
func (m logRegModel) asNetwork() *engine.Sequential {
	d := len(m) - 1
	net := engine.NewMLP(engine.NewRand(0), []int{d, 1}, "relu", 0)
	dense := net.Layers[0].(*engine.Dense)
	copy(dense.W.Value, m[:d])
	dense.B.Value[0] = m[d]
	return net
}

// ensembleFit is a cross-fitted ensemble with Platt scaling, as shipped by
// the mlp and wide_deep recipes.
type ensembleFit struct {
	members []*engine.Sequential
	a, b    float64
}

func (e *ensembleFit) prob(x *mat.Dense, rows []int) []float64 {
	xs := engine.Rows(x, rows)
	mean := make([]float64, len(rows))
	for _, m := range e.members {
		out := m.Forward(xs, false)
		for i := range mean {
			mean[i] += out.At(i, 0) / float64(len(e.members))
		}
	}
	for i, v := range mean {
		mean[i] = metrics.Sigmoid(e.a*v + e.b)
	}
	return mean
}

// fitBinaryEnsemble cross-fits folds x seeds members of fit on rows of x
// and Platt-scales their out-of-fold mean logit.
func fitBinaryEnsemble(fit Fit, folds, seeds int, x *mat.Dense, rows []int, y []bool, seed uint64, prog *task.Progress) *ensembleFit {
	xs := engine.Rows(x, rows)
	ys := pickBool(y, rows)
	strata := make([]int, len(rows))
	target := mat.NewDense(len(rows), 1, nil)
	for i, v := range ys {
		if v {
			strata[i] = 1
			target.Set(i, 0, 1)
		}
	}
	loss := func(out *mat.Dense, rr []int) (float64, *mat.Dense) {
		t := mat.NewDense(len(rr), 1, nil)
		for i, r := range rr {
			t.Set(i, 0, target.At(r, 0))
		}
		return engine.BCEWithLogits{}.Loss(out, t)
	}
	fold := task.StratifiedFolds(strata, folds, seed)
	n := folds * seeds
	members, oof := ensemble.CrossFit(xs, fold, folds, seeds, func(j int, tr, st []int) *engine.Sequential {
		return fit.trainMember(seed*1000003+uint64(j), xs, tr, st, loss, prog.Stage(fmt.Sprintf("member %d/%d", j+1, n)))
	})
	a, b := metrics.FitPlatt(oof, ys)
	return &ensembleFit{members: members, a: a, b: b}
}

// cvScore is one metric of one candidate over every outer fold.
type cvScore struct {
	name  string
	folds []float64
}

// cvOutcome is what the repeated cross-validation measured.
type cvOutcome struct {
	repeats int
	scores  map[string][]cvScore // candidate -> accuracy, auc, log_loss
	oof     map[string][]float64 // candidate -> out-of-fold probability, first repeat
	lrC     []float64            // C chosen in each outer fold
}

var cvMetricNames = []string{"accuracy", "auc", "log_loss"}

// crossValidate runs repeats x cvFolds stratified cross-validation of
// every candidate on all rows. Everything learned (encoder, C, networks,
// Platt scaling) is learned inside the outer training folds.
func (s *Spec) crossValidate(c task.Config, recs []task.Record, y []bool, strata []int, prog *task.Progress) (*cvOutcome, error) {
	fit, folds, seeds, repeats := s.Fit, s.Folds, s.Seeds, s.Repeats
	if c.Smoke {
		fit.MaxEpochs, fit.MinEpochs, folds, seeds, repeats = 5, 1, 2, 1, 1
	}
	out := &cvOutcome{repeats: repeats, scores: map[string][]cvScore{}, oof: map[string][]float64{}}
	for _, cand := range candidates {
		for _, m := range cvMetricNames {
			out.scores[cand] = append(out.scores[cand], cvScore{name: m})
		}
		out.oof[cand] = make([]float64, len(recs))
	}
	wide := fit
	wide.Wide = true
	for rep := 0; rep < repeats; rep++ {
		fold := task.StratifiedFolds(strata, cvFolds, c.Seed+uint64(rep)*7919)
		for k := 0; k < cvFolds; k++ {
			var tr, te []int
			for i, f := range fold {
				if f == k {
					te = append(te, i)
				} else {
					tr = append(tr, i)
				}
			}
			enc, err := fitEncoder(s.Schema.Fields, s.Encodings, pick(recs, tr))
			if err != nil {
				return nil, err
			}
			x := designMatrix(enc, recs)
			seed := c.Seed*7919 + uint64(rep*cvFolds+k)
			lr, C := tuneLogReg(x, tr, y, seed)
			out.lrC = append(out.lrC, C)
			probs := map[string][]float64{candLR: make([]float64, len(te))}
			for i, r := range te {
				probs[candLR][i] = metrics.Sigmoid(lr.logit(x.RawRowView(r)))
			}
			stage := fmt.Sprintf("cv %d/%d", rep*cvFolds+k+1, repeats*cvFolds)
			probs[candMLP] = fitBinaryEnsemble(fit, folds, seeds, x, tr, y, seed, prog.Stage(stage+" mlp")).prob(x, te)
			probs[candWide] = fitBinaryEnsemble(wide, folds, seeds, x, tr, y, seed, prog.Stage(stage+" wide_deep")).prob(x, te)
			yt := pickBool(y, te)
			for _, cand := range candidates {
				p := probs[cand]
				sc := out.scores[cand]
				sc[0].folds = append(sc[0].folds, metrics.Threshold(p, yt, 0.5).Accuracy)
				sc[1].folds = append(sc[1].folds, metrics.AUC(p, yt))
				sc[2].folds = append(sc[2].folds, meanLogLoss(p, yt))
				if rep == 0 {
					for i, r := range te {
						out.oof[cand][r] = p[i]
					}
				}
			}
		}
		prog.Printf("cv repeat %d/%d: mean auc lr %.4f mlp %.4f wide %.4f", rep+1, repeats,
			mean(out.scores[candLR][1].folds), mean(out.scores[candMLP][1].folds), mean(out.scores[candWide][1].folds))
	}
	return out, nil
}

func mean(v []float64) float64 { m, _ := metrics.MeanSD(v); return m }

func meanLogLoss(p []float64, y []bool) float64 {
	s := 0.0
	for i := range p {
		s += logLoss1(p[i], y[i])
	}
	return s / float64(len(p))
}

// winner applies the rule of issue 14: a recipe is eligible only if its
// mean CV log loss is no worse and its mean CV AUC no lower than logistic
// regression's; among the eligible, the lowest mean log loss wins (ties
// go to the simpler recipe, in the order of candidates).
func (o *cvOutcome) winner() string {
	lrAUC, lrLL := mean(o.scores[candLR][1].folds), mean(o.scores[candLR][2].folds)
	best, bestLL := candLR, lrLL
	for _, cand := range candidates[1:] {
		auc, ll := mean(o.scores[cand][1].folds), mean(o.scores[cand][2].folds)
		if auc >= lrAUC && ll <= lrLL && ll < bestLL {
			best, bestLL = cand, ll
		}
	}
	return best
}

// selection writes the comparison for the card.
func (o *cvOutcome) selection(recipes map[string]string, seed uint64) *clinical.Selection {
	sel := &clinical.Selection{
		Method: fmt.Sprintf("%d x %d-fold stratified cross-validation on all of train.csv (fold assignment seeded from %d; %d outer folds); preprocessing, the logistic regression's C and every network are fitted inside each outer training fold only; mean and standard deviation over the outer folds. Rule: a recipe whose mean log loss is worse or whose mean AUC is lower than logistic regression's is never shipped; among the rest the lowest mean log loss wins.",
			o.repeats, cvFolds, seed, o.repeats*cvFolds),
		Winner: o.winner(),
	}
	for _, cand := range candidates {
		cc := clinical.Candidate{Name: cand, Recipe: recipes[cand]}
		for _, sc := range o.scores[cand] {
			m, sd := metrics.MeanSD(sc.folds)
			cc.Scores = append(cc.Scores, clinical.CVScore{Name: sc.name, Mean: task.Round4(m), SD: task.Round4(sd), Folds: len(sc.folds)})
		}
		sel.Candidates = append(sel.Candidates, cc)
	}
	// The margin is paired: every candidate saw the same folds, so the
	// spread of the per-fold differences is the one that matters.
	var parts []string
	for _, cand := range candidates {
		if cand == sel.Winner {
			continue
		}
		var dAUC, dLL []float64
		for i := range o.scores[cand][1].folds {
			dAUC = append(dAUC, o.scores[sel.Winner][1].folds[i]-o.scores[cand][1].folds[i])
			dLL = append(dLL, o.scores[sel.Winner][2].folds[i]-o.scores[cand][2].folds[i])
		}
		ma, sa := metrics.MeanSD(dAUC)
		ml, sl := metrics.MeanSD(dLL)
		parts = append(parts, fmt.Sprintf("vs %s: AUC %+.4f (sd %.4f), log loss %+.4f (sd %.4f)", cand, ma, sa, ml, sl))
	}
	sel.Verdict = fmt.Sprintf("%s won; paired per-fold differences (winner minus other, mean and sd over %d folds): %s.", sel.Winner, len(o.scores[candLR][1].folds), strings.Join(parts, "; "))
	return sel
}

// wideDeep is a member of the wide_deep recipe while it trains: a linear
// part on the inputs plus an MLP, their outputs added.
type wideDeep struct{ lin, deep *engine.Sequential }

func (w *wideDeep) Forward(x *mat.Dense, train bool) *mat.Dense {
	a := w.lin.Forward(x, train)
	b := w.deep.Forward(x, train)
	var out mat.Dense
	out.Add(a, b)
	return &out
}

func (w *wideDeep) Backward(g *mat.Dense) *mat.Dense {
	w.lin.Backward(g)
	return w.deep.Backward(g)
}

func (w *wideDeep) Params() []*engine.Param { return append(w.lin.Params(), w.deep.Params()...) }

// merge rewrites a trained wide-and-deep member as one plain ReLU MLP,
// exactly: each input x_i passes the hidden layers as relu(x_i) and
// relu(-x_i), whose difference the output layer weighs by the linear
// part's coefficient. The shipped file is then an ordinary network of the
// same format and the same explanation path.
func (w *wideDeep) merge(hidden []int, dropout float64) *engine.Sequential {
	lin := w.lin.Layers[0].(*engine.Dense)
	d := lin.In()
	var deep []*engine.Dense
	for _, l := range w.deep.Layers {
		if dl, ok := l.(*engine.Dense); ok {
			deep = append(deep, dl)
		}
	}
	sizes := []int{d}
	for _, h := range hidden {
		sizes = append(sizes, h+2*d)
	}
	sizes = append(sizes, 1)
	net := engine.NewMLP(engine.NewRand(0), sizes, "relu", dropout)
	var out []*engine.Dense
	for _, l := range net.Layers {
		if dl, ok := l.(*engine.Dense); ok {
			out = append(out, dl)
		}
	}
	for l, dst := range out {
		src := deep[l]
		clear(dst.W.Value)
		clear(dst.B.Value)
		in, srcIn, srcOut := dst.In(), src.In(), src.Out()
		for o := 0; o < srcOut; o++ {
			copy(dst.W.Value[o*in:o*in+srcIn], src.W.Value[o*srcIn:(o+1)*srcIn])
			dst.B.Value[o] = src.B.Value[o]
		}
		switch {
		case l == 0:
			for i := 0; i < d; i++ {
				dst.W.Value[(srcOut+i)*in+i] = 1
				dst.W.Value[(srcOut+d+i)*in+i] = -1
			}
		case l < len(out)-1:
			for i := 0; i < 2*d; i++ {
				dst.W.Value[(srcOut+i)*in+srcIn+i] = 1
			}
		default:
			for i := 0; i < d; i++ {
				dst.W.Value[srcIn+i] = lin.W.Value[i]
				dst.W.Value[srcIn+d+i] = -lin.W.Value[i]
			}
			dst.B.Value[0] += lin.B.Value[0]
		}
	}
	return net
}
