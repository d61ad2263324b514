// Package specialty reads a clinical note and says which of 17 medical
// specialties it most likely belongs to (the MTSamples transcriptions),
// with the words that drove the answer.
package specialty

import (
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/textmodel"
)

// Name is the model's manifest name.
const Name = "specialty"

// MaxRunes bounds a note: the longest training note is about 15,000
// characters; 100,000 leaves room for long discharge summaries while a
// pasted 1 MB file is refused with a clear message.
const MaxRunes = 100000

// Spec is the specialty model's recipe and card.
var Spec = &textmodel.TaskSpec{
	CVFolds: 5,
	Name:    Name, Title: "Clinical note specialty (17 specialties)", Version: "1.0.0", Dataset: "mtsamples",
	Columns:       textmodel.Columns{Label: "specialty", Text: []string{"description", "transcription"}},
	MaxRunes:      MaxRunes,
	MinConfidence: 0.4,
	Config: textmodel.Config{
		Embed: 32, Hidden: 24, Attention: 24, Dropout: 0.3, WordDropout: 0.1,
		MinCount: 3, MaxVocab: 5000, MaxTokens: 128,
		WideMinDF: 2, WideMax: 20000, Bigrams: false,
		LateFusion: true, WideEpochs: 40, RNNWeight: 0.5,
		Epochs: 10, Batch: 32, LR: 3e-3, WideLR: 0.05,
		ClassWeights: true,
		Members:      3,
		Int8:         true,
	},
	Card: clinical.Card{
		Summary:     "Reads a clinical note and suggests which of 17 medical specialties it belongs to, with the words that drove the answer.",
		IntendedUse: "Education and research: routing or sorting English clinical notes (transcribed reports) by specialty, and showing which words a model relies on.",
		Users:       []string{"clinicians and health-informatics staff exploring note routing", "students and researchers in clinical NLP"},
		OutOfScope: []string{
			"any clinical decision: it says nothing about the patient, only about the kind of note",
			"specialties outside its 17 (surgery, radiology, general medicine, discharge summaries and others were not in its training data)",
			"languages other than English; notes far from US transcription style",
		},
		Data: clinical.DataCredit{
			Name:    "MTSamples",
			Source:  "mtsamples.com sample medical transcription reports (crawl of 2018-10-14), deduplicated by transcript, one non-generic specialty each, classes with at least 20 notes; description and transcription columns",
			Licence: "free to share with credit and a link to https://www.mtsamples.com (mtsamples/TERMS.txt)",
			Credit:  "MTSamples.com (https://www.mtsamples.com), transcribed medical transcription sample reports",
		},
		Limitations: []string{
			"Only 17 specialties; every note gets one of them.",
			"Specialties overlap (neurology and neurosurgery, orthopedics and pain management, cardiology notes in other specialties): the second and third answers matter.",
			"Small classes (16 to 30 notes: neurosurgery, podiatry, dentistry, dermatology, pediatrics) have wide uncertainty.",
			"The recurrent branch reads at most 128 terms of a note, chosen by section (summary and specific sections before generic history, medications and examination); the wide TF-IDF branch reads the whole note.",
			"Sample reports from one website, with names and dates changed; real notes from other institutions may look different.",
			"Validation figures come from a 20% split of the same data set; the intervals describe sampling noise on that split.",
		},
	},
}

func init() { textmodel.Register(Spec, nil) }
