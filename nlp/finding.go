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
}

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
