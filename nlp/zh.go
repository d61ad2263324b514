package nlp

import (
	"unicode"
	"unicode/utf8"

	"github.com/bedside-health/bedside/nlp/record"
)

// Language names the language AnalyzeNote reads text in (record.Language:
// the app asks it without linking nlp).
func Language(text string) string { return record.Language(text) }

// zunit is the Chinese path's token: one Han character, one run of Latin
// letters and digits, one number, or one other character. Chinese has no
// spaces to split words on, and a segmenter would need a dictionary the
// lexicons already are, so matching runs over characters.
type zunit struct {
	key                string // folded: lower case, full-width ASCII as ASCII
	start, end         int    // runes
	bstart, bend       int    // bytes
	gap, newline       bool   // space before it; a line break among that space
	punct, han, number bool
}

// zhUnits splits text into units; invalid bytes are one unit each, so
// offsets count one rune per bad byte as everywhere else in nlp.
func zhUnits(text string, dst []zunit) []zunit {
	rn := 0
	gap, nl := false, false
	for b := 0; b < len(text); {
		r, sz := utf8.DecodeRuneInString(text[b:])
		f := foldWidth(r)
		if unicode.IsSpace(f) {
			gap = true
			nl = nl || f == '\n' || f == '\r' || f == '\u2028' || f == '\u2029'
			b += sz
			rn++
			continue
		}
		u := zunit{start: rn, bstart: b, gap: gap, newline: nl}
		gap, nl = false, false
		switch {
		case isASCIIAlnum(f) && !isDigitRune(f):
			// a Latin word with its digits: "COPD", "T2DM", "HbA1c"
			for b < len(text) {
				r2, sz2 := utf8.DecodeRuneInString(text[b:])
				if f2 := foldWidth(r2); !isASCIIAlnum(f2) {
					break
				}
				b += sz2
				rn++
			}
		case isDigitRune(f):
			u.number = true
			for b < len(text) {
				r2, sz2 := utf8.DecodeRuneInString(text[b:])
				f2 := foldWidth(r2)
				if !isDigitRune(f2) && !(f2 == '.' && b+sz2 < len(text) && isDigitRune(foldWidth(firstRune(text[b+sz2:])))) {
					break
				}
				b += sz2
				rn++
			}
		default:
			b += sz
			rn++
			u.han = unicode.Is(unicode.Han, f)
			u.punct = !u.han && (unicode.IsPunct(f) || unicode.IsSymbol(f))
		}
		u.end, u.bend = rn, b
		u.key = foldKey(text[u.bstart:u.bend])
		dst = append(dst, u)
	}
	return dst
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

func isASCIIAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// foldWidth maps full-width ASCII ("，", "：", "（", "Ｃ", "３") to ASCII, so
// that a lexicon line need not be written twice; "。" and "、" have no
// ASCII twin and stay as they are.
func foldWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	case r == '\uFF64': // half-width ideographic comma
		return '、'
	case r == '\uFF61':
		return '。'
	}
	return r
}

// foldKey is the key units are matched on: full width and Traditional
// characters folded (zh_trad.go), Latin lower-cased.
func foldKey(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		r = foldTrad(foldWidth(r))
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}

// zhHardStop reports a unit no scope crosses: a sentence end, or ";".
func zhHardStop(u *zunit) bool {
	switch u.key {
	case "。", "!", "?", ";", "…", "．":
		return true
	}
	return false
}

// zhClauseStop reports a unit that ends a clause: a Chinese comma starts
// a new statement far more often than it continues a list, which is the
// job of "、".
func zhClauseStop(u *zunit) bool {
	return u.key == "," || zhHardStop(u)
}

// zhListSep reports a unit that separates list items under one trigger:
// "否认发热、咳嗽及胸痛".
func zhListSep(u *zunit) bool {
	switch u.key {
	case "、", "/", "和", "及", "或", "与":
		return true
	}
	return false
}
