// Package department reads a patient's question in Chinese and says which
// of 8 internal-medicine clinics it resembles the questions of (导诊), with
// the characters that drove the answer. It is trained on the
// internal-medicine sample of Toyhom/Chinese-medical-dialogue-data.
package department

import (
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/textmodel"
	"github.com/bedside-health/bedside/nlp"
)

// Name is the model's manifest name.
const Name = "department"

// MaxRunes bounds a question: the longest training question (title and
// body) is under 300 characters, so 5,000 leaves room for a long account
// while a pasted file is refused with a clear message.
const MaxRunes = 5000

// Spec is the department model's recipe and card.
var Spec = &textmodel.TaskSpec{
	Name: Name, Title: "Internal-medicine clinic for a Chinese question (8 clinics)", Version: "1.0.0", Dataset: "cmd-im",
	// The title is the question's headline; "。" ends it as a sentence so
	// that the clinical context of the body does not reach back into it.
	Columns:       textmodel.Columns{Label: "department", Text: []string{"title", "ask"}, Sep: "。"},
	MaxRunes:      MaxRunes,
	MinConfidence: 0.5,
	Pipeline:      nlp.ZhSpec,
	Tuning:        "The recipe was chosen from two runs on the reported split (seed 1): the second, with half the wide features, a smaller recurrent branch and fewer epochs, was smaller, faster and no worse, so the validation figures may be slightly optimistic.",
	Config: textmodel.Config{
		Embed: 32, Hidden: 24, Attention: 24, Dropout: 0.3, WordDropout: 0.1,
		MinCount: 2, MaxVocab: 3000, MaxTokens: 128,
		WideMinDF: 2, WideMax: 10000, Bigrams: true,
		LateFusion: true, WideEpochs: 30, RNNWeight: 0.5,
		Epochs: 4, Batch: 32, LR: 3e-3, WideLR: 0.05,
		ClassWeights: true,
		Members:      3,
		Int8:         true,
	},
	Card: clinical.Card{
		Summary:     "Reads a patient's question in Chinese and suggests which of 8 internal-medicine clinics (导诊) questions like it were filed under, with the characters that drove the answer.",
		IntendedUse: "Education and research: showing which internal-medicine clinic a Chinese patient question resembles, and which characters a model relies on. It is not triage and not a diagnosis: it does not say how urgent anything is, nor what the patient has.",
		Users:       []string{"students and researchers in Chinese clinical NLP", "health-informatics staff exploring question routing"},
		OutOfScope: []string{
			"emergencies: chest pain, trouble breathing, stroke signs, heavy bleeding, loss of consciousness and the like need emergency care now: call 120 (or the local emergency number); this model routes nothing to emergency care",
			"triage or diagnosis: the clinic a question was filed under is not a diagnosis, and the model does not judge urgency",
			"questions outside internal medicine (surgery, obstetrics and gynaecology, paediatrics, dermatology, eye, ear-nose-throat, mental health and others): it will still answer with one of its 8 clinics",
			"English or other non-Chinese text: it reads Chinese characters; such text is flagged uncertain",
		},
		Data: clinical.DataCredit{
			Name:    "Chinese medical dialogue data (internal medicine)",
			Source:  "Toyhom/Chinese-medical-dialogue-data (https://github.com/Toyhom/Chinese-medical-dialogue-data), its published sample of internal-medicine questions: converted from GB18030 to UTF-8, exact duplicates removed, the doctors' answers dropped (not known when a patient asks), departments with fewer than 40 questions dropped; title and body as the patient typed them (simplified Chinese, informal, typos kept)",
			Licence: "MIT licence, (c) 2019 Toyhom",
			Credit:  "Toyhom, Chinese-medical-dialogue-data (MIT licence, (c) 2019 Toyhom)",
		},
		Limitations: []string{
			"Only 8 internal-medicine clinics; every question gets one of them.",
			"The label is the clinic the question was filed under on one website, not a diagnosis; many questions would fit more than one clinic (hepatitis under 肝病科 or 感染科, diabetes complications under 内分泌科 or 肾内科), so the second answer matters.",
			"Classes are very imbalanced (肝病科 2,374 questions, 感染科 35, 肾内科 61, 呼吸科 114): the small clinics have wide uncertainty; class weights in training trade some accuracy for macro-F1.",
			"Characters and character bigrams only: no word segmentation, so meaning that needs longer words or word order is partly lost.",
			"Questions from one online consultation site; questions elsewhere may look different.",
			"Validation figures come from a 20% split of the same data set; the intervals describe sampling noise on that split.",
		},
	},
}

func init() { textmodel.Register(Spec, flagLanguage) }

// flagLanguage marks text that is not Chinese as uncertain: a few Latin
// words ("CT", "B") are in the vocabulary, so English text can reach a
// confident-looking answer from them alone.
func flagLanguage(text string, _ *clinical.About, p *clinical.TextPrediction) {
	if nlp.Language(text) == "zh" || p.Uncertain {
		return
	}
	p.Uncertain = true
	p.Note = &clinical.Message{Code: clinical.MsgFewKnownWords}
}
