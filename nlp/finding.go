package nlp

// Span locates a piece of the input text: Start and End count Unicode code
// points (what a UI highlights), ByteStart and ByteEnd count UTF-8 bytes
// (what Go slices).
type Span struct {
	Text      string `json:"text"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	ByteStart int    `json:"byte_start"`
	ByteEnd   int    `json:"byte_end"`
}

// Finding is a clinical concept found in the text with its context.
type Finding struct {
	Span
	Concept     string `json:"concept"`     // canonical name, e.g. "fever"
	Negation    string `json:"negation"`    // affirmed, negated, possible
	Temporality string `json:"temporality"` // recent, historical, hypothetical
	Experiencer string `json:"experiencer"` // patient, other
	Section     string `json:"section,omitempty"`
	// Triggers says why each value other than the default was given: the
	// phrase, time expression or section heading that set it.
	Triggers []Trigger `json:"triggers,omitempty"`
}

// Trigger is what set one context value of a finding. Its span is the
// trigger phrase in the text; for a section default it is the section's
// heading, and for a self-negating word ("afebrile") the finding itself.
type Trigger struct {
	Span
	Class  string `json:"class"`  // negation, temporality, experiencer
	Value  string `json:"value"`  // negated, possible, historical, hypothetical, other
	Source string `json:"source"` // phrase, time, self, section, allergy
}

// Sources of a trigger.
const (
	SourcePhrase  = "phrase"  // a lexicon trigger ("denies", "history of", "mother")
	SourceTime    = "time"    // a time expression ("5 years ago", "in 2009")
	SourceSelf    = "self"    // the finding's own word negates it ("afebrile")
	SourceSection = "section" // the default of the section it is in
	SourceAllergy = "allergy" // it is the reaction of an allergy
)

// Context values, as they appear in JSON and in `bedside context` output.
const (
	Affirmed     = "affirmed"
	Negated      = "negated"
	Possible     = "possible"
	Recent       = "recent"
	Historical   = "historical"
	Hypothetical = "hypothetical"
	Patient      = "patient"
	Other        = "other"
)
