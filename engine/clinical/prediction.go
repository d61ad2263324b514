package clinical

import "github.com/bedside-health/bedside/nlp/record"

// The JSON that Predict returns, shared by `bedside predict`, the worker and
// window.bedside.predict. Offsets are into the caller's input text: Start and
// End count Unicode code points (what a UI highlights), ByteStart and ByteEnd
// count UTF-8 bytes (what Go slices).

// Message is something a model or rule says about one prediction: a stable
// code and its parameters, never a sentence, so that the UI says it in the
// reader's language (app/ui holds the English and 简体中文 for every code).
// Numbers in Args are formatted with strconv's 'g' format.
type Message struct {
	Code string            `json:"code"`
	Args map[string]string `json:"args,omitempty"`
}

// Message codes. A code's meaning and its Args never change; a new meaning
// gets a new code.
const (
	// MsgImputed: input Args["field"] was not given and the model used
	// Args["value"], the training Args["method"] ("median" or "mode").
	MsgImputed = "input.imputed"
	// MsgExtrapolates: Args["field"] = Args["value"] is outside the training
	// data (Args["min"] to Args["max"]) and the estimate extrapolates.
	MsgExtrapolates = "input.extrapolates"
	// MsgClamped: as MsgExtrapolates, but the model uses the nearest end of
	// the training range instead.
	MsgClamped = "input.clamped"
	// MsgAssociation: input Args["field"] = Args["value"] moves this
	// estimate Args["direction"] ("lowers" or "raises"), against what a
	// reader would expect; it is an association in the training data, not
	// a cause.
	MsgAssociation = "explain.association"
	// MsgReference: contributions are measured from the reference patient,
	// the average of the training patients (numeric inputs at their
	// training average, given as each contribution's reference; categories
	// weighted by their share in training).
	MsgReference = "explain.reference"
	// MsgSizeBand: tumour size Args["value"] mm was read as the training
	// data's band Args["band"] ("<=20", "20-50" or ">50" mm), the only
	// resolution the model has.
	MsgSizeBand = "input.size_band"
	// MsgGradeExtrapolated: grade Args["value"] is absent from the training
	// data; the model extends the grade 2 to 3 trend to it.
	MsgGradeExtrapolated = "input.grade_extrapolated"
	// MsgCohortYears: the survival estimate is that of patients treated in
	// Args["from"] to Args["to"].
	MsgCohortYears = "survival.cohort_years"
	// MsgNoKnownWords: no word of the text is one the model learned, so its
	// probabilities mean nothing.
	MsgNoKnownWords = "text.no_known_words"
	// MsgLowConfidence: the top class has only Args["prob"] (0 to 1).
	MsgLowConfidence = "text.low_confidence"
	// MsgFewKnownWords: most words are unknown to the model.
	MsgFewKnownWords = "text.few_known_words"
	// MsgCallEmergency: call the local emergency number now.
	MsgCallEmergency = "triage.call_emergency"
	// MsgRedFlag: triage rule Args["rule"] fired on the text.
	MsgRedFlag = "triage.red_flag"
	// MsgDiseaseLevel: the classifier's Args["label"] (probability
	// Args["prob"]) usually calls for Args["level"].
	MsgDiseaseLevel = "triage.disease_level"
	// MsgCannotTell: the checker cannot tell from the text what it might be
	// (no clinical content, or far from what the model learned); whom to
	// contact if worried.
	MsgCannotTell = "triage.cannot_tell"
	// MsgOutOfScope: the person is outside what the model was made for
	// (Args["reason"]: "child" or "pregnancy"); the red flags still apply.
	MsgOutOfScope = "triage.out_of_scope"
	// MsgTriageUncertain: the checker is not confident; contact a doctor if
	// worried.
	MsgTriageUncertain = "triage.uncertain"
)

// MessageCodes lists every Msg* code, so that a UI can check it says each
// one in every language it offers. A new code must be added here.
func MessageCodes() []string {
	return []string{
		MsgImputed, MsgExtrapolates, MsgClamped,
		MsgAssociation, MsgReference, MsgSizeBand, MsgGradeExtrapolated, MsgCohortYears,
		MsgNoKnownWords, MsgLowConfidence, MsgFewKnownWords,
		MsgCallEmergency, MsgRedFlag, MsgDiseaseLevel, MsgTriageUncertain, MsgCannotTell, MsgOutOfScope,
	}
}

// ClassProb is one class with its calibrated probability.
type ClassProb struct {
	Label string  `json:"label"`
	Prob  float64 `json:"prob"`
}

// TokenWeight is one input token and how much it drove the prediction
// (attention weight, summing to 1 over the tokens the model read).
type TokenWeight struct {
	record.Span
	Weight float64 `json:"weight"`
	// Known: the model's vocabulary holds the token (one of its terms),
	// for a post hook's open-set rule. Not part of the answer.
	Known bool `json:"-"`
}

// Triage is the urgency for the symptom model. Red flags override the
// classifier: any red flag makes Level "emergency".
type Triage struct {
	Level    string    `json:"level"` // self-care, see-doctor, urgent, emergency
	Reasons  []Message `json:"reasons"`
	RedFlags []string  `json:"red_flags"`
}

// TextPrediction is the answer of the symptom and specialty models.
type TextPrediction struct {
	Model     string           `json:"model"`
	Version   string           `json:"version"`
	Classes   []ClassProb      `json:"classes"` // every class, most likely first
	Tokens    []TokenWeight    `json:"tokens"`  // attention over the tokens read
	Findings  []record.Finding `json:"findings"`
	Triage    *Triage          `json:"triage,omitempty"`
	Uncertain bool             `json:"uncertain"` // top probability low or nothing recognised
	// Abstain: the model cannot tell from this text; its classes are no
	// answer and are not to be shown as one.
	Abstain bool     `json:"abstain,omitempty"`
	Note    *Message `json:"note,omitempty"`
}

// Contribution is how much one input moved a tabular or survival prediction
// (on the logit or log-hazard scale; positive raises the risk).
type Contribution struct {
	Feature      string  `json:"feature"`
	Value        float64 `json:"value"`
	Missing      bool    `json:"missing,omitempty"`
	Contribution float64 `json:"contribution"`
	// Reference is the input's value in the reference patient the
	// contribution is measured from (numeric inputs only).
	Reference *float64 `json:"reference,omitempty"`
}

// RiskPrediction is the answer of the wdbc, pima and heart models.
type RiskPrediction struct {
	Model         string         `json:"model"`
	Version       string         `json:"version"`
	Probability   float64        `json:"probability"`
	Label         string         `json:"label"` // the positive or negative class name
	Contributions []Contribution `json:"contributions"`
	Warnings      []Message      `json:"warnings,omitempty"`
}

// SurvivalPoint is S(t) at one time.
type SurvivalPoint struct {
	Days     float64 `json:"days"`
	Survival float64 `json:"survival"`
	// Low and High bound S(t) by the spread of the ensemble's members
	// (mean log hazard -/+ 1.96 sd of the members'); the card gives the
	// coverage measured.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// SurvivalPrediction is the answer of the survival model.
type SurvivalPrediction struct {
	Model         string          `json:"model"`
	Version       string          `json:"version"`
	RiskScore     float64         `json:"risk_score"` // log hazard ratio vs the training cohort mean
	RiskGroup     string          `json:"risk_group"` // low, intermediate, high (training-cohort tertiles)
	Curve         []SurvivalPoint `json:"curve"`      // 0 to 10 years
	Survival1y    float64         `json:"survival_1y"`
	Survival5y    float64         `json:"survival_5y"`
	Survival10y   float64         `json:"survival_10y"`
	Contributions []Contribution  `json:"contributions"`
	Warnings      []Message       `json:"warnings,omitempty"`
	// SizeBand is the training data's tumour-size band the model used:
	// "<=20", "20-50" or ">50" (mm).
	SizeBand string `json:"size_band"`
}
