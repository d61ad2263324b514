// Package record holds what the note reader (package nlp) writes out: the
// spans, findings, triggers, medications, vital signs, labs and allergies
// of a note, with their JSON names, and Language, which says how nlp will
// read a text. It imports no more than the standard library's unicode
// tables, so that the app, which shows these records and sends the text to
// the inference worker, links none of nlp's lexicons, regular expressions
// or stemmer; nlp names the same types (nlp.Finding = record.Finding).
package record

import (
	"unicode"
	"unicode/utf8"
)

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

// Medication is a drug named in a note with what is written of its
// dose, unit, route and frequency. Fields not written stay empty: the
// reader does not guess a usual dose.
type Medication struct {
	Span
	Name      string `json:"name"`                // generic name, lower case ("furosemide" for "Lasix")
	Dose      string `json:"dose,omitempty"`      // as written: "40", "0.5-1", "1,000"
	Unit      string `json:"unit,omitempty"`      // mg, mcg, g, units, mL, mEq, mmol, %, tablet, puff ...
	Route     string `json:"route,omitempty"`     // PO, IV, IM, SC, SL, PR, INH, TOP, TD, NAS, NG
	Frequency string `json:"frequency,omitempty"` // QD, BID, TID, QID, QHS, QAM, QPM, QOD, Q6H, Q4-6H, WEEKLY, ONCE, PRN; "Q6H PRN"
	Section   string `json:"section,omitempty"`
}

// Vital is one vital sign with its value and unit.
type Vital struct {
	Span
	Name  string `json:"name"`  // bp, hr, temp, spo2, rr, weight, height
	Value string `json:"value"` // "148/92", "37.1", "91"
	// Unit is as written (normalised: mmHg, /min, Cel, [degF], %, kg, [lb_av],
	// cm, m, [in_i]); when none is written it is the one the value implies,
	// and UnitInferred says so.
	Unit         string `json:"unit"`
	UnitInferred bool   `json:"unit_inferred,omitempty"`
	Section      string `json:"section,omitempty"`
}

// Lab is a laboratory result: a test from nlp's lexicon/labs.tsv with the
// number written after it.
type Lab struct {
	Span
	Name  string `json:"name"`           // canonical: "potassium", "hemoglobin", "troponin"
	Value string `json:"value"`          // as written, with a comparator if any: "4.1", "<0.01"
	Unit  string `json:"unit,omitempty"` // as written, folded: "mmol/L", "mg/dL", "K/uL", "%"
	// Flag is H or L when the note marks the value high or low ("(H)",
	// "L", "high", "↑"); the reader does not judge values against ranges.
	Flag    string `json:"flag,omitempty"`
	Section string `json:"section,omitempty"`
}

// Allergy is a substance the patient is allergic to, with the reaction
// when the note gives one. NKDA marks a note's statement that there are no
// known allergies (Substance is then empty).
type Allergy struct {
	Span
	Substance string `json:"substance,omitempty"` // lower case; a listed drug by its generic name ("pcn" -> "penicillin")
	Reaction  string `json:"reaction,omitempty"`  // as written, lower case: "rash", "hives", "anaphylaxis"
	NKDA      bool   `json:"nkda,omitempty"`
	Section   string `json:"section,omitempty"`
}

// Language names the language nlp.AnalyzeNote reads text in: "zh" when Han
// characters are at least as many as Latin words (a Chinese character
// carries about a word), "en" otherwise. A Chinese note with English drug
// names or lab codes stays "zh"; an English note quoting a Chinese name
// stays "en".
func Language(text string) string {
	han, latin := 0, 0
	inWord := false
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
			inWord = false
		case r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z'):
			if !inWord {
				latin++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	if han > 0 && han >= latin {
		return "zh"
	}
	return "en"
}
