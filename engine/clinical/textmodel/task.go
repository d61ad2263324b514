package textmodel

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
	"github.com/bedside-health/bedside/engine/metrics"
	"github.com/bedside-health/bedside/nlp"
)

// TaskSpec describes one text model for the task registry: its data, its
// recipe, and the hand-written parts of its card (everything measured is
// filled in by Train).
type TaskSpec struct {
	Name, Title, Version, Dataset string
	Columns                       Columns
	Config                        Config
	MaxRunes                      int
	MinConfidence                 float64
	DropUnasserted                bool
	// Pipeline is the nlp pipeline spec the model normalises text with,
	// stored in the weights; empty means nlp.DefaultSpec (English).
	Pipeline string
	// Tuning says how the recipe was chosen, for the card; empty means the
	// text models' usual few runs on splits with seeds 1 to 3.
	Tuning string
	// CVFolds, when above 1, scores the recipe against TF-IDF with
	// logistic regression by stratified k-fold cross-validation on all the
	// rows, for the card's selection table (select.go).
	CVFolds int
	Card    clinical.Card // Summary, IntendedUse, Users, OutOfScope, Data, Limitations, TriageRules
	// Extend, if set, adds model-specific measurements to the card (e.g.
	// how often the symptom model's red flags fire on the training texts).
	Extend func(card *clinical.Card, ex []Example)
	// About: the input may carry the structured step's clinical.About,
	// which Register's post receives.
	About bool
	// Measure, if set, adds measurements of the finished model (with its
	// post hook) to the card: it gets the predictor built from the new
	// weights and the validation rows. It cannot change the weights.
	Measure func(card *clinical.Card, p clinical.Predictor, validation []Example) error

	post func(text string, about *clinical.About, p *clinical.TextPrediction)
}

// Register adds the model to the task registry and the clinical loader
// registry. post is passed to every predictor (nil for none).
func Register(s *TaskSpec, post func(text string, about *clinical.About, p *clinical.TextPrediction)) {
	s.post = post
	clinical.Register(s.Name, func(w []byte) (clinical.Predictor, error) {
		p, err := newPredictor(w, post)
		if err != nil {
			return nil, err
		}
		p.About = s.About
		if p.M.Name != s.Name {
			return nil, &clinical.Error{Op: "load " + s.Name, Kind: clinical.Corrupt, Err: fmt.Errorf("the weights are for model %q", p.M.Name)}
		}
		return p, nil
	})
	if !task.Trainable {
		return
	}
	task.Register(&task.Task{
		Name: s.Name, Title: s.Title, Kind: task.Text, Version: s.Version, Dataset: s.Dataset,
		Train: s.Train, Validation: s.validation,
		Read: func(r io.Reader, o task.ReadOptions) (*task.Table, error) {
			return readCSV(r, s.Columns, s.MaxRunes, o)
		},
	})
}

// smokeConfig shrinks a recipe to a run of seconds.
func smokeConfig(c Config) Config {
	c.Epochs, c.Members = 2, 1
	if c.WideEpochs > 2 {
		c.WideEpochs = 2
	}
	c.Embed, c.Hidden, c.Attention = 8, 8, 8
	if c.MaxTokens == 0 || c.MaxTokens > 32 {
		c.MaxTokens = 32
	}
	return c
}

// Train fits the model on the stratified training part of
// <DataDir>/<Dataset>/train.csv, calibrates it and measures it on the
// validation part, and returns the weights and the card.
func (s *TaskSpec) Train(tc task.Config) (*task.Trained, error) {
	path := filepath.Join(tc.DataDir, s.Dataset, "train.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	ex, err := loadExamples(f, s.Columns, s.MaxRunes)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if tc.Smoke {
		ex = perClass(ex, 6)
	}
	tr, err := s.trainExamples(ex, tc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tr, nil
}

// trainExamples is Train on examples already in memory.
func (s *TaskSpec) trainExamples(ex []Example, tc task.Config) (*task.Trained, error) {
	start := time.Now()
	c := s.Config
	if tc.Smoke {
		c = smokeConfig(c)
	}
	labels, y := labelIDs(ex)
	if len(labels) < 2 {
		return nil, fmt.Errorf("needs at least two classes, found %d", len(labels))
	}
	share := c.ValidationShare
	if share == 0 {
		share = 0.2
	}
	trIdx, vaIdx := task.StratifiedSplit(y, share, tc.Seed)
	prep, err := newPreprocessor(s.pipeline(), s.DropUnasserted)
	if err != nil {
		return nil, err
	}
	prep.MaxRead = c.MaxTokens
	docs := make([][]string, len(ex))
	reads := make([][]string, len(ex))
	for i, e := range ex {
		p := prep.Prepare(e.Text)
		docs[i], reads[i] = termTexts(p.Terms), termTexts(p.Read)
	}
	trDocs, trReads, yTr := pickRows(trIdx, docs, reads, y)
	vaDocs, vaReads, yVa := pickRows(vaIdx, docs, reads, y)
	feat := buildFeatures(trDocs, c)
	tr, va := feat.Encode(trDocs, trReads, yTr), feat.Encode(vaDocs, vaReads, yVa)

	prog := task.NewProgress(tc.Progress, s.Name, c.Epochs*c.Members, max(1, c.Epochs/5))
	if tc.Progress == nil {
		prog = task.NewProgress(nil, s.Name, 1, 1)
	}
	prog.Printf("%d rows, %d classes; train %d, validation %d; vocabulary %d, wide %d", len(ex), len(labels), len(trIdx), len(vaIdx), feat.Vocab.Len(), wideDim(feat))
	var members []*trainedMember
	every := max(1, c.Epochs/5)
	for k := 0; k < c.Members; k++ {
		stage := prog.Stage(fmt.Sprintf("member %d/%d", k+1, c.Members))
		m := trainMember(feat, tr, len(labels), c, tc.Seed*1000+uint64(k), k, func(_, epoch int, loss float64, m *trainedMember) {
			acc := -1.0
			if epoch%every == 0 || epoch == c.Epochs {
				acc = accuracyOf(m.Logits(va), yVa)
			}
			stage.Epoch(epoch, c.Epochs, loss, "accuracy", acc)
		})
		if c.Int8 {
			m.Quantize()
		}
		members = append(members, m)
	}
	lp := ensembleLogProbs(members, va)
	temp := metrics.FitTemperature(lp, yVa)
	probs := engine.SoftmaxRows(lp, temp)

	split := fmt.Sprintf("validation (%.0f%%, stratified by class, seed %d)", 100*share, tc.Seed)
	card := s.Card
	card.Labels = labels
	card.Metrics = classMetrics(probs, yVa, split, tc.Seed)
	card.Calibration = calibration(probs, yVa, temp)
	prog.Printf("validation accuracy %.4f, macro-F1 %.4f, top-3 %.4f, temperature %.3f",
		card.Metrics[0].Value, card.Metrics[1].Value, card.Metrics[2].Value, temp)

	// The classic baselines on the same split: TF-IDF (unigrams, and
	// unigrams with bigrams) and multinomial logistic regression.
	for _, b := range []struct {
		prefix  string
		bigrams bool
	}{{"tfidf_logreg_", true}, {"tfidf_unigram_logreg_", false}} {
		lcfg := baselineConfig(tc.Seed)
		if tc.Smoke {
			lcfg.Epochs = 2
		}
		ms := classMetrics(logregProbs(trDocs, yTr, vaDocs, len(labels), b.bigrams, lcfg), yVa, split, tc.Seed)
		for _, m := range ms {
			m.Name = b.prefix + m.Name
			card.Baselines = append(card.Baselines, m)
		}
		prog.Printf("baseline %s: accuracy %.4f, macro-F1 %.4f", strings.TrimSuffix(b.prefix, "_"), ms[0].Value, ms[1].Value)
	}

	if s.CVFolds > 1 && !tc.Smoke {
		card.Selection = crossValidate(docs, reads, y, len(labels), c, tc.Seed, s.CVFolds, prog)
	}

	params := 0
	for _, m := range members {
		for _, p := range m.Params() {
			params += len(p.Value)
		}
	}
	card.Parameters = params
	card.Architecture = architecture(c, feat, len(labels))
	card.Preprocess = s.preprocessing(c)
	wideHow := fmt.Sprintf("wide branch jointly, lr %g", c.WideLR)
	if c.LateFusion {
		wideHow = fmt.Sprintf("wide branch apart: %d epochs of AdamW, lr %g, weight decay 1e-4", c.WideEpochs, c.WideLR)
	}
	card.Training = fmt.Sprintf("%d-member seed ensemble (seeds %d..%d), each trained %d epochs with AdamW (lr %g, cosine decay to a tenth; %s), cross-entropy, batch %d, gradient clipping 5, dropout %.2f on the pooled vector, word dropout %.2f%s%s; %d training rows; probabilities averaged over members then temperature-scaled on the validation part. Deterministic: same seed, same bytes.",
		c.Members, tc.Seed*1000, tc.Seed*1000+uint64(c.Members-1), c.Epochs, c.LR, wideHow, c.Batch, c.Dropout, c.WordDropout,
		cond(c.ClassWeights, ", inverse-frequency class weights", ""), cond(c.LabelSmoothing > 0, fmt.Sprintf(", label smoothing %g", c.LabelSmoothing), ""), len(trIdx))
	tuning := s.Tuning
	if tuning == "" {
		tuning = "The recipe (sizes, epochs, learning rates) was chosen from a few runs on 80/20 splits with seeds 1 to 3, the reported split among them, so the validation figures may be slightly optimistic."
	}
	card.Training += " " + tuning
	card.Data.Rows = len(ex)
	if s.Extend != nil {
		s.Extend(&card, ex)
	}
	if tc.Smoke {
		card.Limitations = append([]string{"SMOKE RUN: trained for seconds on a tiny subset; not fit for any use."}, card.Limitations...)
	}
	w, err := encode(fileHeader{
		Name: s.Name, Version: s.Version, Labels: labels, Spec: s.pipeline(), MaxRunes: s.MaxRunes,
		Bigrams: c.Bigrams, Temperature: temp, MinConfidence: s.MinConfidence, DropUnasserted: s.DropUnasserted,
	}, feat, members)
	if err != nil {
		return nil, err
	}
	if s.Measure != nil {
		p, err := newPredictor(w, s.post)
		if err != nil {
			return nil, err
		}
		p.About = s.About
		val := make([]Example, len(vaIdx))
		for i, j := range vaIdx {
			val[i] = ex[j]
		}
		if err := s.Measure(&card, p, val); err != nil {
			return nil, fmt.Errorf("%s: measuring the trained model: %w", s.Name, err)
		}
	}
	prog.Printf("weights %d bytes, %d parameters, trained in %s", len(w), params, time.Since(start).Round(100*time.Millisecond))
	return &task.Trained{Weights: w, Card: card}, nil
}

func cond(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func wideDim(f *featureSet) int {
	if f.Wide == nil {
		return 0
	}
	return f.Wide.Dim()
}

func (s *TaskSpec) pipeline() string {
	if s.Pipeline == "" {
		return pipelineSpec
	}
	return s.Pipeline
}

func (s *TaskSpec) preprocessing(c Config) []string {
	if s.pipeline() == nlp.ZhSpec {
		return s.preprocessingZh(c)
	}
	out := []string{
		"Unicode tokenization with character offsets (nlp.Tokenize)",
		"clinical context (nlp.AnalyzeNote): negation, temporality, experiencer and section of each lexicon finding",
	}
	if s.DropUnasserted {
		out = append(out, "findings that are negated, past, hypothetical or someone else's are removed before the classifier (\"rash but no fever\" reads as \"rash\")")
	}
	out = append(out,
		"normalisation "+pipelineSpec+": clinical abbreviations expanded, lowercased, numbers to <num>, punctuation and stopwords dropped (negation words kept), Snowball English stemming",
		fmt.Sprintf("recurrent branch: vocabulary of stems seen at least %d times in the training part (at most %d ids with <pad> and <unk>)%s", c.MinCount, c.MaxVocab,
			cond(c.MaxTokens > 0, fmt.Sprintf("; it reads at most %d terms, chosen by section: text before any heading and the note's specific sections (complaint, present illness, diagnoses, procedures, findings, assessment) before generic ones (past history, medications, allergies, social and family history, review of systems, examination)", c.MaxTokens), "")),
	)
	if c.WideMax > 0 {
		out = append(out, fmt.Sprintf("wide branch: sublinear TF-IDF over %s in at least %d training documents (at most %d), L2-normalised",
			cond(c.Bigrams, "stems and stem bigrams", "stems"), c.WideMinDF, c.WideMax))
	}
	return out
}

func (s *TaskSpec) preprocessingZh(c Config) []string {
	out := []string{
		"Unicode tokenization with character offsets (nlp.Tokenize): each Han character one token, Latin words and numbers whole",
		"clinical context (nlp.AnalyzeNote, Chinese path): negation, temporality and experiencer of each lexicon finding, shown with the answer",
		"normalisation " + nlp.ZhSpec + ": full-width letters and digits folded to ASCII, Latin words lowercased, numbers to <num>, punctuation dropped; no word segmentation and no stopwords",
		fmt.Sprintf("recurrent branch: vocabulary of characters and Latin words seen at least %d times in the training part (at most %d ids with <pad> and <unk>)%s", c.MinCount, c.MaxVocab,
			cond(c.MaxTokens > 0, fmt.Sprintf("; it reads at most %d of them (the title comes first)", c.MaxTokens), "")),
	}
	if c.WideMax > 0 {
		out = append(out, fmt.Sprintf("wide branch: sublinear TF-IDF over %s in at least %d training documents (at most %d), L2-normalised",
			cond(c.Bigrams, "characters and character bigrams", "characters"), c.WideMinDF, c.WideMax))
	}
	return out
}

func architecture(c Config, f *featureSet, classes int) string {
	a := fmt.Sprintf("embedding %dx%d -> bidirectional GRU %d per direction -> additive attention pooling (width %d; its weights are the per-token explanation) -> dropout %.2f -> dense %d",
		f.Vocab.Len(), c.Embed, c.Hidden, c.Attention, c.Dropout, classes)
	switch {
	case f.Wide != nil && c.LateFusion:
		a += fmt.Sprintf("; plus a wide branch: logistic regression (dense %d) over the %d-feature TF-IDF bag, trained on its own; the recurrent logits, scaled by %g, are added to its logits before the softmax", classes, f.Wide.Dim(), c.RNNWeight)
	case f.Wide != nil:
		a += fmt.Sprintf("; plus a wide branch: dense %d over the %d-feature TF-IDF bag, trained jointly, its logits added before the softmax", classes, f.Wide.Dim())
	}
	a += fmt.Sprintf("; softmax with temperature; %d-member ensemble", c.Members)
	if c.Int8 {
		a += "; embedding and wide weights stored as int8 with a float32 scale per row (a quarter of the bytes; the figures below are of the stored model)"
	}
	return a
}

// perClass keeps the first n examples of each class (smoke runs).
func perClass(ex []Example, n int) []Example {
	seen := map[string]int{}
	var out []Example
	for _, e := range ex {
		if seen[e.Label] < n {
			seen[e.Label]++
			out = append(out, e)
		}
	}
	return out
}

// labelIDs numbers the labels in sorted order.
func labelIDs(ex []Example) ([]string, []int) {
	set := map[string]bool{}
	for _, e := range ex {
		set[e.Label] = true
	}
	labels := make([]string, 0, len(set))
	for l := range set {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	id := map[string]int{}
	for i, l := range labels {
		id[l] = i
	}
	y := make([]int, len(ex))
	for i, e := range ex {
		y[i] = id[e.Label]
	}
	return labels, y
}

func accuracyOf(logits [][]float64, y []int) float64 {
	right := 0
	for i, l := range logits {
		if argmax(l) == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y))
}

func argmax(p []float64) int {
	best := 0
	for k := range p {
		if p[k] > p[best] {
			best = k
		}
	}
	return best
}

// classMetrics measures accuracy, macro-F1 and top-3 accuracy with 95%
// bootstrap intervals.
func classMetrics(probs [][]float64, y []int, split string, seed uint64) []clinical.Metric {
	pred := make([]int, len(probs))
	for i, p := range probs {
		pred[i] = argmax(p)
	}
	sub := func(idx []int) ([]int, []int, [][]float64) {
		p, t, pr := make([]int, len(idx)), make([]int, len(idx)), make([][]float64, len(idx))
		for i, j := range idx {
			p[i], t[i], pr[i] = pred[j], y[j], probs[j]
		}
		return p, t, pr
	}
	n := len(y)
	return []clinical.Metric{
		task.MeasureCI("accuracy", n, split, seed, func(idx []int) float64 { p, t, _ := sub(idx); return metrics.Accuracy(p, t) }),
		task.MeasureCI("macro_f1", n, split, seed, func(idx []int) float64 { p, t, _ := sub(idx); return metrics.MacroF1(p, t) }),
		task.MeasureCI("top3_accuracy", n, split, seed, func(idx []int) float64 { _, t, pr := sub(idx); return metrics.TopKAccuracy(pr, t, 3) }),
	}
}

// calibration is the top-label reliability table: confidence of the most
// likely class against how often it was right.
func calibration(probs [][]float64, y []int, temp float64) *clinical.Calibration {
	conf := make([]float64, len(probs))
	right := make([]bool, len(probs))
	var brier float64
	for i, p := range probs {
		k := argmax(p)
		conf[i], right[i] = p[k], k == y[i]
		for c, v := range p {
			t := 0.0
			if c == y[i] {
				t = 1
			}
			brier += (v - t) * (v - t)
		}
	}
	bins, ece := metrics.Reliability(conf, right, 10)
	for i := range bins {
		bins[i].MeanPred, bins[i].FracTrue = task.Round4(bins[i].MeanPred), task.Round4(bins[i].FracTrue)
	}
	return &clinical.Calibration{
		Method:      "temperature scaling of the ensemble's averaged probabilities, fitted on the validation part (so the ECE, measured on the same rows, is optimistic); table: confidence of the top class vs. how often it was right",
		Temperature: task.Round4(temp), ECE: task.Round4(ece), Brier: task.Round4(brier / float64(len(probs))), Bins: bins,
	}
}
