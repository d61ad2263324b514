package ui

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bedside-health/bedside/engine/clinical"
)

// Text limits. A symptom description is a few sentences; a clinical note a
// few pages. Beyond that the model reads nothing useful and the browser
// slows, so the user is told to shorten instead of the app freezing.
const (
	maxSymptomChars = 5000
	maxNoteChars    = 100000
	minSymptomChars = 3
)

// Problem is a message for people about one input: a translation key and
// its arguments, so it re-renders in the language of the moment.
type Problem struct {
	Key  string
	Args []any
}

func (p *Problem) String() string {
	if p == nil {
		return ""
	}
	return trf(p.Key, p.Args...)
}

// checkText validates free text before it goes to a model. It never alters
// the text: the caller keeps showing what the user typed.
func checkText(s string, maxChars int) *Problem {
	if !utf8.ValidString(s) {
		return &Problem{Key: "err.text.utf8"}
	}
	n := utf8.RuneCountInString(s)
	if strings.TrimSpace(s) == "" {
		return &Problem{Key: "err.text.empty"}
	}
	if n > maxChars {
		return &Problem{Key: "err.text.long", Args: []any{formatInt(n), formatInt(maxChars)}}
	}
	letters := 0
	for i, r := range s {
		if r == utf8.RuneError {
			return &Problem{Key: "err.text.char", Args: []any{utf8.RuneCountInString(s[:i]) + 1}}
		}
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return &Problem{Key: "err.text.char", Args: []any{utf8.RuneCountInString(s[:i]) + 1}}
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < minSymptomChars {
		return &Problem{Key: "err.text.noletters"}
	}
	return nil
}

// FieldValue is one parsed form field.
type FieldValue struct {
	Value   float64
	Missing bool
}

// parseField reads what the user typed for one input of a tabular or
// survival model. Empty is allowed only for optional inputs. The range check
// uses the card's valid range; values outside it are refused at the field
// instead of being sent to a model that never saw such a patient.
func parseField(f clinical.Feature, raw string) (FieldValue, *Problem) {
	s := strings.TrimSpace(raw)
	// People type decimal commas and full-width digits (e.g. from a Chinese
	// IME); accept both rather than refusing a correct value.
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '，' || r == ',':
			return '.'
		case r == '．':
			return '.'
		case r == '－':
			return '-'
		}
		return r
	}, s)
	if s == "" {
		if f.Optional {
			return FieldValue{Missing: true}, nil
		}
		return FieldValue{}, &Problem{Key: "err.field.empty"}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return FieldValue{}, &Problem{Key: "err.field.number", Args: []any{raw}}
	}
	if len(f.Categories) > 0 {
		for _, c := range f.Categories {
			if c == v {
				return FieldValue{Value: v}, nil
			}
		}
		return FieldValue{}, &Problem{Key: "err.field.category"}
	}
	if f.Min < f.Max && (v < f.Min || v > f.Max) {
		return FieldValue{}, &Problem{Key: "err.field.range", Args: []any{formatNumber(f.Min), formatNumber(f.Max), unitSuffix(f.Unit)}}
	}
	return FieldValue{Value: v}, nil
}

// formInput validates every field and builds the model's JSON input object
// (keyed by the dataset's column names; missing optional inputs left out).
// problems is keyed by feature name; the input is nil when any field fails.
func formInput(features []clinical.Feature, raw map[string]string) (map[string]float64, map[string]*Problem) {
	input := map[string]float64{}
	problems := map[string]*Problem{}
	for _, f := range features {
		v, p := parseField(f, raw[f.Name])
		if p != nil {
			problems[f.Name] = p
			continue
		}
		if !v.Missing {
			input[f.Name] = v.Value
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return input, problems
}

// defaults fills a form with the card's default values.
func defaults(features []clinical.Feature) map[string]string {
	m := make(map[string]string, len(features))
	for _, f := range features {
		if f.Optional && f.Default == 0 && f.Min > 0 {
			m[f.Name] = ""
			continue
		}
		m[f.Name] = formatNumber(f.Default)
	}
	return m
}

func unitSuffix(u string) string {
	if u == "" {
		return ""
	}
	return " " + unitName(u)
}

// unitName is a unit as people read it in the current language; symbols
// such as mg/dL stay as they are.
func unitName(u string) string { return trOr("unit."+u, u) }
