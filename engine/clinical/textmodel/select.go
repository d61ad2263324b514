package textmodel

import (
	"fmt"
	"math"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
	"github.com/bedside-health/bedside/engine/metrics"
)

// The candidates a text recipe is compared with.
const (
	candText   = "bigru_ensemble"
	candLogreg = "tfidf_logreg"
)

// crossValidate scores the shipped recipe and TF-IDF (unigrams and
// bigrams) with multinomial logistic regression by k-fold stratified
// cross-validation over all rows: one validation split is too small to
// choose between them. Vocabulary, TF-IDF weights and every network are
// fitted inside each training fold. Probabilities are the ensemble's
// average at temperature 1 (the shipped temperature is fitted on the
// validation split, which a fold must not see). It reports; it does not
// choose the weights: the card's verdict says whether the shipped recipe
// holds up against the baseline.
func crossValidate(docs, reads [][]string, y []int, classes int, c Config, seed uint64, k int, prog *task.Progress) *clinical.Selection {
	fold := task.StratifiedFolds(y, k, seed)
	scores := map[string][3][]float64{} // accuracy, macro-F1, log loss per fold
	add := func(cand string, probs [][]float64, truth []int) {
		pred := make([]int, len(probs))
		ll := 0.0
		for i, p := range probs {
			pred[i] = argmax(p)
			ll -= math.Log(math.Max(p[truth[i]], 1e-15))
		}
		s := scores[cand]
		s[0] = append(s[0], metrics.Accuracy(pred, truth))
		s[1] = append(s[1], metrics.MacroF1(pred, truth))
		s[2] = append(s[2], ll/float64(len(probs)))
		scores[cand] = s
	}
	for f := 0; f < k; f++ {
		var tr, va []int
		for i, g := range fold {
			if g == f {
				va = append(va, i)
			} else {
				tr = append(tr, i)
			}
		}
		trDocs, trReads, yTr := pickRows(tr, docs, reads, y)
		vaDocs, vaReads, yVa := pickRows(va, docs, reads, y)
		feat := buildFeatures(trDocs, c)
		etr, eva := feat.Encode(trDocs, trReads, yTr), feat.Encode(vaDocs, vaReads, yVa)
		var members []*trainedMember
		for m := 0; m < c.Members; m++ {
			tm := trainMember(feat, etr, classes, c, seed*1000+uint64(100*(f+1)+m), m, func(int, int, float64, *trainedMember) {})
			if c.Int8 {
				tm.Quantize()
			}
			members = append(members, tm)
		}
		add(candText, engine.SoftmaxRows(ensembleLogProbs(members, eva), 1), yVa)

		add(candLogreg, logregProbs(trDocs, yTr, vaDocs, classes, true, baselineConfig(seed)), yVa)
		prog.Printf("cross-validation fold %d/%d: %s accuracy %.4f, %s accuracy %.4f", f+1, k,
			candText, scores[candText][0][f], candLogreg, scores[candLogreg][0][f])
	}
	sel := &clinical.Selection{
		Method: fmt.Sprintf("%d-fold stratified cross-validation on all rows (folds seeded from %d); vocabulary, TF-IDF and every network fitted inside each training fold; probabilities at temperature 1; mean and standard deviation over the folds. Rule: the shipped recipe must not be worse than TF-IDF with logistic regression in mean log loss or mean macro-F1.", k, seed),
	}
	names := [3]string{"accuracy", "macro_f1", "log_loss"}
	for _, cand := range []string{candText, candLogreg} {
		cc := clinical.Candidate{Name: cand}
		if cand == candText {
			cc.Recipe = "the shipped recipe: embeddings, BiGRU, attention and the wide TF-IDF branch, seed ensemble"
		} else {
			cc.Recipe = "TF-IDF of unigrams and bigrams (min document frequency 2, up to 20,000 terms), multinomial logistic regression (40 epochs, lr 0.05, weight decay 1e-4)"
		}
		for j, name := range names {
			m, sd := metrics.MeanSD(scores[cand][j])
			cc.Scores = append(cc.Scores, clinical.CVScore{Name: name, Mean: task.Round4(m), SD: task.Round4(sd), Folds: k})
		}
		sel.Candidates = append(sel.Candidates, cc)
	}
	var dF1, dLL []float64
	for f := 0; f < k; f++ {
		dF1 = append(dF1, scores[candText][1][f]-scores[candLogreg][1][f])
		dLL = append(dLL, scores[candText][2][f]-scores[candLogreg][2][f])
	}
	sel.Winner, sel.Verdict = verdict(dF1, dLL)
	return sel
}

// pickRows gathers the rows idx of the prepared texts and their labels.
func pickRows(idx []int, docs, reads [][]string, y []int) ([][]string, [][]string, []int) {
	d, r, l := make([][]string, len(idx)), make([][]string, len(idx)), make([]int, len(idx))
	for i, j := range idx {
		d[i], r[i], l[i] = docs[j], reads[j], y[j]
	}
	return d, r, l
}

// baselineConfig is the logistic regression every text baseline uses.
func baselineConfig(seed uint64) engine.LinearConfig {
	return engine.LinearConfig{Epochs: 40, Batch: 32, LR: 0.05, WeightDecay: 1e-4, Seed: seed}
}

// logregProbs fits TF-IDF (unigrams, with bigrams if asked; min document
// frequency 2, up to 20,000 terms) and multinomial logistic regression on
// the training texts and gives its probabilities on the validation texts.
func logregProbs(trDocs [][]string, yTr []int, vaDocs [][]string, classes int, bigrams bool, cfg engine.LinearConfig) [][]float64 {
	bw := buildWide(trDocs, 2, 20000, bigrams)
	bag := func(docs [][]string) []engine.Sparse {
		x := make([]engine.Sparse, len(docs))
		for i, d := range docs {
			x[i] = bw.Bag(d)
		}
		return x
	}
	lin := engine.TrainLinear("wide", bag(trDocs), yTr, bw.Dim(), classes, cfg)
	lg := lin.Forward(bag(vaDocs))
	rows := make([][]float64, len(vaDocs))
	for i := range rows {
		rows[i] = lg.RawRowView(i)
	}
	return engine.SoftmaxRows(rows, 1)
}

// verdict applies the rule to the paired per-fold differences (shipped
// recipe minus baseline) of macro-F1 and log loss.
func verdict(dF1, dLL []float64) (winner, text string) {
	mf, sf := metrics.MeanSD(dF1)
	ml, sl := metrics.MeanSD(dLL)
	winner, holds := candText, "holds: it is no worse than the baseline in either"
	if mf < 0 || ml > 0 {
		winner = candLogreg
		holds = "does NOT hold: the baseline is better in at least one, so the shipped recipe should be replaced by it (the card's figures are the recipe's)"
	}
	return winner, fmt.Sprintf("%s won; the shipped recipe minus the baseline, paired over %d folds: macro-F1 %+.4f (sd %.4f), log loss %+.4f (sd %.4f). The rule %s.", winner, len(dF1), mf, sf, ml, sl, holds)
}
