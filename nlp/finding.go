package nlp

import "github.com/bedside-health/bedside/nlp/record"

// The reader's records live in package record, which the app links without
// the reader; these names keep nlp's API whole.
type (
	Span       = record.Span
	Finding    = record.Finding
	Trigger    = record.Trigger
	Medication = record.Medication
	Vital      = record.Vital
	Lab        = record.Lab
	Allergy    = record.Allergy
)

// Sources of a trigger.
const (
	SourcePhrase  = record.SourcePhrase
	SourceTime    = record.SourceTime
	SourceSelf    = record.SourceSelf
	SourceSection = record.SourceSection
	SourceAllergy = record.SourceAllergy
)

// Context values, as they appear in JSON and in `bedside context` output.
const (
	Affirmed     = record.Affirmed
	Negated      = record.Negated
	Possible     = record.Possible
	Recent       = record.Recent
	Historical   = record.Historical
	Hypothetical = record.Hypothetical
	Patient      = record.Patient
	Other        = record.Other
)
