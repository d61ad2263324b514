package nlp

import "strings"

// cword is a word of a sentence as the context engine sees it: hyphenated
// and slashed words are split ("pain-free" is "pain" "free"), keys are
// folded (lower case, plural and possessive removed).
type cword struct {
	key                string
	id                 int32 // the key's id in the engine's interner, -1 if unknown
	punct              bool
	inFinding          bool // a word after the first of a lexicon finding: a list item counts the finding as one word
	Start, End         int
	ByteStart, ByteEnd int
}

// appendWords turns tokens into context words.
func appendWords(dst []cword, toks []Token) []cword {
	for _, t := range toks {
		if t.Kind == Punct || t.Kind == Symbol {
			dst = append(dst, cword{key: t.Text, punct: true, Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd})
			continue
		}
		dst = splitWord(dst, t)
	}
	return dst
}

// splitWord splits a word token at hyphens, and at slashes unless both
// sides are single letters ("s/p", "r/o", "h/o" stay whole).
func splitWord(dst []cword, t Token) []cword {
	s := t.Text
	if strings.IndexByte(s, '-') < 0 && strings.IndexByte(s, '/') < 0 {
		return append(dst, cword{key: fold(s), Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd})
	}
	if t.Kind == Number && strings.IndexByte(s, '-') < 0 {
		return append(dst, cword{key: fold(s), Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd})
	}
	if len(s) == 3 && s[1] == '/' || len(s) == 5 && s[1] == '/' && s[3] == '/' {
		return append(dst, cword{key: fold(s), Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd})
	}
	segB, segR, r := 0, 0, 0
	for i, c := range s {
		if c == '-' || c == '/' {
			if i > segB {
				dst = append(dst, cword{key: fold(s[segB:i]), Start: t.Start + segR, End: t.Start + r, ByteStart: t.ByteStart + segB, ByteEnd: t.ByteStart + i})
			}
			segB, segR = i+1, r+1
		}
		r++
	}
	if segB < len(s) {
		dst = append(dst, cword{key: fold(s[segB:]), Start: t.Start + segR, End: t.End, ByteStart: t.ByteStart + segB, ByteEnd: t.ByteEnd})
	}
	return dst
}

// phraseKeys is how a lexicon phrase is split into keys: exactly as text is.
func phraseKeys(phrase string) []string {
	ws := appendWords(nil, Tokenize(phrase))
	keys := make([]string, len(ws))
	for i, w := range ws {
		keys[i] = w.key
	}
	return keys
}

func trimPunctKeys(keys []string) []string {
	for len(keys) > 0 && isPunctKey(keys[0]) {
		keys = keys[1:]
	}
	for len(keys) > 0 && isPunctKey(keys[len(keys)-1]) {
		keys = keys[:len(keys)-1]
	}
	return keys
}

func isPunctKey(k string) bool {
	for _, r := range k {
		if !isPunct(r) {
			return false
		}
	}
	return k != ""
}
