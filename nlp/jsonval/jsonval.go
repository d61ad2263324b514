// Package jsonval reads JSON into a tree of values and writes JSON, with no
// reflection: the inference worker links it instead of encoding/json,
// whose reflection costs the worker about 117 KB of brotli (issue 15).
//
// It reads and writes what encoding/json does, byte for byte: Parse
// accepts exactly the documents json.Unmarshal accepts (json.Valid, at
// most 10000 levels deep) and decodes strings as it does (invalid UTF-8
// and lone surrogates become U+FFFD); AppendString, AppendFloat and Indent
// write what json.Marshal and json.MarshalIndent write. The Decode helpers
// give json.Unmarshal's rules for one field: null leaves the value as it
// was, a value of another JSON type is an error, numbers must fit.
//
// nlp/jsonval is the same file for the packages under nlp (and fhir),
// which may not import the engine, nor the engine them; TestCopiesAgree
// keeps the two copies equal.
package jsonval

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "bool", "number", "string", "array", "object"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind " + strconv.Itoa(int(k))
}

// Value is one parsed JSON value.
type Value struct {
	Kind    Kind
	Bool    bool
	Text    string   // String: the decoded string; Number: the literal as written
	Elems   []Value  // Array
	Members []Member // Object, in the document's order, duplicates kept
}

// Member is one key and value of an object.
type Member struct {
	Key   string
	Value Value
}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

// SyntaxError is a document json.Unmarshal would refuse as malformed.
type SyntaxError struct {
	Msg    string
	Offset int
}

func (e *SyntaxError) Error() string { return e.Msg }

// Parse reads one JSON document, surrounded by nothing but white space.
func Parse(b []byte) (Value, error) {
	p := parser{b: b}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.space()
	if p.i < len(p.b) {
		return Value{}, p.fail("after top-level value")
	}
	return v, nil
}

// ParseFirst reads the first JSON value of b, after white space, as a
// json.Decoder's Decode does, and returns what follows it.
func ParseFirst(b []byte) (Value, []byte, error) {
	p := parser{b: b}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return Value{}, nil, err
	}
	return v, b[p.i:], nil
}

type parser struct {
	b []byte
	i int
}

func (p *parser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) fail(context string) error {
	if p.i >= len(p.b) {
		// encoding/json ends its input with a space: that ends a value
		// between tokens, but is a bad byte inside a literal, a number or
		// an escape.
		if strings.HasPrefix(context, "in ") || strings.HasPrefix(context, "after decimal point") {
			return &SyntaxError{"invalid character ' ' " + context, p.i + 1}
		}
		return &SyntaxError{"unexpected end of JSON input", p.i}
	}
	return &SyntaxError{fmt.Sprintf("invalid character %s %s", quoteChar(p.b[p.i]), context), p.i + 1}
}

// quoteChar formats c as encoding/json's errors do.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(c))
	return "'" + s[1:len(s)-1] + "'"
}

func (p *parser) value(depth int) (Value, error) {
	if p.i >= len(p.b) {
		return Value{}, p.fail("")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		if depth+1 > maxDepth {
			return Value{}, &SyntaxError{"invalid character " + quoteChar(c) + " exceeded max depth", p.i + 1}
		}
		p.i++
		v := Value{Kind: Object, Members: []Member{}}
		p.space()
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			return v, nil
		}
		for {
			if p.i >= len(p.b) || p.b[p.i] != '"' {
				return Value{}, p.fail("looking for beginning of object key string")
			}
			k, err := p.str()
			if err != nil {
				return Value{}, err
			}
			p.space()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				return Value{}, p.fail("after object key")
			}
			p.i++
			p.space()
			e, err := p.value(depth + 1)
			if err != nil {
				return Value{}, err
			}
			v.Members = append(v.Members, Member{k, e})
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				p.space()
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == '}' {
				p.i++
				return v, nil
			}
			return Value{}, p.fail("after object key:value pair")
		}
	case c == '[':
		if depth+1 > maxDepth {
			return Value{}, &SyntaxError{"invalid character " + quoteChar(c) + " exceeded max depth", p.i + 1}
		}
		p.i++
		v := Value{Kind: Array, Elems: []Value{}}
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return v, nil
		}
		for {
			e, err := p.value(depth + 1)
			if err != nil {
				return Value{}, err
			}
			v.Elems = append(v.Elems, e)
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				p.space()
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == ']' {
				p.i++
				return v, nil
			}
			return Value{}, p.fail("after array element")
		}
	case c == '"':
		s, err := p.str()
		return Value{Kind: String, Text: s}, err
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	case c == 't':
		return Value{Kind: Bool, Bool: true}, p.literal("true")
	case c == 'f':
		return Value{Kind: Bool}, p.literal("false")
	case c == 'n':
		return Value{}, p.literal("null")
	default:
		return Value{}, p.fail("looking for beginning of value")
	}
}

func (p *parser) literal(word string) error {
	for j := 0; j < len(word); j++ {
		if p.i >= len(p.b) || p.b[p.i] != word[j] {
			return p.fail("in literal " + word + " (expecting " + quoteChar(word[j]) + ")")
		}
		p.i++
	}
	return nil
}

func digit(c byte) bool { return '0' <= c && c <= '9' }

func (p *parser) number() (Value, error) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
		if p.i >= len(p.b) || !digit(p.b[p.i]) {
			return Value{}, p.fail("in numeric literal")
		}
	}
	if p.b[p.i] == '0' {
		p.i++
	} else {
		for p.i < len(p.b) && digit(p.b[p.i]) {
			p.i++
		}
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if p.i >= len(p.b) || !digit(p.b[p.i]) {
			return Value{}, p.fail("after decimal point in numeric literal")
		}
		for p.i < len(p.b) && digit(p.b[p.i]) {
			p.i++
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if p.i >= len(p.b) || !digit(p.b[p.i]) {
			return Value{}, p.fail("in exponent of numeric literal")
		}
		for p.i < len(p.b) && digit(p.b[p.i]) {
			p.i++
		}
	}
	return Value{Kind: Number, Text: string(p.b[start:p.i])}, nil
}

// str reads a string literal at p.i, checking it as encoding/json's
// scanner does and decoding it as its unquote does.
func (p *parser) str() (string, error) {
	p.i++ // the opening quote
	start := p.i
	plain := true
	for {
		if p.i >= len(p.b) {
			return "", p.fail("")
		}
		c := p.b[p.i]
		switch {
		case c == '"':
			raw := p.b[start:p.i]
			p.i++
			if plain {
				return string(raw), nil
			}
			return unquote(raw), nil
		case c == '\\':
			plain = false
			p.i++
			if p.i >= len(p.b) {
				return "", p.fail("in string escape code")
			}
			switch p.b[p.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i++
			case 'u':
				p.i++
				for k := 0; k < 4; k++ {
					if p.i >= len(p.b) {
						return "", p.fail("in \\u hexadecimal character escape")
					}
					if h := p.b[p.i]; !digit(h) && !('a' <= h && h <= 'f') && !('A' <= h && h <= 'F') {
						return "", p.fail("in \\u hexadecimal character escape")
					}
					p.i++
				}
			default:
				return "", p.fail("in string escape code")
			}
		case c < ' ':
			return "", p.fail("in string literal")
		case c >= utf8.RuneSelf:
			plain = false
			p.i++
		default:
			p.i++
		}
	}
}

// unquote decodes the inside of a checked string literal, as
// encoding/json's unquoteBytes does.
func unquote(s []byte) string {
	b := make([]byte, 0, len(s)+2*utf8.UTFMax)
	for r := 0; r < len(s); {
		switch c := s[r]; {
		case c == '\\':
			r++
			switch s[r] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r-1:])
				r += 5
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // " \ /
				b = append(b, s[r])
			}
			r++
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return string(b)
}

func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// Field returns the member json.Unmarshal would store in the struct field
// called name: members whose key is name or folds to it (as encoding/json
// matches keys) are assigned in order, so the last one wins.
func (v Value) Field(name string) (Value, bool) {
	var out Value
	found := false
	for _, m := range v.Members {
		if SameKey(m.Key, name) {
			out, found = m.Value, true
		}
	}
	return out, found
}

// SameKey reports whether json.Unmarshal stores a member with key in the
// struct field named name: the same name, or the same once folded.
func SameKey(key, name string) bool { return key == name || fold(key) == fold(name) }

// fold is encoding/json's foldName: ASCII upper case, and the smallest
// rune of each Unicode fold set.
func fold(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return string(out)
}

// TypeError is a value of the wrong JSON type or out of range for its
// destination, which json.Unmarshal refuses with an UnmarshalTypeError; its
// message is that error's.
type TypeError struct {
	Value  string // "string", "number", "number 1.5" (a number out of range), ...
	Type   string // the Go type
	Struct string // the Go struct and the JSON name of its field, if in one
	Field  string
}

func (e *TypeError) Error() string {
	if e.Struct != "" || e.Field != "" {
		return "json: cannot unmarshal " + e.Value + " into Go struct field " + e.Struct + "." + e.Field + " of type " + e.Type
	}
	return "json: cannot unmarshal " + e.Value + " into Go value of type " + e.Type
}

// InField names the struct field of a *TypeError, as json.Unmarshal does
// for a field of a struct: the innermost struct, and the path of JSON
// field names from the outermost. Other errors come back as they are.
func InField(err error, structName, field string) error {
	if te, ok := err.(*TypeError); ok {
		c := *te
		if c.Struct == "" && c.Field == "" {
			c.Struct, c.Field = structName, field
		} else {
			c.Field = field + "." + c.Field
		}
		return &c
	}
	return err
}

// TypeErrorOf is the error json.Unmarshal gives for v in a Go value of
// type goType that cannot hold v's JSON type.
func TypeErrorOf(v Value, goType string) error {
	return &TypeError{Value: v.Kind.String(), Type: goType}
}

// DecodeString stores a string value in *dst.
func (v Value) DecodeString(dst *string) error {
	switch v.Kind {
	case Null:
		return nil
	case String:
		*dst = v.Text
		return nil
	}
	return TypeErrorOf(v, "string")
}

// DecodeBool stores a boolean value in *dst.
func (v Value) DecodeBool(dst *bool) error {
	switch v.Kind {
	case Null:
		return nil
	case Bool:
		*dst = v.Bool
		return nil
	}
	return TypeErrorOf(v, "bool")
}

// DecodeInt stores an integer value in *dst; a fraction, an exponent or a
// value beyond the type is an error, as in json.Unmarshal.
func (v Value) DecodeInt(dst *int) error {
	n, err := v.integer("int")
	if err == nil && v.Kind == Number {
		if int64(int(n)) != n {
			return &TypeError{Value: "number " + v.Text, Type: "int"}
		}
		*dst = int(n)
	}
	return err
}

// DecodeInt64 stores an integer value in *dst.
func (v Value) DecodeInt64(dst *int64) error {
	n, err := v.integer("int64")
	if err == nil && v.Kind == Number {
		*dst = n
	}
	return err
}

func (v Value) integer(goType string) (int64, error) {
	switch v.Kind {
	case Null:
		return 0, nil
	case Number:
		n, err := strconv.ParseInt(v.Text, 10, 64)
		if err != nil {
			return 0, &TypeError{Value: "number " + v.Text, Type: goType}
		}
		return n, nil
	}
	return 0, TypeErrorOf(v, goType)
}

// DecodeFloat stores a number in *dst rounded to bits (32 or 64); a
// number beyond the range of the type is an error, as in json.Unmarshal.
func (v Value) DecodeFloat(dst *float64, bits int) error {
	goType := "float" + strconv.Itoa(bits)
	switch v.Kind {
	case Null:
		return nil
	case Number:
		f, err := strconv.ParseFloat(v.Text, bits)
		if err != nil {
			return &TypeError{Value: "number " + v.Text, Type: goType}
		}
		*dst = f
		return nil
	}
	return TypeErrorOf(v, goType)
}

// DecodeSlice stores an array in *dst as json.Unmarshal does: null makes
// it nil, [] an empty slice, and elements are decoded into the slice *dst
// already holds (so that null keeps what was there), which matters only
// when a key repeats. goType names the slice type in errors.
func DecodeSlice[T any](v Value, dst *[]T, goType string, elem func(Value, *T) error) error {
	switch v.Kind {
	case Null:
		*dst = nil
		return nil
	case Array:
	default:
		return TypeErrorOf(v, goType)
	}
	if len(v.Elems) == 0 {
		*dst = []T{}
		return nil
	}
	s := *dst
	var first error
	for i, e := range v.Elems {
		if i >= cap(s) {
			var zero T
			s = append(s[:i], zero)
		} else {
			s = s[:i+1]
		}
		if err := elem(e, &s[i]); err != nil && first == nil {
			first = err
		}
	}
	*dst = s
	return first
}

// DecodeStrings stores an array of strings in *dst, as DecodeSlice.
func (v Value) DecodeStrings(dst *[]string) error {
	return DecodeSlice(v, dst, "[]string", Value.DecodeString)
}

// DecodeFloats stores an array of numbers in *dst, as DecodeSlice.
func (v Value) DecodeFloats(dst *[]float64) error {
	return DecodeSlice(v, dst, "[]float64", func(e Value, f *float64) error { return e.DecodeFloat(f, 64) })
}

// Field is one field of a struct for DecodeStruct: its JSON name and how
// to decode its value.
type Field struct {
	Name   string
	Decode func(Value) error
}

// DecodeStruct decodes an object into a struct as json.Unmarshal does:
// null changes nothing, keys match the fields' names in any case, members
// are decoded in order (the last of a repeated key counts), other keys
// are ignored unless strict (json.Decoder's DisallowUnknownFields), and
// the first error is returned. goType ("pkg.T") and structName ("T") name
// the struct in errors.
func DecodeStruct(v Value, goType, structName string, strict bool, fields ...Field) error {
	switch v.Kind {
	case Null:
		return nil
	case Object:
	default:
		return TypeErrorOf(v, goType)
	}
	var first error
	for _, m := range v.Members {
		var err error
		known := false
		for _, f := range fields {
			if SameKey(m.Key, f.Name) {
				err = InField(f.Decode(m.Value), structName, f.Name)
				known = true
				break
			}
		}
		if !known && strict {
			err = fmt.Errorf("json: unknown field %q", m.Key)
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// AppendString appends s as json.Marshal writes a string: HTML
// characters, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func AppendString(b []byte, s string) []byte { return appendString(b, s, true) }

// AppendStringNoHTML appends s as a json.Encoder with SetEscapeHTML(false)
// writes it: <, > and & as they are, the rest as AppendString.
func AppendStringNoHTML(b []byte, s string) []byte { return appendString(b, s, false) }

func appendString(b []byte, s string, html bool) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// UnsupportedValueError is a NaN or an infinity, which json.Marshal
// refuses.
type UnsupportedValueError struct{ Str string }

func (e *UnsupportedValueError) Error() string { return "json: unsupported value: " + e.Str }

// AppendFloat appends f as json.Marshal writes a float64 (bits 64) or a
// float32 (bits 32).
func AppendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, &UnsupportedValueError{strconv.FormatFloat(f, 'g', -1, bits)}
	}
	abs := math.Abs(f)
	fmt := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			fmt = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, fmt, -1, bits)
	if fmt == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// AppendFloats appends v as json.Marshal writes a []float64: null for
// nil.
func AppendFloats(b []byte, v []float64) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, f := range v {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = AppendFloat(b, f, 64); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

// AppendStrings appends v as json.Marshal writes a []string: null for
// nil.
func AppendStrings(b []byte, v []string) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, s)
	}
	return append(b, ']')
}

// Indent appends the compact JSON src indented as json.MarshalIndent
// indents it (each line starts with prefix, one indent per level).
func Indent(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	open := false // just after { or [: the next byte decides between {} and a new line
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			newline()
		}
		switch c {
		case '"':
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				if src[j] == '\\' {
					j++
				}
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			open = true
			depth++
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			depth--
			if open {
				open = false
			} else {
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
