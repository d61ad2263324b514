package textmodel

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/jsonval"
)

// parseInput reads a text model's input, {"text": "..."}, and returns the
// text. op names the operation in errors ("predict symptom"); maxRunes caps
// the length so that a pasted 1 MB file gets a clear answer instead of a
// frozen page. Every refusal is a *clinical.Error of kind Invalid naming
// the field.
func parseInput(op string, input []byte, maxRunes int, acceptAbout bool) (string, *clinical.About, error) {
	invalid := func(field string, err error) (string, *clinical.About, error) {
		return "", nil, &clinical.Error{Op: op, Kind: clinical.Invalid, Field: field, Err: err}
	}
	if !utf8.Valid(input) {
		return invalid("text", errors.New("the input is not valid UTF-8 text; save or paste it as UTF-8"))
	}
	// As json.Decoder read it into a map[string]json.RawMessage: the
	// first value must be an object, with nothing but space after it,
	// and of a repeated key the last counts.
	v, rest, err := jsonval.ParseFirst(input)
	if err != nil || v.Kind != jsonval.Object {
		return invalid("", errors.New(`the input must be a JSON object like {"text": "..."}`))
	}
	if len(bytes.TrimLeft(rest, " \t\r\n")) > 0 {
		return invalid("", errors.New("trailing data after the JSON object"))
	}
	obj := make(map[string]jsonval.Value, len(v.Members))
	for _, m := range v.Members {
		obj[m.Key] = m.Value
	}
	// sorted, so that an input with several unknown fields always names
	// the same one (batch runs must give the same output every time)
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if k != "text" && !(acceptAbout && k == "about") {
			return invalid(k, errors.New(`unknown field; the only input is "text"`))
		}
	}
	var about *clinical.About
	if raw, ok := obj["about"]; ok && raw.Kind != jsonval.Null {
		about = new(clinical.About)
		if err := decodeAbout(raw, about); err != nil {
			return invalid("about", fmt.Errorf("must be an object of who, age, sex, pregnant, weeks, duration, severity: %v", err))
		}
		if field, err := about.Validate(); err != nil {
			return invalid(field, err)
		}
	}
	raw, ok := obj["text"]
	if !ok {
		return invalid("text", errors.New("missing: describe the symptoms or paste the note in \"text\""))
	}
	var text string
	if err := raw.DecodeString(&text); err != nil {
		return invalid("text", errors.New("must be a string"))
	}
	text, err = checkText(op, text, maxRunes)
	return text, about, err
}

// checkText applies parseInput's checks to a text given directly.
func checkText(op, text string, maxRunes int) (string, error) {
	invalid := func(err error) (string, error) {
		return "", &clinical.Error{Op: op, Kind: clinical.Invalid, Field: "text", Err: err}
	}
	if !utf8.ValidString(text) {
		return invalid(errors.New("the text is not valid UTF-8"))
	}
	if strings.TrimSpace(text) == "" {
		return invalid(errors.New("the text is empty: type a few words"))
	}
	if n := utf8.RuneCountInString(text); n > maxRunes {
		return invalid(fmt.Errorf("the text is %d characters long; this model reads at most %d, so shorten it", n, maxRunes))
	}
	return text, nil
}

// decodeAbout reads about as a json.Decoder with DisallowUnknownFields
// read it into a clinical.About, with the same messages: keys in any case,
// null leaves a field as it was, the first error counts.
func decodeAbout(v jsonval.Value, a *clinical.About) error {
	if v.Kind != jsonval.Object {
		return jsonval.TypeErrorOf(v, "clinical.About")
	}
	var first error
	for _, m := range v.Members {
		var err error
		switch f := m.Value; {
		case jsonval.SameKey(m.Key, "who"):
			err = jsonval.InField(f.DecodeString(&a.Who), "About", "who")
		case jsonval.SameKey(m.Key, "age"):
			err = jsonval.InField(f.DecodeString(&a.Age), "About", "age")
		case jsonval.SameKey(m.Key, "sex"):
			err = jsonval.InField(f.DecodeString(&a.Sex), "About", "sex")
		case jsonval.SameKey(m.Key, "pregnant"):
			err = jsonval.InField(f.DecodeBool(&a.Pregnant), "About", "pregnant")
		case jsonval.SameKey(m.Key, "weeks"):
			err = jsonval.InField(f.DecodeInt(&a.Weeks), "About", "weeks")
		case jsonval.SameKey(m.Key, "duration"):
			err = jsonval.InField(f.DecodeString(&a.Duration), "About", "duration")
		case jsonval.SameKey(m.Key, "severity"):
			err = jsonval.InField(f.DecodeString(&a.Severity), "About", "severity")
		default:
			err = fmt.Errorf("json: unknown field %q", m.Key)
		}
		if first == nil {
			first = err
		}
	}
	return first
}
