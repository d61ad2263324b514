package textmodel

// parseInput read its JSON with encoding/json until issue 15 took
// reflection out of the worker; that version is kept here as the reference
// the hand-written reader must equal, message for message.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/bedside-health/bedside/engine/clinical"
)

func referenceParseInput(op string, input []byte, maxRunes int, acceptAbout bool) (string, *clinical.About, error) {
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

var inputs = []string{
	`{"text":"fever and cough"}`, ` {"text":"a"} `, `{"text":"a"}x`, `{"text":"a"} {}`, `{"text":"a"}]`, `{"text":null}`, `{"text":1}`, `{"text":["a"]}`,
	`{"TEXT":"a"}`, `{"text":"a","text":"b"}`, `{"text":"a","b":1,"a":2}`, `{}`, `null`, `[]`, `"text"`, ``, `{`, `{"text":"a"`, `{"text":"\ud800x"}`,
	`{"text":"a","about":null}`, `{"text":"a","about":{"who":"me","age":"16-to-64","sex":"female","pregnant":true,"weeks":12,"duration":"days","severity":"mild"}}`,
	`{"text":"a","about":{"WHO":"me"}}`, `{"text":"a","about":{"height":180}}`, `{"text":"a","about":{"who":1}}`, `{"text":"a","about":{"weeks":1.5}}`,
	`{"text":"a","about":{"weeks":1e400,"x":1}}`, `{"text":"a","about":{"x":1,"weeks":"2"}}`, `{"text":"a","about":{"pregnant":"yes"}}`, `{"text":"a","about":[]}`,
	`{"text":"a","about":"me"}`, `{"text":"a","about":{"who":null,"weeks":null}}`, `{"text":"a","about":{"age":"65-plus","sex":"male","pregnant":true}}`,
	`{"text":"a","about":{"weeks":99999999999999999999}}`, "{\"text\":\"a\u2028b\"}\n\t", `{"text":"a","about":{"who":{}}}`,
}

func checkInput(t *testing.T, in []byte, about bool) {
	t.Helper()
	text, ab, err := parseInput("predict t", in, 1000, about)
	wantText, wantAb, wantErr := referenceParseInput("predict t", in, 1000, about)
	if text != wantText || !reflect.DeepEqual(ab, wantAb) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("parseInput(%q) = %q, %+v, %v; with encoding/json %q, %+v, %v", in, text, ab, err, wantText, wantAb, wantErr)
	}
	var ce, wce *clinical.Error
	if errors.As(err, &ce) != errors.As(wantErr, &wce) || ce != nil && (ce.Field != wce.Field || ce.Kind != wce.Kind) {
		t.Fatalf("parseInput(%q): error %#v, with encoding/json %#v", in, ce, wce)
	}
}

func TestParseInputReadsAsEncodingJSONDid(t *testing.T) {
	for _, in := range inputs {
		for _, about := range []bool{false, true} {
			t.Run(fmt.Sprint(in, about), func(t *testing.T) { checkInput(t, []byte(in), about) })
		}
	}
}

func FuzzParseInputAsEncodingJSON(f *testing.F) {
	for _, in := range inputs {
		f.Add([]byte(in), true)
	}
	f.Fuzz(func(t *testing.T, in []byte, about bool) { checkInput(t, in, about) })
}
