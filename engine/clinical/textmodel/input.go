package textmodel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bedside-health/bedside/engine/clinical"
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
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(input))
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return invalid("", errors.New(`the input must be a JSON object like {"text": "..."}`))
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalid("", errors.New("trailing data after the JSON object"))
	}
	// sorted, so that an input with several unknown fields always names
	// the same one (batch runs must give the same output every time)
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if k != "text" && !(acceptAbout && k == "about") {
			return invalid(k, errors.New(`unknown field; the only input is "text"`))
		}
	}
	var about *clinical.About
	if raw, ok := obj["about"]; ok && string(raw) != "null" {
		about = new(clinical.About)
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(about); err != nil {
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
	if err := json.Unmarshal(raw, &text); err != nil {
		return invalid("text", errors.New("must be a string"))
	}
	text, err := checkText(op, text, maxRunes)
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
