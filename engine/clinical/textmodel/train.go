package textmodel

import (
	"math"

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical/textmodel/textnet"
	"github.com/bedside-health/bedside/nlp"
)

// Config is a text model's architecture and training recipe.
type Config struct {
	// Recurrent branch: embedding → BiGRU → additive attention pooling.
	Embed, Hidden, Attention int
	Dropout                  float64 // on the pooled vector
	WordDropout              float64 // training tokens replaced by OOV
	MinCount, MaxVocab       int     // recurrent vocabulary
	MaxTokens                int     // terms the recurrent branch reads

	// Wide branch: TF-IDF bag of stems whose linear logits are added to the
	// recurrent ones (the same as concatenating both representations
	// before the output layer). WideMax 0 means no wide branch.
	WideMinDF, WideMax int
	Bigrams            bool

	// LateFusion trains the wide branch on its own (TF-IDF logistic
	// regression, WideEpochs epochs) instead of jointly, and adds the
	// recurrent logits scaled by RNNWeight to its logits. Joint training
	// lets the wide branch fit the training set alone and starves the
	// recurrent one of gradient; trained apart, each learns everything it
	// can and the sum combines two different views.
	LateFusion bool
	WideEpochs int
	RNNWeight  float64

	Epochs, Batch   int
	LR, WideLR      float64
	WeightDecay     float64
	ClassWeights    bool // inverse-frequency weights, for macro-F1
	LabelSmoothing  float64
	Members         int // seed ensemble size
	ValidationShare float64

	// Int8 stores the embedding and the wide weights as int8 rows (see
	// engine.QuantizeRows), a quarter of their float32 bytes. Members are
	// rounded right after training, so validation, calibration and the
	// card describe the model as shipped.
	Int8 bool
}

// trainedMember is one trained network of the ensemble.
type trainedMember struct {
	Net  *textnet.Classifier
	Wide *engine.SparseLinear // nil without a wide branch

	Int8 bool // Quantize has rounded its big weights to int8 rows
}

// int8Params are the weights Config.Int8 stores as int8 rows: the
// embedding table and the wide weights, most of a text model's bytes.
var int8Params = map[string]bool{"emb.weight": true, "wide.weight": true}

// Params are the network's parameters, then the wide branch's if any.
func (m *trainedMember) Params() []*engine.Param {
	ps := m.Net.Params()
	if m.Wide != nil {
		ps = append(ps, m.Wide.Params()...)
	}
	return ps
}

// Quantize rounds the member's embedding and wide weights to int8 rows in
// place; encode then writes them as such.
func (m *trainedMember) Quantize() {
	for _, p := range m.Params() {
		if int8Params[p.Name] {
			engine.QuantizeRows(p.Name, p.Shape, p.Value)
		}
	}
	m.Int8 = true
}

// encoded is a data set in model form.
type encoded struct {
	IDs  [][]int
	Bags []engine.Sparse
	Y    []int
}

// Subset returns the rows idx of e.
func (e *encoded) Subset(idx []int) *encoded {
	out := &encoded{}
	for _, i := range idx {
		out.IDs = append(out.IDs, e.IDs[i])
		if e.Bags != nil {
			out.Bags = append(out.Bags, e.Bags[i])
		}
		out.Y = append(out.Y, e.Y[i])
	}
	return out
}

// featureSet holds what turns terms into model inputs: the recurrent
// vocabulary and the wide bag.
type featureSet struct {
	Vocab     *nlp.Vocabulary
	Wide      *wideBranch // nil without a wide branch
	MaxTokens int
}

// buildFeatures learns the vocabularies from the training documents only.
func buildFeatures(docs [][]string, c Config) *featureSet {
	f := &featureSet{MaxTokens: c.MaxTokens}
	f.Vocab = nlp.BuildVocabulary(docs, nlp.VocabOptions{MinCount: c.MinCount, MaxSize: c.MaxVocab})
	if c.WideMax > 0 {
		f.Wide = buildWide(docs, c.WideMinDF, c.WideMax, c.Bigrams)
	}
	return f
}

// IDs maps the terms the recurrent branch reads (the first MaxTokens).
func (f *featureSet) IDs(terms []string) []int {
	if f.MaxTokens > 0 && len(terms) > f.MaxTokens {
		terms = terms[:f.MaxTokens]
	}
	return f.Vocab.IDs(terms)
}

// Encode turns documents and labels into model inputs: docs (all terms)
// feed the wide branch, reads (what the preprocessor chose) the recurrent one.
func (f *featureSet) Encode(docs, reads [][]string, y []int) *encoded {
	e := &encoded{Y: y}
	for i, d := range docs {
		e.IDs = append(e.IDs, f.IDs(reads[i]))
		if f.Wide != nil {
			e.Bags = append(e.Bags, f.Wide.Bag(d))
		}
	}
	return e
}

// progressFunc receives one call per epoch with the member being trained (to
// measure it on validation data, say).
type progressFunc func(member, epoch int, loss float64, m *trainedMember)

// trainMember trains one network with its own seed. Everything random
// (initialisation, batches, dropout, word dropout) comes from seed, and the
// loop is sequential, so the same seed gives the same weights bit for bit.
func trainMember(f *featureSet, tr *encoded, classes int, c Config, seed uint64, member int, progress progressFunc) *trainedMember {
	rng := engine.NewRand(seed)
	m := &trainedMember{Net: textnet.New(rng, textnet.Config{
		Vocab: f.Vocab.Len(), Embed: c.Embed, Hidden: c.Hidden, Attention: c.Attention,
		Classes: classes, Pad: nlp.PadID, Dropout: c.Dropout,
	})}
	ps := m.Net.Params()
	opt := engine.NewAdam(c.LR)
	opt.WeightDecay = c.WeightDecay
	var wideOpt *engine.Adam
	if f.Wide != nil && !c.LateFusion {
		m.Wide = engine.NewSparseLinear(rng, "wide", f.Wide.Dim(), classes)
		wideOpt = engine.NewAdam(c.WideLR)
	}
	loss := engine.CrossEntropy{Smoothing: c.LabelSmoothing}
	if c.ClassWeights {
		loss.ClassWeights = inverseFrequency(tr.Y, classes)
	}
	for ep := 0; ep < c.Epochs; ep++ {
		// cosine decay to a tenth of the rate over the run
		scale := 0.1 + 0.9*0.5*(1+math.Cos(math.Pi*float64(ep)/float64(c.Epochs)))
		opt.LR = c.LR * scale
		if wideOpt != nil {
			wideOpt.LR = c.WideLR * scale
		}
		var sum float64
		var n int
		for _, idx := range engine.Batches(rng, len(tr.Y), c.Batch) {
			seqs := make([][]int, len(idx))
			labels := make([]int, len(idx))
			for i, j := range idx {
				seqs[i] = wordDropout(rng, tr.IDs[j], c.WordDropout)
				labels[i] = tr.Y[j]
			}
			engine.ZeroGrad(ps)
			logits, _ := m.Net.Forward(seqs, true)
			if m.Wide != nil {
				engine.ZeroGrad(m.Wide.Params())
				bags := make([]engine.Sparse, len(idx))
				for i, j := range idx {
					bags[i] = tr.Bags[j]
				}
				logits.Add(logits, m.Wide.Forward(bags))
			}
			l, d := loss.Loss(logits, labels)
			m.Net.Backward(d)
			engine.ClipGradNorm(ps, 5)
			opt.Step(ps)
			if m.Wide != nil {
				m.Wide.Backward(d)
				wideOpt.Step(m.Wide.Params())
			}
			sum += l * float64(len(idx))
			n += len(idx)
		}
		if progress != nil {
			progress(member, ep+1, sum/float64(n), m)
		}
	}
	if f.Wide != nil && c.LateFusion {
		for _, p := range m.Net.Out.Params() {
			for i := range p.Value {
				p.Value[i] *= c.RNNWeight
			}
		}
		m.Wide = engine.TrainLinear("wide", tr.Bags, tr.Y, f.Wide.Dim(), classes, engine.LinearConfig{
			Epochs: c.WideEpochs, Batch: c.Batch, LR: c.WideLR, WeightDecay: 1e-4, Seed: seed + 7})
	}
	return m
}

// wordDropout replaces each real token by OOV with probability p, so the
// network cannot lean on a single word. It always draws one number per
// token so the random stream does not depend on the data's values.
func wordDropout(rng interface{ Float64() float64 }, ids []int, p float64) []int {
	if p == 0 {
		return ids
	}
	out := make([]int, len(ids))
	for i, id := range ids {
		if rng.Float64() < p {
			id = nlp.OOVID
		}
		out[i] = id
	}
	return out
}

func inverseFrequency(y []int, classes int) []float64 {
	count := make([]float64, classes)
	for _, c := range y {
		count[c]++
	}
	w := make([]float64, classes)
	for k, c := range count {
		if c > 0 {
			w[k] = float64(len(y)) / (float64(classes) * c)
		}
	}
	return w
}

// Logits returns the member's logits (float64) for a set, in batches.
func (m *trainedMember) Logits(e *encoded) [][]float64 {
	out := make([][]float64, 0, len(e.IDs))
	const batch = 64
	for s := 0; s < len(e.IDs); s += batch {
		end := min(s+batch, len(e.IDs))
		logits, _ := m.Net.Forward(e.IDs[s:end], false)
		if m.Wide != nil {
			logits.Add(logits, m.Wide.Forward(e.Bags[s:end]))
		}
		for i := 0; i < end-s; i++ {
			out = append(out, append([]float64(nil), logits.RawRowView(i)...))
		}
	}
	return out
}

// ensembleLogProbs averages the members' probabilities and returns their
// log, the "logits" that temperature scaling rescales.
func ensembleLogProbs(members []*trainedMember, e *encoded) [][]float64 {
	var avg [][]float64
	for _, m := range members {
		for i, row := range m.Logits(e) {
			if avg == nil {
				avg = make([][]float64, len(e.IDs))
			}
			if avg[i] == nil {
				avg[i] = make([]float64, len(row))
			}
			p := make([]float64, len(row))
			engine.SoftmaxTo(p, row)
			for k := range p {
				avg[i][k] += p[k] / float64(len(members))
			}
		}
	}
	for _, row := range avg {
		for k, p := range row {
			row[k] = math.Log(math.Max(p, 1e-12))
		}
	}
	return avg
}
