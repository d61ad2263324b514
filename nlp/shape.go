package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func isSpace(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || (r > 127 && unicode.IsSpace(r)) || r == 0x200B || r == 0xFEFF
}

func isLetter(r rune) bool {
	if r < 128 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return r != utf8.RuneError && unicode.IsLetter(r)
}

func isDigit(r rune) bool {
	if r < 128 {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func isMark(r rune) bool { return r >= 0x300 && unicode.IsMark(r) }

func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

func isPunct(r rune) bool {
	if r < 128 {
		return r != '$' && r != '+' && r != '<' && r != '=' && r != '>' && r != '^' && r != '`' && r != '|' && r != '~' &&
			(r >= '!' && r <= '/' || r >= ':' && r <= '@' || r >= '[' && r <= '`' || r >= '{' && r <= '~')
	}
	return r != utf8.RuneError && unicode.IsPunct(r)
}

// isModifier reports runes that extend the symbol before them.
func isModifier(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || // variation selectors
		r >= 0x1F3FB && r <= 0x1F3FF || // skin tones
		r >= 0xE0020 && r <= 0xE007F || // tag sequences (flags)
		r == 0x20E3 || isMark(r)
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// lower is strings.ToLower without the allocation for text already lower.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isAllUpper reports a word with at least one letter and no lower-case one.
func isAllUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

// fold is the matching key of a word: lower case without a possessive and
// with a regular English plural made singular, applied alike to lexicon
// phrases and to text so that "fevers", "Denies" and "patient's" match
// "fever", "deny" and "patient".
func fold(w string) string {
	w = lower(w)
	for _, suf := range []string{"'s", "’s"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			w = w[:len(w)-len(suf)]
		}
	}
	n := len(w)
	if n <= 3 || w[n-1] != 's' {
		return w
	}
	for i := 0; i < n; i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return w
		}
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	}
	return w[:n-1]
}

// headerKey normalises a header for lookup: lower case, single spaces, no
// trailing colon or dot.
func headerKey(h string) string {
	h = strings.TrimRight(strings.TrimSpace(h), ":.")
	return lower(strings.Join(strings.Fields(h), " "))
}

// slug makes a canonical name from an unknown header.
func slug(h string) string {
	var b strings.Builder
	under := false
	for _, r := range headerKey(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
		} else {
			under = true
		}
	}
	return b.String()
}
