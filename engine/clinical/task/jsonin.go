package task

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file reads a prediction input (one flat JSON object) without
// reflection: encoding/json cost about 100 µs per input in wasm, more than
// the model itself. It accepts exactly what json.Decoder (into a
// map[string]json.RawMessage, then More) accepted before, with the same
// error messages, so that callers and users see no difference;
// jsonin_test.go keeps that implementation and compares the two.

// maxJSONDepth is encoding/json's nesting limit, kept so that deeply nested
// input is refused with the same message.
const maxJSONDepth = 10000

// inputEntry is one key of the input object: its decoded name and the
// value's exact bytes.
type inputEntry struct {
	key []byte
	raw []byte
}

// inputScanner walks the input once, validating the whole JSON grammar the
// way encoding/json's scanner does (same first error, same message).
type inputScanner struct {
	in  []byte
	pos int
	// err is the message of the first error; "" while the input is good.
	err string
}

func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

func (s *inputScanner) skipSpace() {
	for s.pos < len(s.in) && isJSONSpace(s.in[s.pos]) {
		s.pos++
	}
}

// fail records encoding/json's syntax error for byte c; it returns false so
// that callers can write "return s.fail(...)".
func (s *inputScanner) fail(c byte, context string) bool {
	s.err = "invalid character " + quoteJSONChar(c) + " " + context
	return false
}

// eof records a value cut short. json.Decoder reports that as
// io.ErrUnexpectedEOF whenever the input holds anything but spaces, which
// is always the case once a value has begun.
func (s *inputScanner) eof() bool {
	s.err = "unexpected EOF"
	return false
}

// quoteJSONChar is encoding/json's quoteChar.
func quoteJSONChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// peek skips spaces and returns the next byte; at the end of the input it
// records an unexpected EOF and returns false.
func (s *inputScanner) peek() (byte, bool) {
	s.skipSpace()
	if s.pos >= len(s.in) {
		return 0, s.eof()
	}
	return s.in[s.pos], true
}

// value skips one value starting at a non-space byte; depth is the number
// of containers around it.
func (s *inputScanner) value(depth int) bool {
	c := s.in[s.pos]
	switch {
	case c == '{' || c == '[':
		if depth+1 > maxJSONDepth {
			return s.fail(c, "exceeded max depth")
		}
		if c == '{' {
			return s.object(depth + 1)
		}
		return s.array(depth + 1)
	case c == '"':
		_, ok := s.str()
		return ok
	case c == '-' || ('0' <= c && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.fail(c, "looking for beginning of value")
}

// object skips an object whose '{' is at s.pos.
func (s *inputScanner) object(depth int) bool {
	return s.members(depth, func(key []byte, start int) {})
}

// members reads the members of the object whose '{' is at s.pos, calling
// got with each key (quoted) and the offset where its value starts, once
// the value has been read (ending at s.pos).
func (s *inputScanner) members(depth int, got func(key []byte, start int)) bool {
	s.pos++
	c, ok := s.peek()
	if !ok {
		return false
	}
	if c == '}' {
		s.pos++
		return true
	}
	for {
		if c != '"' {
			return s.fail(c, "looking for beginning of object key string")
		}
		key, ok := s.str()
		if !ok {
			return false
		}
		if c, ok = s.peek(); !ok {
			return false
		}
		if c != ':' {
			return s.fail(c, "after object key")
		}
		s.pos++
		if _, ok = s.peek(); !ok {
			return false
		}
		start := s.pos
		if !s.value(depth) {
			return false
		}
		got(key, start)
		if c, ok = s.peek(); !ok {
			return false
		}
		switch c {
		case ',':
			s.pos++
			if c, ok = s.peek(); !ok {
				return false
			}
		case '}':
			s.pos++
			return true
		default:
			return s.fail(c, "after object key:value pair")
		}
	}
}

func (s *inputScanner) array(depth int) bool {
	s.pos++
	c, ok := s.peek()
	if !ok {
		return false
	}
	if c == ']' {
		s.pos++
		return true
	}
	for {
		if !s.value(depth) {
			return false
		}
		if c, ok = s.peek(); !ok {
			return false
		}
		switch c {
		case ',':
			s.pos++
			if _, ok = s.peek(); !ok {
				return false
			}
		case ']':
			s.pos++
			return true
		default:
			return s.fail(c, "after array element")
		}
	}
}

// str reads a string whose '"' is at s.pos and returns its quoted bytes.
func (s *inputScanner) str() ([]byte, bool) {
	start := s.pos
	s.pos++
	for s.pos < len(s.in) {
		c := s.in[s.pos]
		switch {
		case c == '"':
			s.pos++
			return s.in[start:s.pos], true
		case c == '\\':
			s.pos++
			if s.pos >= len(s.in) {
				return nil, s.eof()
			}
			switch e := s.in[s.pos]; e {
			case 'b', 'f', 'n', 'r', 't', '\\', '/', '"':
				s.pos++
			case 'u':
				s.pos++
				for i := 0; i < 4; i++ {
					if s.pos >= len(s.in) {
						return nil, s.eof()
					}
					if h := s.in[s.pos]; !isHex(h) {
						return nil, s.fail(h, "in \\u hexadecimal character escape")
					}
					s.pos++
				}
			default:
				return nil, s.fail(e, "in string escape code")
			}
		case c < 0x20:
			return nil, s.fail(c, "in string literal")
		default:
			s.pos++
		}
	}
	return nil, s.eof()
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// number reads a number literal by JSON's grammar. It stops at the first
// byte that cannot continue it; whoever holds the value judges that byte.
func (s *inputScanner) number() bool {
	in := s.in
	if in[s.pos] == '-' {
		s.pos++
		if s.pos >= len(in) {
			return s.eof()
		}
		if !isDigit(in[s.pos]) {
			return s.fail(in[s.pos], "in numeric literal")
		}
	}
	if in[s.pos] == '0' {
		s.pos++
	} else {
		s.digits()
	}
	if s.pos < len(in) && in[s.pos] == '.' {
		s.pos++
		if s.pos >= len(in) {
			return s.eof()
		}
		if !isDigit(in[s.pos]) {
			return s.fail(in[s.pos], "after decimal point in numeric literal")
		}
		s.digits()
	}
	if s.pos < len(in) && (in[s.pos] == 'e' || in[s.pos] == 'E') {
		s.pos++
		if s.pos < len(in) && (in[s.pos] == '+' || in[s.pos] == '-') {
			s.pos++
		}
		if s.pos >= len(in) {
			return s.eof()
		}
		if !isDigit(in[s.pos]) {
			return s.fail(in[s.pos], "in exponent of numeric literal")
		}
		s.digits()
	}
	return true
}

func (s *inputScanner) digits() {
	for s.pos < len(s.in) && isDigit(s.in[s.pos]) {
		s.pos++
	}
}

func (s *inputScanner) literal(word string) bool {
	s.pos++
	for i := 1; i < len(word); i++ {
		if s.pos >= len(s.in) {
			return s.eof()
		}
		if c := s.in[s.pos]; c != word[i] {
			return s.fail(c, "in literal "+word+" (expecting "+quoteJSONChar(word[i])+")")
		}
		s.pos++
	}
	return true
}

// scanInputObject reads the input as json.Decoder.Decode into a
// map[string]json.RawMessage followed by a More check did. It returns the
// object's entries in input order (duplicates included; the last wins, as
// in the map), isNull for a top-level null, and the message of the error
// that Decode (or the trailing-data check) gave.
func scanInputObject(in []byte, entries []inputEntry) (_ []inputEntry, isNull bool, decodeErr, trailing bool, msg string) {
	s := inputScanner{in: in}
	s.skipSpace()
	if s.pos >= len(in) {
		return nil, false, true, false, "EOF"
	}
	kind := ""
	switch c := in[s.pos]; {
	case c == '{':
		ok := s.members(1, func(key []byte, start int) {
			entries = append(entries, inputEntry{key: unquoteJSON(key), raw: in[start:s.pos]})
		})
		if !ok {
			return nil, false, true, false, s.err
		}
		s.skipSpace()
		if s.pos < len(in) && in[s.pos] != ']' && in[s.pos] != '}' {
			return nil, false, false, true, ""
		}
		return entries, false, false, false, ""
	case c == 'n':
		if !s.literal("null") {
			return nil, false, true, false, s.err
		}
		return nil, true, false, false, ""
	case c == '[':
		kind = "array"
	case c == '"':
		kind = "string"
	case c == 't' || c == 'f':
		kind = "bool"
	default:
		kind = "number"
	}
	if !s.value(0) {
		return nil, false, true, false, s.err
	}
	return nil, false, true, false, "json: cannot unmarshal " + kind + " into Go value of type map[string]json.RawMessage"
}

// unquoteJSON decodes a quoted JSON string the way encoding/json does:
// invalid UTF-8 and unpaired surrogates become U+FFFD. q has been validated
// by inputScanner.str. Plain strings are returned without copying.
func unquoteJSON(q []byte) []byte {
	s := q[1 : len(q)-1]
	r := 0
	for r < len(s) {
		c := s[r]
		if c == '\\' {
			break
		}
		if c < utf8.RuneSelf {
			r++
			continue
		}
		rr, size := utf8.DecodeRune(s[r:])
		if rr == utf8.RuneError && size == 1 {
			break
		}
		r += size
	}
	if r == len(s) {
		return s
	}
	b := make([]byte, r, len(s)+utf8.UTFMax)
	copy(b, s[:r])
	for r < len(s) {
		c := s[r]
		switch {
		case c == '\\':
			switch e := s[r+1]; e {
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
				rr := hex4(s[r+2:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(s) && s[r] == '\\' && s[r+1] == 'u' {
						if d := utf16.DecodeRune(rr, hex4(s[r+2:])); d != utf8.RuneError {
							b = utf8.AppendRune(b, d)
							r += 6
							continue
						}
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, e)
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			b = utf8.AppendRune(b, rr)
			r += size
		}
	}
	return b
}

// hex4 reads four hexadecimal digits that the scanner has checked.
func hex4(h []byte) rune {
	var r rune
	for _, c := range h[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// firstHugeNumber returns the first number in a valid JSON value that
// strconv.ParseFloat refuses (one beyond float64's range).
func firstHugeNumber(v []byte) ([]byte, bool) {
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case c == '"':
			for i++; v[i] != '"'; i++ {
				if v[i] == '\\' {
					i++
				}
			}
			i++
		case c == '-' || isDigit(c):
			s := inputScanner{in: v, pos: i}
			s.number()
			if _, err := strconv.ParseFloat(string(v[i:s.pos]), 64); err != nil {
				return v[i:s.pos], true
			}
			i = s.pos
		default:
			i++
		}
	}
	return nil, false
}
