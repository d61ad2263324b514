package symptom

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/textmodel"
	"github.com/bedside-health/bedside/engine/jsonval"
	"github.com/bedside-health/bedside/nlp"
	"github.com/bedside-health/bedside/nlp/rx"
)

// Name is the model's manifest name.
const Name = "symptom"

// MaxRunes bounds a description: the training texts are under 320
// characters, so 5,000 is room for a long, detailed account.
const MaxRunes = 5000

// Spec is the symptom checker's recipe and card.
var Spec = &textmodel.TaskSpec{
	CVFolds: 5,
	Name:    Name, Title: "Symptom checker (24 common diseases)", Version: "1.0.0", Dataset: "symptom2disease",
	Columns:  textmodel.Columns{Label: "label", Text: []string{"text"}},
	MaxRunes: MaxRunes,
	// Below this calibrated top probability the answer is flagged uncertain.
	MinConfidence:  0.5,
	DropUnasserted: true,
	Config: textmodel.Config{
		Embed: 32, Hidden: 32, Attention: 32, Dropout: 0.3, WordDropout: 0.1,
		MinCount: 2, MaxVocab: 4000,
		WideMinDF: 2, WideMax: 20000, Bigrams: false,
		LateFusion: true, WideEpochs: 40, RNNWeight: 0.3,
		Epochs: 20, Batch: 32, LR: 3e-3, WideLR: 0.05,
		Members: 3, Int8: true,
	},
	Card: clinical.Card{
		Summary:     "Reads a patient's own description of their symptoms and lists which of 24 common diseases it most resembles, with how urgent it may be.",
		IntendedUse: "Education and research: showing how a description of symptoms relates to 24 common conditions, with red-flag triage that always routes emergencies to emergency services. For adults describing their own symptoms in English.",
		Users:       []string{"patients and members of the public, for education", "students and researchers in clinical NLP"},
		OutOfScope: []string{
			"diagnosis or treatment decisions: it is not a medical device and does not replace a clinician",
			"any disease outside its 24 (it will still answer with one of them: most real illnesses are not on its list)",
			"children, pregnancy, and people with serious long-term conditions, whose urgency differs",
			"languages other than English",
			"deciding that something is NOT an emergency: the red-flag rules catch only the signs they list",
		},
		Data: clinical.DataCredit{
			Name:    "Symptom2Disease",
			Source:  "Kaggle \"Symptom2Disease\" by N. R. Barman: short first-person symptom descriptions labelled with one of 24 diseases; 47 exact duplicate texts removed from the 1,200-row set",
			Licence: "not stated by the source; used for research with credit",
			Credit:  "N. R. Barman, Symptom2Disease (Kaggle)",
		},
		Limitations: []string{
			"Knows only 24 diseases; every answer is one of them, whatever the real cause.",
			"Trained on 922 short, templated, partly machine-paraphrased descriptions (\"synthetic-ish\" phrasing): real patients write differently, and accuracy on real descriptions is unknown and certainly lower than on the validation split.",
			"Adults, English only; no age, sex, duration, medication or travel history is taken into account.",
			"Negation, history and family history are handled by rule-based clinical context: findings it misreads may still count (or be dropped).",
			"Red-flag rules are keyword patterns with context; they can miss unusual phrasings and may over-triage (see the triage rules).",
			"Validation figures come from a 20% split of the same data set; the intervals describe sampling noise on that split, not performance in the real world.",
		},
	},
}

func init() {
	Spec.Card.TriageRules = Rules()
	Spec.About = true
	textmodel.Register(Spec, addTriage)
}

// addTriage puts the urgency and red flags on each prediction. When the
// checker abstains, the classifier has no say in the level and its classes
// are dropped: the red flags still run, and without one the level is
// CannotTell.
func addTriage(text string, about *clinical.About, p *clinical.TextPrediction) {
	if abstains(p) {
		// Its classes are no answer, so none is given: a caller reading
		// the JSON must not find "Hypertension 88%" for a chat about
		// football.
		p.Abstain, p.Uncertain = true, true
		p.Classes = []clinical.ClassProb{}
		t := Assess(text, nil, false, NLPContext, about)
		if t.Level == SelfCare {
			t.Level = CannotTell
		}
		if t.Level != Emergency {
			t.Reasons = append(t.Reasons, clinical.Message{Code: clinical.MsgCannotTell})
		}
		p.Triage = &t
		return
	}
	t := Assess(text, p.Classes, p.Uncertain, NLPContext, about)
	p.Triage = &t
}

// The abstention rule, an open-set score made of two measured signals:
// how much of the text the model's vocabulary holds (KnownShare) and
// whether the clinical context step finds any asserted finding, with the
// top class's probability as a third for texts without a finding. A text
// abstains when
//   - fewer than half of its words are in the model's vocabulary (words
//     that only say who the patient is are not counted; see whoWords), or
//   - it has no asserted finding and either fewer than 60% of its words
//     are known or the top class has under 50%.
//
// The thresholds were chosen on testdata/abstention.tsv and
// testdata/abstention2.tsv (texts written for the rule, none from the
// training data) and the validation split; each signal alone was measured
// first (see TestAbstentionRates and the card's abstention section).
const (
	abstainKnownBelow          = 0.5
	abstainNoFindingKnownBelow = 0.6
	abstainNoFindingProbBelow  = 0.5
)

// AbstentionRule says the rule in words, for the model card.
const AbstentionRule = "The checker answers \"cannot tell\" (no condition, no classifier triage level; the red flags still run) when fewer than half of the words it reads are in the model's vocabulary (unknown words that only say who the patient is, such as \"52-year-old woman presents\", are not counted), or when the clinical context step finds no asserted symptom and either fewer than 60% of the words are known or the top condition has under 50%. The thresholds were chosen on the sets below (the second written before the rule was changed), so these rates are in-sample: on new texts expect more misses both ways."

func abstains(p *clinical.TextPrediction) bool {
	known := knownShare(p.Tokens)
	if p.Note != nil && p.Note.Code == clinical.MsgNoKnownWords || known < abstainKnownBelow {
		return true
	}
	for _, f := range p.Findings {
		if f.Negation != "negated" {
			return false
		}
	}
	return len(p.Classes) == 0 || known < abstainNoFindingKnownBelow || p.Classes[0].Prob < abstainNoFindingProbBelow
}

// whoWords say who the patient is ("a 52-year-old woman presents with"),
// as clinical vignettes and people writing for someone else do. The
// training texts are first person, so these words are unknown to the model
// without making the text any less about symptoms: an unknown one is left
// out of the known share instead of counting against it.
var whoWords = rx.MustCompile(rxTable, `(?i)^(?:\d+-(?:year|month|week|day)s?-old|\d+|year|years|month|months|old|aged?|man|woman|men|women|boy|girl|baby|infant|toddler|male|female|gentleman|lady|patient|presents?|presented|presenting|complains?|complaining|reports?|reporting)$`)

// knownShare is the share of the tokens read that the model's vocabulary
// holds, not counting unknown words that only say who the patient is.
func knownShare(tokens []clinical.TokenWeight) float64 {
	known, n := 0, 0
	for _, t := range tokens {
		if !t.Known && whoWords.MatchString(t.Text) {
			continue
		}
		n++
		if t.Known {
			known++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(known) / float64(n)
}

// NLPContext asks the clinical context step about the span: the sentence
// holding it is analysed with the span as the concept.
func NLPContext(text string, start, end int) (string, string, string) {
	sentence, at := text, 0
	for _, s := range nlp.Sentences(text) {
		if s.ByteStart <= start && end <= s.ByteEnd {
			sentence, at = text[s.ByteStart:s.ByteEnd], s.ByteStart
			break
		}
	}
	// An age ("my 3 yr old") is not a time in the past: the context step
	// must not read the finding as history because of it. The age becomes
	// "child" padded to its length, so the mention keeps its offsets and
	// is asserted where it is, not at an earlier mention of the same words.
	sentence = ageWords.ReplaceAllStringFunc(sentence, func(age string) string {
		return "child" + strings.Repeat(" ", max(0, len(age)-len("child")))
	})
	f, _ := nlp.AssertAt(sentence, start-at, end-at)
	if f.Negation == nlp.Negated && !negatedInClause(text[:start]) {
		// A red flag negated only by a list's opening "no" ("no wet nappy
		// since morning, very floppy and sunken eyes") may be a new clause
		// the writer did not mean to negate: for the red flags, doubt counts.
		return nlp.Possible, f.Temporality, f.Experiencer
	}
	if f.Negation != nlp.Negated && zhDeniedIntent.MatchString(text[:start]) {
		// "没有想过伤害自己": never thought of it, said just before it.
		return nlp.Negated, f.Temporality, f.Experiencer
	}
	if f.Temporality == nlp.Recent && longAgo(text, start, end) {
		return f.Negation, nlp.Historical, f.Experiencer
	}
	return f.Negation, f.Temporality, f.Experiencer
}

// ageWords are ages, which the context step may take for a time past.
var ageWords = rx.MustCompile(rxTable, `(?i)\b\d+[- ]?(?:yrs?|years?|months?|mths?|weeks?|wks?|days?)[- ]?old\b`)

// zhDeniedIntent is a denial that ends right where the red flag begins.
var zhDeniedIntent = rx.MustCompile(rxTable, `(?:没有|没|从没|从来没有?|并没有|也没有)(?:想过|想|打算)(?:要|去)?$|不会(?:去)?$`)

// pastMarkers place what is said in the same clause long ago.
var pastMarkers = rx.MustCompile(rxTable, `(?i)\b(?:as a (?:kid|child|teen|teenager|baby|toddler)|when (?:i|he|she|they) (?:was|were) (?:a )?(?:kid|child|little|young|teenager|baby|toddler)|(?:many|several|\d+|two|three|four|five|ten|twenty) years ago|years ago|decades ago|in (?:my|his|her|their) childhood)\b|小时候|(?:几|多|好几|\d+|[一二三四五六七八九十]+)年前`)

// longAgo reports whether the clause around the span (back to the last
// comma, semicolon or "and"/"but", forward to the next) places it long ago:
// "had a seizure as a kid", "had anaphylaxis to peanuts years ago".
func longAgo(text string, start, end int) bool {
	before := text[:start]
	cut := -1
	for _, sep := range []string{",", ";", ".", " and ", " but ", "，", "；", "。"} {
		if i := strings.LastIndex(before, sep); i >= 0 && i+len(sep) > cut {
			cut = i + len(sep)
		}
	}
	if cut >= 0 {
		before = before[cut:]
	}
	after := text[end:]
	for _, sep := range []string{",", ";", ".", " and ", " but ", "，", "；", "。"} {
		if i := strings.Index(after, sep); i >= 0 {
			after = after[:i]
		}
	}
	return pastMarkers.MatchString(before) || pastMarkers.MatchString(after)
}

// clauseNegations are the words that negate what follows them in the same
// clause.
var clauseNegations = rx.MustCompile(rxTable, `(?i)\b(?:no|not|never|nor|without|denies|denied|deny|negative for|free of|absence of|none)\b|n['’]t\b|无|没有|没|未|否认|不伴|排除|不是`)

// negatedInClause reports whether the clause that ends at the end of before
// (back to the last comma, semicolon, colon or "and") holds a negation.
func negatedInClause(before string) bool {
	cut := -1
	for _, sep := range []string{",", ";", ":", " and ", " but ", "，", "；"} {
		if i := strings.LastIndex(before, sep); i+len(sep) > cut && i >= 0 {
			cut = i + len(sep)
		}
	}
	if cut >= 0 {
		before = before[cut:]
	}
	return clauseNegations.MatchString(before)
}

// redFlagRates records how often each rule fires on the training
// descriptions: a measure of over-triage on typical, non-emergency text.
func redFlagRates(card *clinical.Card, ex []textmodel.Example) {
	fired := map[string]map[string]int{}
	rows := map[string]bool{}
	emergencyRows := 0
	for _, e := range ex {
		emergency := false
		for _, f := range MatchRules(e.Text, NLPContext) {
			if fired[f.Rule.ID] == nil {
				fired[f.Rule.ID] = map[string]int{}
			}
			fired[f.Rule.ID][e.Label]++
			rows[f.Rule.ID] = true
			emergency = emergency || f.Rule.Level == Emergency
		}
		if emergency {
			emergencyRows++
		}
	}
	var parts []string
	for _, r := range Rules() {
		by := fired[r.ID]
		if by == nil {
			continue
		}
		total := 0
		labels := make([]string, 0, len(by))
		for l, n := range by {
			total += n
			labels = append(labels, l)
		}
		sort.Slice(labels, func(i, j int) bool {
			if by[labels[i]] != by[labels[j]] {
				return by[labels[i]] > by[labels[j]]
			}
			return labels[i] < labels[j]
		})
		var top []string
		for i, l := range labels {
			if i == 3 {
				break
			}
			top = append(top, fmt.Sprintf("%s %d", l, by[l]))
		}
		parts = append(parts, fmt.Sprintf("%s %d (%s)", r.ID, total, strings.Join(top, ", ")))
	}
	card.Limitations = append(card.Limitations, fmt.Sprintf(
		"Over-triage, measured: emergency red flags fire on %d of the %d training descriptions (%.1f%%; the data set has no urgency labels, so these are ordinary descriptions of the 24 diseases escalated by the rules), rules firing by count and most frequent diseases: %s.",
		emergencyRows, len(ex), 100*float64(emergencyRows)/float64(len(ex)), strings.Join(parts, "; ")))
}

// The abstention sets travel with the code so that training measures the
// rule on them and writes the rates into the card.
var (
	//go:embed testdata/abstention.tsv
	abstentionSet1 string
	//go:embed testdata/abstention2.tsv
	abstentionSet2 string
)

// abstentionRates runs the finished model on the abstention sets and the
// validation rows and lists, per set, how often it abstained.
func abstentionRates(card *clinical.Card, p clinical.Predictor, validation []textmodel.Example) error {
	abstains := func(text string) (bool, error) {
		// what json.Marshal wrote for map[string]string{"text": text}
		in := append(jsonval.AppendString([]byte(`{"text":`), text), '}')
		out, err := p.Predict(in)
		if err != nil {
			return false, err
		}
		tp, ok := out.(*clinical.TextPrediction)
		return ok && tp.Abstain, nil
	}
	a := &clinical.Abstention{Rule: AbstentionRule}
	for _, set := range []struct{ name, rows string }{
		{"testdata/abstention.tsv", abstentionSet1},
		{"testdata/abstention2.tsv", abstentionSet2},
	} {
		rates := map[string]*clinical.AbstentionRate{
			"nonmedical": {Set: set.name + ": non-medical and off-topic texts", Expected: "abstain"},
			"inlist":     {Set: set.name + ": descriptions of symptoms in ordinary words", Expected: "answer"},
		}
		for _, line := range strings.Split(set.rows, "\n") {
			kind, text, ok := strings.Cut(strings.TrimRight(line, "\r"), "\t")
			r := rates[kind]
			if !ok || r == nil {
				continue
			}
			yes, err := abstains(text)
			if err != nil {
				return fmt.Errorf("%s: %q: %w", set.name, text, err)
			}
			r.Of++
			if yes {
				r.Abstained++
			}
		}
		a.Rates = append(a.Rates, *rates["nonmedical"], *rates["inlist"])
	}
	val := clinical.AbstentionRate{Set: "validation split (Symptom2Disease descriptions held out from training)", Expected: "answer", Of: len(validation)}
	for _, e := range validation {
		yes, err := abstains(e.Text)
		if err != nil {
			return fmt.Errorf("validation: %q: %w", e.Text, err)
		}
		if yes {
			val.Abstained++
		}
	}
	a.Rates = append(a.Rates, val)
	card.Abstention = a
	return nil
}
