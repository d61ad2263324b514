package clinical

import "github.com/bedside-health/bedside/engine/metrics"

// Disclaimer is shown with every model and every result.
const Disclaimer = "For education and research only. Not a medical device; it does not diagnose and does not replace a clinician. In an emergency, call your local emergency number."

// Card is a model card: NAME.card.json next to the weights, rendered by the
// app at /models/NAME and in the README. Every figure in it was measured by
// `bedside train`/`bedside eval`; nothing is typed in by hand.
type Card struct {
	Name         string       `json:"name"`
	Title        string       `json:"title"`
	Version      string       `json:"version"`
	Summary      string       `json:"summary"` // one sentence
	IntendedUse  string       `json:"intended_use"`
	Users        []string     `json:"users"`
	OutOfScope   []string     `json:"out_of_scope"`
	Data         DataCredit   `json:"training_data"`
	Inputs       []Feature    `json:"inputs,omitempty"` // tabular and survival models
	Labels       []string     `json:"labels,omitempty"` // classes, in output order
	Preprocess   []string     `json:"preprocessing"`    // steps, in order
	Architecture string       `json:"architecture"`     // layers and sizes
	Parameters   int          `json:"parameters"`       // trainable parameter count
	Training     string       `json:"training"`         // optimiser, epochs, seeds, split
	Metrics      []Metric     `json:"metrics"`          // on the validation split
	Baselines    []Metric     `json:"baselines,omitempty"`
	Selection    *Selection   `json:"selection,omitempty"` // recipe chosen by cross-validation
	Calibration  *Calibration `json:"calibration,omitempty"`
	Limitations  []string     `json:"limitations"`
	TriageRules  []TriageRule `json:"triage_rules,omitempty"` // symptom model only
	Abstention   *Abstention  `json:"abstention,omitempty"`   // when the model answers "cannot tell"
	Disclaimer   string       `json:"disclaimer"`
}

// Abstention is a model's rule for answering "cannot tell" and how often it
// did so on each set it was measured on.
type Abstention struct {
	Rule  string           `json:"rule"`
	Rates []AbstentionRate `json:"rates"`
}

// AbstentionRate is how many of a set's texts the model abstained on.
// Expected says what abstaining means there: "abstain" (texts with nothing
// to answer, where abstaining is right) or "answer" (texts it should
// answer, where each abstention is a miss).
type AbstentionRate struct {
	Set       string `json:"set"`
	Expected  string `json:"expected"`
	Abstained int    `json:"abstained"`
	Of        int    `json:"of"`
}

// DataCredit names the training data, its licence and whom to credit.
type DataCredit struct {
	Name    string `json:"name"`
	Rows    int    `json:"rows"`
	Source  string `json:"source"`
	Licence string `json:"licence"`
	Credit  string `json:"credit"`
}

// Feature is one input of a tabular or survival model, as the form shows it.
type Feature struct {
	Name        string    `json:"name"` // the dataset's column name
	Label       string    `json:"label"`
	Unit        string    `json:"unit,omitempty"`
	Min         float64   `json:"min"` // valid range; outside is refused
	Max         float64   `json:"max"`
	Default     float64   `json:"default"`
	Categories  []float64 `json:"categories,omitempty"` // allowed codes for categorical inputs
	Optional    bool      `json:"optional,omitempty"`   // may be missing
	Description string    `json:"description,omitempty"`
}

// Metric is one validated figure with its 95% bootstrap interval.
type Metric struct {
	Name  string  `json:"name"` // accuracy, auc, macro_f1, c_index, ...
	Value float64 `json:"value"`
	Low   float64 `json:"ci_low"`
	High  float64 `json:"ci_high"`
	Split string  `json:"split"` // e.g. "validation (20%, stratified, seed 1)"
	N     int     `json:"n"`
}

// Calibration records how probabilities were calibrated and checked.
type Calibration struct {
	Method      string     `json:"method"` // e.g. "temperature scaling on validation"
	Temperature float64    `json:"temperature,omitempty"`
	ECE         float64    `json:"ece"`
	Brier       float64    `json:"brier,omitempty"`
	Bins        []CalibBin `json:"bins"` // reliability table
}

// CalibBin is one row of a reliability table.
type CalibBin = metrics.Bin

// TriageRule is one documented urgency rule.
type TriageRule struct {
	ID     string `json:"id"`
	When   string `json:"when"`  // the rule in words
	Level  string `json:"level"` // self-care, see-doctor, urgent, emergency
	Source string `json:"source"`
}

// Selection is how a model's recipe was chosen: every candidate's
// cross-validated scores, the winner and by how much it won.
type Selection struct {
	Method     string      `json:"method"`
	Candidates []Candidate `json:"candidates"`
	Winner     string      `json:"winner"`
	Verdict    string      `json:"verdict"`
}

// Candidate is one recipe compared in a Selection.
type Candidate struct {
	Name   string    `json:"name"`
	Recipe string    `json:"recipe"`
	Scores []CVScore `json:"scores"`
}

// CVScore is one metric's mean and standard deviation over the outer folds.
type CVScore struct {
	Name  string  `json:"name"`
	Mean  float64 `json:"mean"`
	SD    float64 `json:"sd"`
	Folds int     `json:"folds"`
}
