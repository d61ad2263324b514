package task

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// referenceParseJSON is ParseJSON as it was with encoding/json, kept as the
// behaviour the hand-written scanner must reproduce.
func (s *Schema) referenceParseJSON(op string, input []byte) (Record, error) {
	invalid := func(field string, err error) (Record, error) {
		return Record{}, &clinical.Error{Op: op, Kind: clinical.Invalid, Field: field, Err: err}
	}
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(input))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return invalid("", fmt.Errorf("input is not a JSON object: %v", err))
	}
	if obj == nil {
		return invalid("", errors.New("input is not a JSON object"))
	}
	if dec.More() {
		return invalid("", errors.New("trailing data after the JSON object"))
	}
	known := map[string]bool{}
	for _, f := range s.Fields {
		known[f.Name] = true
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	for _, k := range keys {
		if !known[k] {
			return invalid(k, errors.New("unknown field"))
		}
	}
	r := Record{Values: make([]float64, len(s.Fields)), Missing: make([]bool, len(s.Fields))}
	for i := range s.Fields {
		f := &s.Fields[i]
		raw, ok := obj[f.Name]
		var (
			v    float64
			miss bool
			err  error
		)
		switch {
		case !ok || string(raw) == "null":
			if !f.Optional {
				return invalid(f.Name, errMissing)
			}
			v, miss = math.NaN(), true
		default:
			var x any
			if err := json.Unmarshal(raw, &x); err != nil {
				return invalid(f.Name, err)
			}
			switch x := x.(type) {
			case float64:
				v, miss, err = f.check(x)
			case string:
				v, miss, err = f.parseCell(x)
			default:
				err = fmt.Errorf("want a number, got %s", raw)
			}
		}
		if err != nil {
			return invalid(f.Name, err)
		}
		r.Values[i], r.Missing[i] = v, miss
	}
	return r, nil
}

// diffSchema is testSchema with fields whose names need escapes or are not
// ASCII, so that key decoding is compared too.
func diffSchema() *Schema {
	s := testSchema()
	for _, name := range []string{"na\"me/é", "😀", ""} {
		var f Field
		f.Name, f.Label, f.Min, f.Max, f.Optional = name, name, -1e300, 1e300, true
		s.Fields = append(s.Fields, f)
	}
	return s
}

// sameParse reports how the two results differ, or "" when they agree to
// the bit: values, missing flags, and the error's type, op, kind, field
// and message.
func sameParse(gotR Record, gotErr error, wantR Record, wantErr error) string {
	if (gotErr == nil) != (wantErr == nil) {
		return fmt.Sprintf("error %v, want %v", gotErr, wantErr)
	}
	if wantErr != nil {
		g, ok1 := gotErr.(*clinical.Error)
		w, ok2 := wantErr.(*clinical.Error)
		if !ok1 || !ok2 {
			return fmt.Sprintf("error types %T, want %T", gotErr, wantErr)
		}
		if g.Op != w.Op || g.Kind != w.Kind || g.Field != w.Field || g.Error() != w.Error() {
			return fmt.Sprintf("error %+v %q (field %q), want %+v %q (field %q)", g.Kind, g.Error(), g.Field, w.Kind, w.Error(), w.Field)
		}
		if errors.Is(gotErr, errMissing) != errors.Is(wantErr, errMissing) {
			return "errMissing is not wrapped the same way"
		}
		return ""
	}
	if len(gotR.Values) != len(wantR.Values) || len(gotR.Missing) != len(wantR.Missing) {
		return fmt.Sprintf("%d values, want %d", len(gotR.Values), len(wantR.Values))
	}
	for i := range wantR.Values {
		if math.Float64bits(gotR.Values[i]) != math.Float64bits(wantR.Values[i]) || gotR.Missing[i] != wantR.Missing[i] {
			return fmt.Sprintf("field %d = %v (bits %x, missing %v), want %v (bits %x, missing %v)", i,
				gotR.Values[i], math.Float64bits(gotR.Values[i]), gotR.Missing[i],
				wantR.Values[i], math.Float64bits(wantR.Values[i]), wantR.Missing[i])
		}
	}
	return ""
}

// A valid prefix: the tricky part goes into size, the last field, or
// replaces the whole input.
const okHead = `{"age":50,"glucose":120,"cp":2,`

var trickyInputs = []struct{ name, in string }{
	{"a plain input", okHead + `"size":"20-50"}`},
	{"spaces of every kind around every token", " \t\r\n{ \"age\" :\t50 ,\n\"cp\"\r: 2 , \"size\" : 12 } \n"},
	{"a string with simple escapes", okHead + `"size":"\u003c=20"}`},
	{"an escaped level name that does not match", okHead + `"size":"\"<=20\""}`},
	{"every simple escape", okHead + `"size":"\b\f\n\r\t\\\/\""}`},
	{"an unknown escape", okHead + `"size":"\x41"}`},
	{"an apostrophe escape, which JSON lacks", okHead + `"size":"\'"}`},
	{"a short \\u escape", okHead + `"size":"\u12"}`},
	{"a \\u escape with a non-hex digit", okHead + `"size":"\u12G4"}`},
	{"upper- and lower-case hex", okHead + `"size":"\u00E9\u00e9"}`},
	{"a surrogate pair", okHead + `"size":"\ud83d\ude00"}`},
	{"a lone high surrogate", okHead + `"size":"\ud83d"}`},
	{"a lone high surrogate before text", okHead + `"size":"\ud83dx"}`},
	{"a high surrogate before a non-surrogate escape", okHead + `"size":"\ud83d\u0041"}`},
	{"two high surrogates", okHead + `"size":"\ud83d\ud83d\ude00"}`},
	{"a lone low surrogate", okHead + `"size":"\ude00"}`},
	{"a high surrogate before an escaped backslash and u", okHead + `"size":"\ud83d\\u0041"}`},
	{"a key given by surrogates", okHead + `"size":1,"\ud83d\ude00":5}`},
	{"a key with escapes", okHead + `"size":1,"na\"me\/\u00e9":5}`},
	{"an empty key", okHead + `"size":1,"":-0}`},
	{"an escaped known key", `{"\u0061ge":50,"c\u0070":2,"size":1}`},
	{"invalid UTF-8 in a value", okHead + "\"size\":\"\xff<=20\"}"},
	{"invalid UTF-8 in a key", okHead + "\"size\":1,\"\xffx\":1}"},
	{"a truncated UTF-8 sequence at the end of a string", okHead + "\"size\":\"\xe2\x82\"}"},
	{"an encoded replacement character", okHead + "\"size\":\"\xef\xbf\xbd\"}"},
	{"a control character in a string", okHead + "\"size\":\"a\x01\"}"},
	{"a raw tab in a string", okHead + "\"size\":\"\t12\"}"},
	{"a DEL byte in a string", okHead + "\"size\":\"\x7f\"}"},
	{"a byte order mark", "\xef\xbb\xbf" + okHead + `"size":1}`},
	{"an exponent", okHead + `"size":1.2e1}`},
	{"an exponent with a sign", okHead + `"size":12E+0}`},
	{"a negative exponent", okHead + `"size":1200e-2}`},
	{"an exponent without digits", okHead + `"size":1e}`},
	{"an exponent with only a sign", okHead + `"size":1e+}`},
	{"a decimal point without digits", okHead + `"size":1.}`},
	{"a decimal point first", okHead + `"size":.5}`},
	{"a plus sign", okHead + `"size":+5}`},
	{"a lone minus", okHead + `"size":-}`},
	{"minus zero", okHead + `"size":1,"":-0}`},
	{"minus zero for a zero-missing field", `{"age":50,"glucose":-0,"cp":2,"size":1}`},
	{"minus zero as a string", `{"age":50,"glucose":"-0","cp":2,"size":1}`},
	{"a leading zero", okHead + `"size":012}`},
	{"a leading zero after minus", okHead + `"size":-012}`},
	{"a huge number", okHead + `"size":1e400}`},
	{"a huge negative number", okHead + `"size":1,"":-1e400}`},
	{"a huge number as a string", okHead + `"size":"1e400"}`},
	{"a tiny number", okHead + `"size":1,"":1e-400}`},
	{"a long mantissa", okHead + `"size":1,"":0.1000000000000000055511151231257827021181583404541015625}`},
	{"a number at the halfway point", okHead + `"size":1,"":9007199254740993}`},
	{"many digits", okHead + `"size":1,"":` + strings.Repeat("9", 400) + `}`},
	{"a value just inside the range", `{"age":18,"cp":4,"size":250}`},
	{"a value just outside the range", `{"age":17.999999999999996,"cp":4,"size":250}`},
	{"hexadecimal", okHead + `"size":0x10}`},
	{"Infinity as a bare word", okHead + `"size":Infinity}`},
	{"NaN as a bare word", okHead + `"size":NaN}`},
	{"a string with spaces around a number", okHead + `"size":" 12 "}`},
	{"a string na", okHead + `"size":1,"glucose":"NA"}`},
	{"duplicate keys, the last wins", `{"age":50,"age":60,"cp":2,"size":1}`},
	{"duplicate keys, the last is bad", `{"age":50,"age":"x","cp":2,"size":1}`},
	{"duplicate keys, the first is bad", `{"age":"x","age":50,"cp":2,"size":1}`},
	{"duplicate keys, the last is null", `{"age":50,"age":null,"cp":2,"size":1}`},
	{"a duplicate by escape", `{"age":50,"\u0061ge":70,"cp":2,"size":1}`},
	{"two unknown keys, named in sorted order", okHead + `"size":1,"zz":1,"aa":2}`},
	{"an unknown key with a bad value", okHead + `"size":1,"zz":[}`},
	{"an unknown key and a bad known value", `{"age":"x","cp":2,"size":1,"zz":1}`},
	{"a nested object", okHead + `"size":{"a": [1, 2]}}`},
	{"a nested array with spaces", okHead + `"size":[ 1 ,2 ]}`},
	{"an empty nested object", okHead + `"size":{}}`},
	{"an empty nested array", okHead + `"size":[]}`},
	{"a nested object with a bad key", okHead + `"size":{1:2}}`},
	{"a nested array with a trailing comma", okHead + `"size":[1,]}`},
	{"a nested object with a trailing comma", okHead + `"size":{"a":1,}}`},
	{"a nested array missing a comma", okHead + `"size":[1 2]}`},
	{"a nested object missing a colon", okHead + `"size":{"a" 1}}`},
	{"a nested huge number", okHead + `"size":1,"":[1e400]}`},
	{"a huge number deep in an object", okHead + `"size":{"x":"1e999","y":[2,{"z":-1e999}],"w":1e999}}`},
	{"a huge number only inside a string", okHead + `"size":["1e999","\"1e999"]}`},
	{"a huge number in a value that is null elsewhere", `{"age":50,"glucose":[1e400],"glucose":null,"cp":2,"size":1}`},
	{"nesting at the limit", okHead + `"size":1,"":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`},
	{"nesting beyond the limit", okHead + `"size":1,"":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`},
	{"a top-level array nested beyond the limit", strings.Repeat("[", 10001)},
	{"true", okHead + `"size":true}`},
	{"false", okHead + `"size":false}`},
	{"a misspelt true", okHead + `"size":ture}`},
	{"a misspelt false", okHead + `"size":fals}`},
	{"a misspelt null", okHead + `"size":nul}`},
	{"a true followed by letters", okHead + `"size":truex}`},
	{"null for a required field", `{"age":null,"cp":2,"size":1}`},
	{"null with spaces", `{"age":50,"glucose": null ,"cp":2,"size":1}`},
	{"the string null", `{"age":50,"glucose":"null","cp":2,"size":1}`},
	{"an empty object", `{}`},
	{"an empty object with spaces", "{ \n}"},
	{"empty input", ``},
	{"only spaces", " \n\t"},
	{"a top-level null", `null`},
	{"a top-level null followed by garbage", `null x`},
	{"a truncated null", `nu`},
	{"a top-level number", `12`},
	{"a top-level number followed by garbage", `12x`},
	{"a top-level number cut after the point", `12.`},
	{"a top-level minus", `-`},
	{"a top-level string", `"a"`},
	{"a top-level string followed by garbage", `"a"}`},
	{"a top-level unterminated string", `"a`},
	{"a top-level bool", `true`},
	{"a top-level array", `[1,2]`},
	{"a top-level array with an error", `[1,x]`},
	{"a top-level array cut short", `[1,`},
	{"a single brace", `{`},
	{"a brace and spaces", "{   "},
	{"a key without a value", `{"age"`},
	{"a key and colon", `{"age":`},
	{"a value and comma", `{"age":1,`},
	{"an unterminated key", `{"ag`},
	{"an escape at the end", `{"ag\`},
	{"a \\u escape at the end", `{"ag\u00`},
	{"a number at the end", `{"age":12`},
	{"an exponent sign at the end", `{"age":1e-`},
	{"a trailing comma in the object", okHead + `"size":1,}`},
	{"a key that is not a string", `{age:50}`},
	{"a single-quoted key", `{'age':50}`},
	{"a missing colon", `{"age" 50}`},
	{"a missing comma", `{"age":50 "cp":2}`},
	{"a colon for a comma", `{"age":50:"cp":2}`},
	{"trailing garbage", okHead + `"size":1}x`},
	{"trailing object", okHead + `"size":1} {}`},
	{"trailing closing brace", okHead + `"size":1}}`},
	{"trailing closing bracket and garbage", okHead + `"size":1} ]garbage`},
	{"trailing spaces", okHead + `"size":1}  ` + "\n"},
	{"trailing NUL", okHead + "\"size\":1}\x00"},
	{"a NUL inside", okHead + "\"size\":1\x00}"},
	{"a non-ASCII byte where a value belongs", okHead + "\"size\":\xc3\xa9}"},
	{"a quote where a value belongs after a key", okHead + `"size""1"}`},
	{"a comment", okHead + `"size":1 /* c */}`},
}

func TestParseJSONMatchesEncodingJSON(t *testing.T) {
	s := diffSchema()
	for _, tt := range trickyInputs {
		t.Run(tt.name, func(t *testing.T) {
			wantR, wantErr := s.referenceParseJSON("predict test", []byte(tt.in))
			gotR, gotErr := s.ParseJSON("predict test", []byte(tt.in))
			if d := sameParse(gotR, gotErr, wantR, wantErr); d != "" {
				t.Errorf("%q: %s", tt.in, d)
			}
		})
	}
}

// The table above must reach both outcomes and every kind of message, or
// it would compare little.
func TestTrickyInputsCoverBothOutcomes(t *testing.T) {
	s := diffSchema()
	seen := map[string]bool{}
	for _, tt := range trickyInputs {
		_, err := s.referenceParseJSON("t", []byte(tt.in))
		switch {
		case err == nil:
			seen["accepted"] = true
		case strings.Contains(err.Error(), "invalid character"):
			seen["syntax"] = true
		case strings.Contains(err.Error(), "unexpected EOF"):
			seen["eof"] = true
		case strings.Contains(err.Error(), "cannot unmarshal"):
			seen["type"] = true
		case strings.Contains(err.Error(), "trailing"):
			seen["trailing"] = true
		case strings.Contains(err.Error(), "unknown field"):
			seen["unknown"] = true
		}
	}
	for _, k := range []string{"accepted", "syntax", "eof", "type", "trailing", "unknown"} {
		if !seen[k] {
			t.Errorf("no tricky input gives the %s outcome", k)
		}
	}
}

func FuzzParseJSONMatchesEncodingJSON(f *testing.F) {
	s := diffSchema()
	for _, tt := range trickyInputs {
		if len(tt.in) < 1000 {
			f.Add([]byte(tt.in))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		gotR, gotErr := s.ParseJSON("fuzz", in)
		wantR, wantErr := s.referenceParseJSON("fuzz", in)
		if d := sameParse(gotR, gotErr, wantR, wantErr); d != "" {
			t.Fatalf("%q: %s", in, d)
		}
	})
}

// BenchmarkParseJSON reads a WDBC input (30 numbers, as the worker gets
// them) with the hand-written scanner and with the encoding/json reference,
// so that one run gives the ratio.
func BenchmarkParseJSON(b *testing.B) {
	names := strings.Fields(`radius_mean texture_mean perimeter_mean area_mean smoothness_mean compactness_mean
		concavity_mean concave_points_mean symmetry_mean fractal_dimension_mean radius_se texture_se perimeter_se
		area_se smoothness_se compactness_se concavity_se concave_points_se symmetry_se fractal_dimension_se
		radius_worst texture_worst perimeter_worst area_worst smoothness_worst compactness_worst concavity_worst
		concave_points_worst symmetry_worst fractal_dimension_worst`)
	values := strings.Fields(`17.99 10.38 122.8 1001 0.1184 0.2776 0.3001 0.1471 0.2419 0.07871 1.095 0.9053 8.589
		153.4 0.006399 0.04904 0.05373 0.01587 0.03003 0.006193 25.38 17.33 184.6 2019 0.1622 0.6656 0.7119 0.2654
		0.4601 0.1189`)
	s := &Schema{}
	var in strings.Builder
	in.WriteByte('{')
	for i, n := range names {
		var f Field
		f.Name, f.Min, f.Max = n, 0, 10000
		s.Fields = append(s.Fields, f)
		if i > 0 {
			in.WriteString(", ")
		}
		fmt.Fprintf(&in, "%q: %s", n, values[i])
	}
	in.WriteByte('}')
	input := []byte(in.String())
	for _, p := range []struct {
		name  string
		parse func(string, []byte) (Record, error)
	}{{"scanner", s.ParseJSON}, {"encoding-json", s.referenceParseJSON}} {
		b.Run("wdbc/"+p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.parse("bench", input); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
