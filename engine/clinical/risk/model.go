package risk

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
	"github.com/bedside-health/bedside/engine/ensemble"
	"github.com/bedside-health/bedside/engine/metrics"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// Spec is one risk model: its inputs, preprocessing, recipe and the
// parts of its card that are words rather than measurements. Kind says
// what the ensemble's output means: a binary logit (task.Tabular) or a
// log hazard (task.Survival).
type Spec struct {
	Name, Title, Version, Dataset string
	Kind                          task.Family
	Schema                        *task.Schema // prediction and eval inputs
	TrainSchema                   *task.Schema // train.csv; nil means Schema
	Encodings                     []Encoding   // parallel to Schema.Fields
	Labels                        [2]string    // binary: negative, positive
	// Strata gives a training row's stratum for the splits; nil
	// stratifies by the binary outcome.
	Strata func(task.Record, task.Truth) int
	// Intuitions are the expectations whose reversal a result must call
	// an association (issue 14, item 3).
	Intuitions   []intuition
	Fit          Fit
	Folds, Seeds int // ensemble: Folds x Seeds members
	// Repeats of the 5-fold cross-validation that chooses a binary
	// model's recipe.
	Repeats int
	Card    clinical.Card
}

// register makes the model trainable (package task) and loadable
// (package clinical).
func register(s *Spec) {
	clinical.Register(s.Name, s.load)
	if task.Trainable {
		kind, train := task.Tabular, s.trainBinary
		if s.Kind == task.Survival {
			kind, train = task.Survival, s.trainSurvival
		}
		task.Register(&task.Task{
			Name: s.Name, Title: s.Title, Kind: kind, Version: s.Version, Dataset: s.Dataset,
			Train: train, Read: s.Schema.Read, Validation: s.validation,
		})
	}
}

// split reads the training file and returns its records, outcomes,
// strata and the seeded stratified train/validation row indices.
func (s *Spec) split(c task.Config) ([]task.Record, []task.Truth, []int, []int, []int, error) {
	schema := s.TrainSchema
	if schema == nil {
		schema = s.Schema
	}
	recs, truth, err := readTrain(schema, filepath.Join(c.DataDir, s.Dataset, "train.csv"), "train "+s.Name)
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	strata := make([]int, len(truth))
	for i, t := range truth {
		switch {
		case s.Strata != nil:
			strata[i] = s.Strata(recs[i], t)
		case t.Positive:
			strata[i] = 1
		}
	}
	tr, va := task.StratifiedSplit(strata, 0.2, c.Seed)
	return recs, truth, strata, tr, va, nil
}

func (s *Spec) validation(c task.Config) ([]byte, error) {
	if s.Kind == task.Survival {
		return s.survivalValidation(c)
	}
	_, _, _, _, va, err := s.split(c)
	if err != nil {
		return nil, err
	}
	return task.ValidationRows(filepath.Join(c.DataDir, s.Dataset, "train.csv"), va, nil, nil)
}

type calibration struct {
	A float64 `json:"a"`
	B float64 `json:"b"`
}

// Predictor is a loaded risk model; st is set for survival models only.
type Predictor struct {
	spec    *Spec
	version string
	enc     *Encoder
	ens     *ensemble.Ensemble
	cal     calibration
	st      *survState
	base    []float64
	owners  []int
	ref     []float64 // per field: the reference patient's value (NaN: categorical)

	mu         sync.Mutex
	x, contrib []float64
	members    []float64 // each member's output, for the survival band
}

var ensembleKeys = ensemble.Keys{Layers: clinical.MetaLayers, Members: clinical.MetaMembers}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// load is the one loader of every risk and survival file. It checks the
// whole file before a predictor exists, so that nothing a file says can
// make Predict index out of range or compute on NaN.
func (s *Spec) load(weights []byte) (clinical.Predictor, error) {
	corrupt := func(err error) (clinical.Predictor, error) {
		return nil, &clinical.Error{Op: "load " + s.Name, Kind: clinical.Corrupt, Err: err}
	}
	f, err := safetensors.Decode(weights)
	if err != nil {
		return corrupt(err)
	}
	if got := f.Metadata[clinical.MetaModel]; got != s.Name {
		return corrupt(fmt.Errorf("weights are for model %q", got))
	}
	p := &Predictor{spec: s, version: f.Metadata[clinical.MetaVersion]}
	p.enc = &Encoder{}
	if err := unmarshalEncoder([]byte(f.Metadata[clinical.MetaPreprocess]), p.enc); err != nil {
		return corrupt(fmt.Errorf("preprocessing: %v", err))
	}
	if err := p.enc.check(s.Schema.Fields, s.Encodings); err != nil {
		return corrupt(err)
	}
	if s.Kind == task.Survival {
		p.st = &survState{}
		if err := unmarshalSurvState([]byte(f.Metadata[clinical.MetaSurvival]), p.st); err != nil {
			return corrupt(fmt.Errorf("survival state: %v", err))
		}
		if err := p.st.check(); err != nil {
			return corrupt(err)
		}
	} else if err := unmarshalCalibration([]byte(f.Metadata[clinical.MetaCalibration]), &p.cal); err != nil || !finite(p.cal.A) || !finite(p.cal.B) {
		return corrupt(fmt.Errorf("calibration: %q", f.Metadata[clinical.MetaCalibration]))
	}
	if err := unmarshalFloats([]byte(f.Metadata[clinical.MetaBaseline]), &p.base); err != nil || len(p.base) != p.enc.Width || slices.ContainsFunc(p.base, func(v float64) bool { return !finite(v) }) {
		return corrupt(fmt.Errorf("baseline: want %d finite values", p.enc.Width))
	}
	if p.ens, err = ensemble.LoadEnsemble(f, p.enc.Width, ensembleKeys); err != nil {
		return corrupt(err)
	}
	p.owners = p.enc.Owners()
	p.ref = p.enc.reference(p.base)
	p.x = make([]float64, p.enc.Width)
	p.contrib = make([]float64, p.enc.Width)
	p.members = make([]float64, len(p.ens.Members))
	return p, nil
}

// Name is the model's manifest name.
func (p *Predictor) Name() string { return p.spec.Name }

// Predict returns a *clinical.RiskPrediction, or a
// *clinical.SurvivalPrediction for a survival model, for one JSON input.
func (p *Predictor) Predict(input []byte) (pred clinical.Prediction, err error) {
	r, err := p.spec.Schema.ParseJSON("predict "+p.spec.Name, input)
	if err != nil {
		return nil, err
	}
	// load checks every file it accepts; this is the last line should a
	// check be missing, since a bad file must give an error, not a crash.
	defer func() {
		if v := recover(); v != nil {
			pred, err = nil, &clinical.Error{Op: "predict " + p.spec.Name, Kind: clinical.Corrupt, Err: fmt.Errorf("weights do not fit the model: %v", v)}
		}
	}()
	if p.st != nil {
		return p.survivalRecord(r), nil
	}
	return p.riskRecord(r), nil
}

// calibrated maps the ensemble's mean logit to a probability.
func (p *Predictor) calibrated(logit float64) float64 {
	return metrics.Sigmoid(p.cal.A*logit + p.cal.B)
}

// prob is the calibrated probability of a parsed record (no explanation).
func (p *Predictor) prob(r task.Record) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calibrated(p.ens.Logit(p.enc.Encode(p.x, r)))
}

// riskRecord predicts and explains a parsed record.
func (p *Predictor) riskRecord(r task.Record) *clinical.RiskPrediction {
	p.mu.Lock()
	defer p.mu.Unlock()
	x := p.enc.Encode(p.x, r)
	prob := p.calibrated(p.ens.Logit(x))
	p.ens.IntegratedGradients(p.contrib, x, p.base, igSteps)
	out := &clinical.RiskPrediction{
		Model: p.spec.Name, Version: p.version, Probability: prob,
		Label: p.spec.Labels[0],
		// Platt's slope puts contributions on the calibrated logit scale.
		Contributions: p.contributions(r, p.cal.A),
	}
	if prob >= 0.5 {
		out.Label = p.spec.Labels[1]
	}
	for j, c := range p.enc.Columns {
		f := p.spec.Schema.Fields[j]
		switch {
		case r.Missing[j]:
			out.Warnings = append(out.Warnings, clinical.Message{Code: clinical.MsgImputed, Args: map[string]string{
				"field": f.Name, "value": fmtNum(c.Impute), "method": map[bool]string{true: "mode", false: "median"}[c.OneHot]}})
		case !c.OneHot && (r.Values[j] < c.Lo || r.Values[j] > c.Hi):
			out.Warnings = append(out.Warnings, clinical.Message{Code: clinical.MsgExtrapolates, Args: map[string]string{
				"field": f.Name, "value": fmtNum(r.Values[j]), "min": fmtNum(c.Lo), "max": fmtNum(c.Hi)}})
		}
	}
	out.Warnings = append(out.Warnings, p.counterIntuitive(r, out.Contributions)...)
	out.Warnings = append(out.Warnings, clinical.Message{Code: clinical.MsgReference})
	return out
}

// contributions sums the integrated gradients in p.contrib back to the
// fields, scaled by k, with each field's value and reference value.
func (p *Predictor) contributions(r task.Record, k float64) []clinical.Contribution {
	out := make([]clinical.Contribution, len(p.spec.Schema.Fields))
	for j, f := range p.spec.Schema.Fields {
		out[j].Feature = f.Name
		if r.Missing[j] {
			out[j].Missing = true
		} else {
			out[j].Value = r.Values[j]
		}
		if !math.IsNaN(p.ref[j]) {
			v := round6(p.ref[j])
			out[j].Reference = &v
		}
	}
	for i, c := range p.contrib {
		out[p.owners[i]].Contribution += k * c
	}
	for j := range out {
		out[j].Contribution = round6(out[j].Contribution)
	}
	return out
}

// intuition is what a reader expects an input to do to the risk. Where
// the model, following its training data, does the opposite, the result
// says that this is an association in those data and not a cause.
type intuition struct {
	Field string
	// Applies says whether the expectation concerns value v, given the
	// reference patient's value ref (NaN for a categorical field).
	Applies func(v, ref float64) bool
	Raises  bool // the reader expects the risk to go up
}

// againstIntuition is the smallest contribution (logit or log-hazard
// scale) that counts as moving the estimate.
const againstIntuition = 0.01

func (p *Predictor) counterIntuitive(r task.Record, cs []clinical.Contribution) []clinical.Message {
	var out []clinical.Message
	for _, in := range p.spec.Intuitions {
		j := slices.IndexFunc(p.spec.Schema.Fields, func(f task.Field) bool { return f.Name == in.Field })
		if j < 0 || r.Missing[j] || !in.Applies(r.Values[j], p.ref[j]) {
			continue
		}
		c := cs[j].Contribution
		dir := ""
		switch {
		case in.Raises && c < -againstIntuition:
			dir = "lowers"
		case !in.Raises && c > againstIntuition:
			dir = "raises"
		default:
			continue
		}
		out = append(out, clinical.Message{Code: clinical.MsgAssociation, Args: map[string]string{
			"field": in.Field, "value": fmtNum(r.Values[j]), "direction": dir}})
	}
	return out
}

// igSteps is the number of points of the integrated-gradients path: the
// networks are small and nearly piecewise linear, so a few suffice.
const igSteps = 16

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// readTrain reads the dataset's train.csv into records and outcomes.
func readTrain(schema *task.Schema, path, op string) ([]task.Record, []task.Truth, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	tab, err := schema.Read(f, task.ReadOptions{Truth: true})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	recs := make([]task.Record, len(tab.Inputs))
	for i, in := range tab.Inputs {
		if recs[i], err = schema.ParseJSON(op, in); err != nil {
			return nil, nil, fmt.Errorf("%s: row %d: %w", path, tab.Rows[i], err)
		}
	}
	return recs, tab.Truth, nil
}

// fitted is the outcome of the fit path shared by every kind.
type fitted struct {
	enc          *Encoder
	x            *mat.Dense // encoded training rows
	members      []*engine.Sequential
	oof          []float64 // out-of-fold ensemble output per training row
	base         []float64 // mean encoded training row
	fit          Fit
	folds, seeds int
	prog         *task.Progress
}

// crossFit learns the encoder on the training rows and cross-fits the
// ensemble on them with loss.
func (s *Spec) crossFit(c task.Config, recs []task.Record, strata []int, loss Loss) (*fitted, error) {
	ft := &fitted{fit: s.Fit, folds: s.Folds, seeds: s.Seeds}
	if c.Smoke {
		ft.fit.MaxEpochs, ft.fit.MinEpochs, ft.folds, ft.seeds = 5, 1, 2, 1
	}
	enc, err := fitEncoder(s.Schema.Fields, s.Encodings, recs)
	if err != nil {
		return nil, err
	}
	ft.enc, ft.x = enc, designMatrix(enc, recs)
	ft.prog = task.NewProgress(c.Progress, s.Name, ft.folds*ft.seeds*ft.fit.MaxEpochs, max(1, ft.fit.MaxEpochs/4))
	n := ft.folds * ft.seeds
	fold := task.StratifiedFolds(strata, ft.folds, c.Seed)
	ft.members, ft.oof = ensemble.CrossFit(ft.x, fold, ft.folds, ft.seeds, func(j int, tr, st []int) *engine.Sequential {
		return ft.fit.trainMember(c.Seed*1000003+uint64(j), ft.x, tr, st, loss, ft.prog.Stage(fmt.Sprintf("member %d/%d", j+1, n)))
	})
	ft.base = make([]float64, enc.Width)
	for j := range ft.base {
		ft.base[j] = mat.Sum(ft.x.ColView(j)) / float64(len(recs))
	}
	return ft, nil
}

// save writes the ensemble and reads it back through the loader: every
// number on the card comes from the shipped bytes, through the same code
// path as `bedside eval`.
func (s *Spec) save(members []*engine.Sequential, meta map[string]string) (*Predictor, []byte, error) {
	var buf bytes.Buffer
	if err := ensemble.SaveEnsemble(&buf, members, meta, ensembleKeys); err != nil {
		return nil, nil, err
	}
	cp, err := s.load(buf.Bytes())
	if err != nil {
		return nil, nil, err
	}
	return cp.(*Predictor), buf.Bytes(), nil
}

func (s *Spec) trainBinary(c task.Config) (*task.Trained, error) {
	recs, truth, strata, _, _, err := s.split(c)
	if err != nil {
		return nil, err
	}
	y := make([]bool, len(truth))
	for i, t := range truth {
		y[i] = t.Positive
	}
	repeats := s.Repeats
	if c.Smoke {
		repeats = 1
	}
	prog := task.NewProgress(c.Progress, s.Name, (repeats*cvFolds*2+1)*s.Folds*s.Seeds*s.Fit.MaxEpochs, max(1, s.Fit.MaxEpochs/4))
	cv, err := s.crossValidate(c, recs, y, strata, prog)
	if err != nil {
		return nil, err
	}
	win := cv.winner()

	// The shipped model: the winning recipe refit on all of train.csv.
	enc, err := fitEncoder(s.Schema.Fields, s.Encodings, recs)
	if err != nil {
		return nil, err
	}
	x := designMatrix(enc, recs)
	base := make([]float64, enc.Width)
	for j := range base {
		base[j] = mat.Sum(x.ColView(j)) / float64(len(recs))
	}
	all := make([]int, len(recs))
	for i := range all {
		all[i] = i
	}
	fit, folds, seeds := s.Fit, s.Folds, s.Seeds
	if c.Smoke {
		fit.MaxEpochs, fit.MinEpochs, folds, seeds = 5, 1, 2, 1
	}
	wide := fit
	wide.Wide = true
	recipes := map[string]string{
		candLR: fmt.Sprintf("standardised L2 logistic regression (Newton's method); C chosen from %s by the log loss of an inner %d-fold CV inside each training fold", joinG(lrGrid), cvFolds),
		candMLP: fmt.Sprintf("ensemble of %d MLPs (%d folds x %d seeds), %s -> 1 logit, dropout %g, Adam lr %g, weight decay %g, batch %s, early stopping (patience %d); Platt scaling on out-of-fold logits",
			folds*seeds, folds, seeds, hiddenString(fit.Hidden), fit.Dropout, fit.LR, fit.WeightDecay, batchString(fit.Batch), fit.Patience),
		candWide: fmt.Sprintf("as mlp, each member's output plus a linear part on the same inputs (wide and deep), trained jointly; merged exactly into one ReLU MLP (%s) for shipping", hiddenString(widen(fit.Hidden, enc.Width))),
	}
	var members []*engine.Sequential
	cal := calibration{A: 1}
	var arch, training string
	switch win {
	case candLR:
		m, C := tuneLogReg(x, all, y, c.Seed*7919+999)
		members = []*engine.Sequential{m.asNetwork()}
		arch = fmt.Sprintf("logistic regression written as a network with no hidden layer: %d standardised inputs -> 1 logit; no recalibration (a logistic regression's probabilities are its own fit)", enc.Width)
		training = fmt.Sprintf("L2-penalised maximum likelihood by Newton's method on all %d rows of train.csv; C = %g chosen from %s by the log loss of a %d-fold stratified CV on all rows (seed %d)", len(recs), C, joinG(lrGrid), cvFolds, c.Seed)
	default:
		f := fit
		if win == candWide {
			f = wide
		}
		e := fitBinaryEnsemble(f, folds, seeds, x, all, y, c.Seed, prog.Stage("final"))
		members, cal = e.members, calibration{A: e.a, B: e.b}
		hidden := f.Hidden
		if f.Wide {
			hidden = widen(f.Hidden, enc.Width)
		}
		arch = fmt.Sprintf("%s: ensemble of %d networks (%d folds x %d seeds), each %d inputs -> %s -> 1 logit; member logits averaged, then Platt scaling (a %.4f, b %.4f)",
			win, len(members), folds, seeds, enc.Width, hiddenString(hidden), e.a, e.b)
		training = fmt.Sprintf("Adam (lr %g, decoupled weight decay %g), binary cross-entropy, batch %s, up to %d epochs with early stopping (patience %d) on the held-out fold; %d-fold cross-fitting on all %d rows of train.csv, seeds derived from %d",
			f.LR, f.WeightDecay, batchString(f.Batch), f.MaxEpochs, f.Patience, folds, len(recs), c.Seed)
	}
	meta := map[string]string{
		clinical.MetaModel: s.Name, clinical.MetaVersion: s.Version,
		clinical.MetaPreprocess: mustJSON(marshalEncoder(enc)), clinical.MetaCalibration: mustJSON(marshalCalibration(cal)),
		clinical.MetaBaseline: mustJSON(marshalFloats(base)), clinical.MetaLabels: mustJSON(marshalStrings(s.Labels[:])),
	}
	p, weights, err := s.save(members, meta)
	if err != nil {
		return nil, err
	}
	card := s.Card
	card.Name, card.Title, card.Version = s.Name, s.Title, s.Version
	card.Data.Rows = len(recs)
	card.Inputs = s.Schema.Features()
	card.Labels = s.Labels[:]
	card.Preprocess = describePreprocess(s.Schema.Fields, enc)
	card.Architecture = arch
	card.Parameters = p.ens.Params()
	card.Training = training
	card.Selection = cv.selection(recipes, c.Seed)
	// The validation figures are the winner's out-of-fold predictions of
	// the first CV repeat: every row predicted by a model that never saw
	// it, n = all of train.csv.
	split := fmt.Sprintf("out-of-fold, %d-fold stratified CV (repeat 1 of %d) on all of train.csv, seed %d", cvFolds, cv.repeats, c.Seed)
	prob := cv.oof[win]
	card.Metrics = binaryMetrics(prob, y, split, c.Seed)
	card.Baselines = nil
	for _, cand := range candidates {
		if cand == win {
			continue
		}
		for _, m := range binaryMetrics(cv.oof[cand], y, cand+"; "+split, c.Seed) {
			m.Name = cand + "_" + m.Name
			card.Baselines = append(card.Baselines, m)
		}
	}
	bins, ece := metrics.Reliability(prob, y, 10)
	for i := range bins {
		bins[i].MeanPred, bins[i].FracTrue = task.Round4(bins[i].MeanPred), task.Round4(bins[i].FracTrue)
	}
	card.Calibration = &clinical.Calibration{
		Method: "out-of-fold probabilities of the first CV repeat, each calibrated inside its training fold (10 equal-width bins)",
		ECE:    task.Round4(ece), Brier: task.Round4(metrics.Brier(prob, y)), Bins: bins,
	}
	card.Disclaimer = clinical.Disclaimer
	prog.Printf("winner %s; %s", win, card.Selection.Verdict)
	return &task.Trained{Weights: weights, Card: card}, nil
}

// widen is the hidden widths of a wide-and-deep member once merged.
func widen(h []int, inputs int) []int {
	out := make([]int, len(h))
	for i, v := range h {
		out[i] = v + 2*inputs
	}
	return out
}

func pickInt(v []int, idx []int) []int {
	out := make([]int, len(idx))
	for i, k := range idx {
		out[i] = v[k]
	}
	return out
}

// binaryMetrics measures the eval metrics with bootstrap intervals.
func binaryMetrics(prob []float64, y []bool, split string, seed uint64) []clinical.Metric {
	sub := func(idx []int) ([]float64, []bool) {
		p, t := make([]float64, len(idx)), make([]bool, len(idx))
		for i, k := range idx {
			p[i], t[i] = prob[k], y[k]
		}
		return p, t
	}
	n := len(prob)
	stat := map[string]func(p []float64, t []bool) float64{
		"accuracy":    func(p []float64, t []bool) float64 { return metrics.Threshold(p, t, 0.5).Accuracy },
		"auc":         metrics.AUC,
		"sensitivity": func(p []float64, t []bool) float64 { return metrics.Threshold(p, t, 0.5).Sensitivity },
		"specificity": func(p []float64, t []bool) float64 { return metrics.Threshold(p, t, 0.5).Specificity },
		"brier":       metrics.Brier,
	}
	var out []clinical.Metric
	for _, name := range []string{"accuracy", "auc", "sensitivity", "specificity", "brier"} {
		f := stat[name]
		out = append(out, task.MeasureCI(name, n, split, seed, func(idx []int) float64 { return f(sub(idx)) }))
	}
	return out
}

// describePreprocess lists the learned preprocessing steps for a card.
func describePreprocess(fields []task.Field, enc *Encoder) []string {
	var out []string
	for j, c := range enc.Columns {
		f := fields[j]
		var st []string
		if f.ZeroMissing {
			st = append(st, "0 means missing")
		}
		if f.Optional || f.ZeroMissing {
			kind := "median"
			if c.OneHot {
				kind = "mode"
			}
			st = append(st, fmt.Sprintf("missing imputed with the training %s %g", kind, c.Impute))
		}
		if c.Indicator {
			st = append(st, "plus a missingness indicator")
		}
		if c.OneHot {
			st = append(st, "one-hot over "+joinG(c.Levels))
		} else {
			tr := ""
			if c.Clip {
				tr = fmt.Sprintf("clamped to the training range %g to %g, then ", c.Lo, c.Hi)
			}
			if c.Log {
				tr += "log1p, then "
			}
			st = append(st, fmt.Sprintf("%sstandardised (mean %.4g, sd %.4g)", tr, c.Mean, c.SD))
		}
		out = append(out, c.Name+": "+strings.Join(st, "; "))
	}
	return out
}

func joinG(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strings.Join(s, ", ")
}

// hiddenString describes hidden layers for a card.
func hiddenString(h []int) string {
	s := make([]string, len(h))
	for i, v := range h {
		s[i] = fmt.Sprintf("Dense %d + ReLU", v)
	}
	return strings.Join(s, " -> ")
}

func batchString(b int) string {
	if b <= 0 {
		return "full"
	}
	return strconv.Itoa(b)
}

func pick(r []task.Record, idx []int) []task.Record {
	out := make([]task.Record, len(idx))
	for i, k := range idx {
		out[i] = r[k]
	}
	return out
}

func pickBool(v []bool, idx []int) []bool {
	out := make([]bool, len(idx))
	for i, k := range idx {
		out[i] = v[k]
	}
	return out
}

// fmtNum formats a number for a message's Args.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Params counts the model's trainable parameters, as its card does.
func (p *Predictor) Params() int { return p.ens.Params() }
