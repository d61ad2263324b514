package nlp

import "unicode/utf8"

// TokenKind says what a token is made of.
type TokenKind uint8

const (
	Word   TokenKind = iota // starts with a letter: "fever", "T2DM", "b.i.d.", "patient's"
	Number                  // starts with a digit: "38.5°C", "140/90", "2x/day", "95%"
	Punct                   // punctuation: ".", ",", "...", "--"
	Symbol                  // anything else: emoji, math signs, invalid bytes
)

func (k TokenKind) String() string {
	switch k {
	case Word:
		return "word"
	case Number:
		return "number"
	case Punct:
		return "punct"
	}
	return "symbol"
}

// Token is a piece of the input with its offsets. Start and End count runes
// (what a UI highlights); ByteStart and ByteEnd count UTF-8 bytes (what Go
// slices): text[ByteStart:ByteEnd] == Text. An invalid byte counts as one
// rune, as `for range` over a string does.
type Token struct {
	Text               string
	Kind               TokenKind
	Start, End         int
	ByteStart, ByteEnd int
}

// Tokenize splits text into tokens. It never fails: every non-space rune of
// the input ends up in exactly one token, in order.
//
// Words and numbers keep their inner connectors when letters or digits stand
// on both sides, so clinical forms stay whole: "b.i.d.", "e.g.", "38.5°C",
// "140/90", "2x/day", "s/p", "non-tender", "patient's", "1,000", "10:30".
// Han, Hiragana and Katakana characters are one token each (those scripts do
// not separate words with spaces); an emoji with its modifiers and joiners is
// one Symbol token.
func Tokenize(text string) []Token {
	return AppendTokens(nil, text)
}

// AppendTokens is Tokenize appending to dst, so that a caller processing many
// texts can reuse one slice.
func AppendTokens(dst []Token, text string) []Token {
	var s scanner
	s.text = text
	if cap(dst)-len(dst) < len(text)/6 {
		// about one token per six bytes of clinical prose: one allocation
		grown := make([]Token, len(dst), len(dst)+len(text)/5+4)
		copy(grown, dst)
		dst = grown
	}
	for s.b < len(text) {
		if c := text[s.b]; c == ' ' || c == '\n' {
			s.b++
			s.r++
			continue
		}
		r, size := s.peek(0)
		switch {
		case isSpace(r):
			s.advance(size)
		case isIdeograph(r):
			s.emit(&dst, Word, size, 1)
		case isLetter(r) || isDigit(r):
			s.word(&dst)
		case r == '.' && s.has("..."):
			s.emit(&dst, Punct, 3, 3)
		case isPunct(r):
			// a run of the same mark ("--", "!!", "**") is one token
			n, runes := size, 1
			for s.b+n < len(text) {
				r2, sz2 := utf8.DecodeRuneInString(text[s.b+n:])
				if r2 != r || r == utf8.RuneError {
					break
				}
				n += sz2
				runes++
			}
			s.emit(&dst, Punct, n, runes)
		default:
			s.symbol(&dst)
		}
	}
	return dst
}

// scanner walks the text keeping the byte and rune position together.
type scanner struct {
	text string
	b, r int // byte and rune offsets of the next unread rune
}

func (s *scanner) peek(offset int) (rune, int) {
	i := s.b + offset
	if i >= len(s.text) {
		return -1, 0
	}
	if c := s.text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s.text[i:])
}

func (s *scanner) has(prefix string) bool {
	return len(s.text)-s.b >= len(prefix) && s.text[s.b:s.b+len(prefix)] == prefix
}

func (s *scanner) advance(size int) {
	s.b += size
	s.r++
}

func (s *scanner) emit(dst *[]Token, k TokenKind, bytes, runes int) {
	*dst = append(*dst, Token{
		Text: s.text[s.b : s.b+bytes], Kind: k,
		Start: s.r, End: s.r + runes, ByteStart: s.b, ByteEnd: s.b + bytes,
	})
	s.b += bytes
	s.r += runes
}

// symbol takes one symbol rune with the modifiers that belong to it: emoji
// skin tones, variation selectors, zero-width joiners and the rune each
// joiner glues on, and combining marks.
func (s *scanner) symbol(dst *[]Token) {
	_, n := s.peek(0)
	runes := 1
	for {
		r, sz := s.peek(n)
		if sz == 0 {
			break
		}
		if r == 0x200D { // ZWJ: take the joiner and the next rune
			n += sz
			runes++
			if r2, sz2 := s.peek(n); sz2 > 0 && !isSpace(r2) {
				n += sz2
				runes++
			}
			continue
		}
		if isModifier(r) {
			n += sz
			runes++
			continue
		}
		break
	}
	s.emit(dst, Symbol, n, runes)
}

// word scans a run of letters, digits and marks with the connectors that are
// inside it.
func (s *scanner) word(dst *[]Token) {
	first, _ := s.peek(0)
	kind := Word
	if isDigit(first) {
		kind = Number
	}
	n, runes := 0, 0
	segLetters := 0    // letters since the last dot, for dotted abbreviations
	dotted := false    // joined at least one abbreviation dot: "b.i.d"
	prevDigit := false // previous rune was a digit
	// ASCII letters and digits first, without decoding: most of a note
	for i := s.b; i < len(s.text); i++ {
		c := s.text[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			segLetters++
			prevDigit = false
		} else if '0' <= c && c <= '9' {
			prevDigit = true
		} else {
			break
		}
		n++
		runes++
	}
	for {
		r, sz := s.peek(n)
		if sz == 0 {
			break
		}
		switch {
		case isLetter(r) && !isIdeograph(r):
			segLetters++
		case isDigit(r), isMark(r):
		case r == '.':
			next, _ := s.peek(n + sz)
			if prevDigit && isDigit(next) { // 38.5
				break
			}
			if segLetters > 0 && segLetters <= 2 && isLetter(next) && !isIdeograph(next) && s.letterRun(n+sz) <= 2 {
				dotted = true // e.g, b.i.d, p.o
				segLetters = 0
				break
			}
			if dotted && segLetters > 0 && segLetters <= 2 {
				n += sz // the final dot of "b.i.d."
				runes++
			}
			goto done
		case r == '/' || r == '-' || r == '\'' || r == '’' || r == '_':
			next, _ := s.peek(n + sz)
			if !(isLetter(next) || isDigit(next)) || isIdeograph(next) {
				goto done
			}
			segLetters = 0
		case r == ',' && prevDigit:
			// 1,000 but not "1,2" lists: exactly three digits follow
			if !s.threeDigits(n + sz) {
				goto done
			}
		case r == ':' && prevDigit:
			if next, _ := s.peek(n + sz); !isDigit(next) {
				goto done
			}
		case r == '°' && prevDigit, r == '%' && prevDigit, r == '‰' && prevDigit:
		default:
			goto done
		}
		prevDigit = isDigit(r)
		n += sz
		runes++
	}
done:
	s.emit(dst, kind, n, runes)
}

// letterRun counts the letters starting at byte offset off from s.b.
func (s *scanner) letterRun(off int) int {
	c := 0
	for {
		r, sz := s.peek(off)
		if sz == 0 || !isLetter(r) {
			return c
		}
		c++
		off += sz
	}
}

func (s *scanner) threeDigits(off int) bool {
	for i := 0; i < 3; i++ {
		r, sz := s.peek(off)
		if sz == 0 || !isDigit(r) {
			return false
		}
		off += sz
	}
	r, _ := s.peek(off)
	return !isDigit(r)
}
