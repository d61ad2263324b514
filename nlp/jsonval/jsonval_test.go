package jsonval

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// tree is what json.Unmarshal (with UseNumber) makes of a document, for
// comparing with a Value.
func tree(v Value) any {
	switch v.Kind {
	case Bool:
		return v.Bool
	case Number:
		return json.Number(v.Text)
	case String:
		return v.Text
	case Array:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = tree(e)
		}
		return out
	case Object:
		out := map[string]any{}
		for _, m := range v.Members {
			out[m.Key] = tree(m.Value)
		}
		return out
	}
	return nil
}

// checkParse compares Parse with json.Unmarshal on doc.
func checkParse(t *testing.T, doc []byte) {
	t.Helper()
	short := doc[:min(len(doc), 80)]
	var want any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	wantErr := dec.Decode(&want)
	if wantErr == nil && !json.Valid(doc) {
		wantErr = &SyntaxError{Msg: "trailing data"}
	}
	got, err := Parse(doc)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("Parse(%q...): error %v, encoding/json: %v", short, err, wantErr)
	}
	// the message too, as json.Unmarshal words it
	if err != nil {
		var v any
		if want := json.Unmarshal(doc, &v); err.Error() != want.Error() {
			t.Fatalf("Parse(%q...): error %q, json.Unmarshal: %q", short, err, want)
		}
	}
	if err == nil && !reflect.DeepEqual(tree(got), want) {
		t.Fatalf("Parse(%q...) differs from encoding/json", short)
	}
}

var documents = []string{
	`null`, `true`, `false`, `0`, `-0`, `1.5e+300`, `-1E-7`, `1e999`, `01`, `-`, `1.`, `.5`, `1e`, `+1`,
	`""`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\u2028\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`, `"\u12"`, `"\x"`,
	"\"\xff\xfe\"", "\"a\x01\"", "\"\u2028<>&\"", `"ſ K"`,
	`[]`, `[ ]`, `[1,]`, `[,1]`, `[1 2]`, `{}`, `{ }`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1,"a":2}`,
	` {"a" : [ 1 , {"b":null} ] } `, `{"a"`, `{"a":`, `{"a":1`, `{"a":1,`, `"\u12`, `"\`, `"abc`, `[`, `x`, `{"a":1}}`, "\t\r\n[1]\n", `[1] [2]`, `[1]x`, `nul`, `truex`, `tru`, ``, ` `,
	`{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}`,
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001),
}

func TestParseReadsWhatEncodingJSONReads(t *testing.T) {
	for _, doc := range documents {
		t.Run(doc[:min(len(doc), 40)], func(t *testing.T) { checkParse(t, []byte(doc)) })
	}
}

func TestParseAgreesOnRandomDocuments(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		checkParse(t, randomDoc(rng, 0))
	}
}

// randomDoc writes a random, often malformed, JSON-like document.
func randomDoc(rng *rand.Rand, depth int) []byte {
	pieces := []string{"{", "}", "[", "]", ",", ":", `"k"`, `"\u00e9"`, "\"\xc3\"", `"\ud800"`, "1", "-0.5e3", "true", "null", " ", "\n", `"x\"y"`}
	var b []byte
	for range rng.IntN(12) {
		b = append(b, pieces[rng.IntN(len(pieces))]...)
	}
	if rng.IntN(2) == 0 {
		// a valid document too, so that trees get compared
		v := randomValue(rng, 0)
		out, _ := json.Marshal(v)
		return out
	}
	return b
}

func randomValue(rng *rand.Rand, depth int) any {
	switch k := rng.IntN(7); {
	case depth > 3 || k == 0:
		return randomString(rng)
	case k == 1:
		return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(50)-25))
	case k == 2:
		return rng.IntN(2) == 0
	case k == 3:
		return nil
	case k == 4:
		out := make([]any, rng.IntN(4))
		for i := range out {
			out[i] = randomValue(rng, depth+1)
		}
		return out
	default:
		out := map[string]any{}
		for range rng.IntN(4) {
			out[randomString(rng)] = randomValue(rng, depth+1)
		}
		return out
	}
}

func randomString(rng *rand.Rand) string {
	alphabet := []string{"a", "Z", " ", "\"", "\\", "/", "<", ">", "&", "\n", "\t", "\x00", "\x1f", "\x7f", "é", "中", "\u2028", "\u2029", "😀", "\xff", "\xc3", "\ufffd", "\b", "\f"}
	var b strings.Builder
	for range rng.IntN(8) {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

func FuzzParse(f *testing.F) {
	for _, d := range documents {
		f.Add([]byte(d))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { checkParse(t, doc) })
}

func TestAppendStringWritesWhatJSONMarshalWrites(t *testing.T) {
	cases := []string{"", "plain", `"quoted" \ back`, "<script>&amp;</script>", "\u2028\u2029", "\x00\x01\x1f\x7f", "\b\f\n\r\t",
		"\xff", "a\xc3", "\xed\xa0\x80", "é中😀", "\ufffd"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		cases = append(cases, randomString(rng))
	}
	for _, s := range cases {
		checkString(t, s)
	}
}

func checkString(t *testing.T, s string) {
	t.Helper()
	want, _ := json.Marshal(s)
	if got := AppendString(nil, s); !bytes.Equal(got, want) {
		t.Fatalf("AppendString(%q) = %s, json.Marshal: %s", s, got, want)
	}
}

func TestAppendStringNoHTMLWritesWhatAnEncoderWithoutHTMLEscapingWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for n := range 2000 {
		s := randomString(rng)
		if n == 0 {
			s = "<=20 & >5 \u2028"
		}
		var want bytes.Buffer
		e := json.NewEncoder(&want)
		e.SetEscapeHTML(false)
		e.Encode(s)
		if got := AppendStringNoHTML(nil, s); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("AppendStringNoHTML(%q) = %s, json.Encoder: %s", s, got, want.Bytes())
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("<a&b>\u2028\xff")
	f.Fuzz(checkString)
}

func TestAppendFloatWritesWhatJSONMarshalWrites(t *testing.T) {
	cases := []float64{0, math.Copysign(0, -1), 1, -1, 1e21, 1e20, 999999999999999999999, 1e-6, 1e-7, 9.99e-7, 0.1, 1.0 / 3, math.MaxFloat64,
		math.SmallestNonzeroFloat64, math.MaxFloat32, math.SmallestNonzeroFloat32, 123456789, 1 << 53, -2.5e-300, math.NaN(), math.Inf(1), math.Inf(-1)}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		cases = append(cases, rng.NormFloat64()*math.Pow(10, float64(rng.IntN(60)-30)), math.Float64frombits(rng.Uint64()))
	}
	for _, f := range cases {
		checkFloat(t, f)
	}
}

func checkFloat(t *testing.T, f float64) {
	t.Helper()
	want, wantErr := json.Marshal(f)
	got, err := AppendFloat(nil, f, 64)
	if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
		t.Fatalf("AppendFloat(%v, 64) = %s, %v; json.Marshal: %s, %v", f, got, err, want, wantErr)
	}
	want, wantErr = json.Marshal(float32(f))
	got, err = AppendFloat(nil, float64(float32(f)), 32)
	if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
		t.Fatalf("AppendFloat(%v, 32) = %s, %v; json.Marshal: %s, %v", float32(f), got, err, want, wantErr)
	}
}

func FuzzAppendFloat(f *testing.F) {
	f.Add(1e21)
	f.Fuzz(checkFloat)
}

func TestIndentIndentsAsMarshalIndent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 1000 {
		v := randomValue(rng, 0)
		compact, _ := json.Marshal(v)
		for _, in := range [][2]string{{"", " "}, {"", "\t"}, {">", "  "}} {
			want, _ := json.MarshalIndent(v, in[0], in[1])
			if got := Indent(nil, compact, in[0], in[1]); !bytes.Equal(got, want) {
				t.Fatalf("Indent(%s) = %s, json.MarshalIndent: %s", compact, got, want)
			}
		}
	}
}

// decodeTarget is a struct with a field of each type the Decode helpers
// fill, decoded by json.Unmarshal and by hand.
type decodeTarget struct {
	S  string    `json:"s"`
	B  bool      `json:"b"`
	I  int       `json:"i"`
	I6 int64     `json:"i6"`
	F  float64   `json:"f"`
	F3 float32   `json:"f3"`
	SS []string  `json:"ss"`
	FS []float64 `json:"fs"`
}

// sameMessage compares a type error's message with json.Unmarshal's; a
// syntax error's wording is not kept.
func sameMessage(err, wantErr error) bool {
	if _, ok := err.(*TypeError); !ok {
		return true
	}
	return err.Error() == wantErr.Error()
}

func decodeByHand(doc []byte, d *decodeTarget) error {
	v, err := Parse(doc)
	if err != nil {
		return err
	}
	if v.Kind == Null {
		return nil
	}
	if v.Kind != Object {
		return TypeErrorOf(v, "jsonval.decodeTarget")
	}
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	for _, m := range v.Members {
		switch {
		case fold(m.Key) == "S":
			keep(InField(m.Value.DecodeString(&d.S), "decodeTarget", "s"))
		case fold(m.Key) == "B":
			keep(InField(m.Value.DecodeBool(&d.B), "decodeTarget", "b"))
		case fold(m.Key) == "I":
			keep(InField(m.Value.DecodeInt(&d.I), "decodeTarget", "i"))
		case fold(m.Key) == "I6":
			keep(InField(m.Value.DecodeInt64(&d.I6), "decodeTarget", "i6"))
		case fold(m.Key) == "F":
			keep(InField(m.Value.DecodeFloat(&d.F, 64), "decodeTarget", "f"))
		case fold(m.Key) == "F3":
			f := float64(d.F3)
			keep(InField(m.Value.DecodeFloat(&f, 32), "decodeTarget", "f3"))
			d.F3 = float32(f)
		case fold(m.Key) == "SS":
			keep(InField(m.Value.DecodeStrings(&d.SS), "decodeTarget", "ss"))
		case fold(m.Key) == "FS":
			keep(InField(m.Value.DecodeFloats(&d.FS), "decodeTarget", "fs"))
		}
	}
	return first
}

var decodeDocs = []string{
	`{"s":"x","b":true,"i":-3,"i6":9223372036854775807,"f":1e-7,"f3":0.1,"ss":["a",null],"fs":[1,2.5]}`,
	`{"S":"upper","ſ":"long s folds to S","I":1}`, `{"i":1.0}`, `{"i":1e2}`, `{"i6":9223372036854775808}`, `{"f":1e400}`, `{"f3":1e39}`,
	`{"s":1}`, `{"b":"true"}`, `{"ss":"a"}`, `{"ss":[1]}`, `{"fs":null}`, `{"s":null,"i":null}`, `{"s":"a","s":"b"}`, `[]`, `null`, `"x"`, `{"x":{"y":[1]}}`,
	`{"i":-0}`, `{"f":-0}`, `{"i": 12345678901234567890}`,
}

func TestDecodeHelpersFollowUnmarshal(t *testing.T) {
	for _, doc := range decodeDocs {
		t.Run(doc, func(t *testing.T) { checkDecode(t, []byte(doc)) })
	}
}

func checkDecode(t *testing.T, doc []byte) {
	t.Helper()
	start := decodeTarget{S: "before", I: 7, FS: []float64{9}}
	want, got := start, start
	want.FS, got.FS = []float64{9}, []float64{9}
	wantErr := json.Unmarshal(doc, &want)
	err := decodeByHand(doc, &got)
	if (err != nil) != (wantErr != nil) || err != nil && !sameMessage(err, wantErr) {
		t.Fatalf("decoding %s: error %v, json.Unmarshal: %v", doc, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decoding %s: %+v, json.Unmarshal: %+v", doc, got, want)
	}
}

func FuzzDecode(f *testing.F) {
	for _, d := range decodeDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { checkDecode(t, doc) })
}

func TestListsAreWrittenAsJSONMarshalWritesThem(t *testing.T) {
	for _, v := range [][]float64{nil, {}, {0, -1e-7, 1e21}, {math.NaN()}} {
		want, wantErr := json.Marshal(v)
		got, err := AppendFloats(nil, v)
		if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
			t.Errorf("AppendFloats(%v) = %s, %v; json.Marshal: %s, %v", v, got, err, want, wantErr)
		}
	}
	for _, v := range [][]string{nil, {}, {"a", "<\u2028>"}} {
		want, _ := json.Marshal(v)
		if got := AppendStrings(nil, v); !bytes.Equal(got, want) {
			t.Errorf("AppendStrings(%q) = %s, json.Marshal: %s", v, got, want)
		}
	}
}
