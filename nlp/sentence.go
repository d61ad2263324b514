package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is a run of tokens with its offsets into the text. Tokens
// First..Last-1 of the slice it was split from belong to it.
type Sentence struct {
	Text               string
	Start, End         int // runes
	ByteStart, ByteEnd int
	First, Last        int // token indexes
}

// Sentences tokenizes text and splits it into sentences.
func Sentences(text string) []Sentence {
	return SplitSentences(text, Tokenize(text))
}

// titles end with a dot that never ends a sentence ("Dr. Smith").
var titles = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "prof": true, "st": true,
	"jr": true, "sr": true, "drs": true, "messrs": true, "mt": true,
}

// numberAbbreviations end with a dot that does not end a sentence when a
// number follows ("approx. 5 cm", "No. 2", "Temp. 38.5").
var numberAbbreviations = map[string]bool{
	"approx": true, "no": true, "nos": true, "fig": true, "temp": true, "wt": true,
	"ht": true, "resp": true, "vs": true, "hr": true, "ref": true, "vol": true,
	"est": true, "tel": true, "ph": true, "rm": true, "apt": true, "bp": true,
}

// latin dotted abbreviations never end a sentence ("e.g. Tylenol").
var latinAbbreviations = map[string]bool{"e.g.": true, "i.e.": true, "vs.": true, "cf.": true, "a.k.a.": true}

// SplitSentences splits tokens of text into sentences. A sentence ends at
// ".", "!", "?" or an ellipsis followed by something that can start a
// sentence, at a blank line, and at a line break before a list item or
// after a line ending with a colon. Abbreviations ("Dr.", "approx."),
// initials, decimal numbers, dotted forms ("b.i.d.") and list numbers
// ("1.", "2)") do not end one.
func SplitSentences(text string, toks []Token) []Sentence {
	var out []Sentence
	first := 0
	cut := func(last int) { // tokens first..last-1 form a sentence
		if last > first {
			a, b := toks[first], toks[last-1]
			out = append(out, Sentence{
				Text: text[a.ByteStart:b.ByteEnd], Start: a.Start, End: b.End,
				ByteStart: a.ByteStart, ByteEnd: b.ByteEnd, First: first, Last: last,
			})
		}
		first = last
	}
	for i := 1; i < len(toks); i++ {
		if breakBefore(text, toks, first, i) {
			cut(i)
		}
	}
	cut(len(toks))
	return out
}

// breakBefore reports whether a sentence boundary lies between tokens i-1
// and i, where the current sentence started at token first.
func breakBefore(text string, toks []Token, first, i int) bool {
	prev, cur := toks[i-1], toks[i]
	gap := text[prev.ByteEnd:cur.ByteStart]
	if nl := strings.Count(gap, "\n"); nl >= 2 || nl == 1 && lineBreakEnds(text, toks, first, i) {
		return true
	}
	// closing quotes and brackets stay with the sentence they close
	if isCloser(cur.Text) {
		return false
	}
	end := i - 1
	for end > first && isCloser(toks[end].Text) {
		end--
	}
	t := toks[end]
	switch {
	case t.Kind == Punct && (t.Text == "." || t.Text == "..." || t.Text == "…" || strings.Trim(t.Text, "!?") == ""):
		if t.Text == "." && end > first && !dotEnds(toks, first, end) {
			return false
		}
		if t.Text != "." && t.Text[0] != '!' && t.Text[0] != '?' && !startsUpper(cur.Text) {
			return false // an ellipsis inside a sentence
		}
		return canStart(cur)
	case t.Kind == Word && strings.HasSuffix(t.Text, ".") && strings.Count(t.Text, ".") > 1:
		// "b.i.d. He ..." ends a sentence, "e.g. Tylenol" does not
		if latinAbbreviations[strings.ToLower(t.Text)] {
			return false
		}
		return startsUpper(cur.Text) && !isAllUpper(cur.Text)
	}
	return false
}

// dotEnds reports whether the "." at toks[dot] ends a sentence, judging by
// the token before it.
func dotEnds(toks []Token, first, dot int) bool {
	w := toks[dot-1]
	if w.ByteEnd != toks[dot].ByteStart {
		return true // "word ." spaced: a real stop
	}
	lw := strings.ToLower(w.Text)
	nextNumber := dot+1 < len(toks) && toks[dot+1].Kind == Number
	switch {
	case titles[lw], numberAbbreviations[lw] && nextNumber:
		return false
	case w.Kind == Word && utf8.RuneCountInString(w.Text) == 1 && startsUpper(w.Text):
		return false // an initial: "J. Smith"
	case w.Kind == Number && dot-1 == first && len(w.Text) <= 3:
		return false // a list number: "1. Fever."
	}
	return true
}

// lineBreakEnds decides a single line break between toks[i-1] and toks[i]:
// notes wrap sentences over lines, so a break ends a sentence only where
// the layout says so.
func lineBreakEnds(text string, toks []Token, first, i int) bool {
	prev, cur := toks[i-1], toks[i]
	if prev.Text == ":" || prev.Text == "." || prev.Text == "!" || prev.Text == "?" {
		return true
	}
	if isListMarker(toks, i) {
		return true
	}
	// a header line: every word on the previous line is upper case
	j := i - 1
	for j > first && !strings.Contains(text[toks[j-1].ByteEnd:toks[j].ByteStart], "\n") {
		j--
	}
	allCaps, words := true, 0
	for ; j < i; j++ {
		if toks[j].Kind == Word {
			words++
			allCaps = allCaps && isAllUpper(toks[j].Text)
		}
	}
	if words > 0 && allCaps {
		return true
	}
	// the next line starts with a header "WORD WORD:"
	if isAllUpper(cur.Text) && cur.Kind == Word {
		for j := i; j < len(toks) && j < i+6; j++ {
			if toks[j].Text == ":" {
				return true
			}
			if toks[j].Kind == Word && !isAllUpper(toks[j].Text) {
				break
			}
		}
	}
	return false
}

// isListMarker reports "1." "2)" "a)" "-" "*" "•" starting a list item at i.
func isListMarker(toks []Token, i int) bool {
	t := toks[i]
	switch t.Text {
	case "-", "*", "•", "·", "–", "—", "‣", "▪":
		return i+1 < len(toks)
	}
	if (t.Kind == Number && len(t.Text) <= 3 || t.Kind == Word && len(t.Text) == 1) && i+1 < len(toks) {
		n := toks[i+1].Text
		return (n == "." || n == ")") && toks[i+1].ByteStart == t.ByteEnd
	}
	return false
}

func isCloser(s string) bool {
	switch s {
	case ")", "]", "}", "\"", "'", "”", "’", "»", "))":
		return true
	}
	return false
}

// canStart reports whether a token can begin a sentence after a stop.
func canStart(t Token) bool {
	r, _ := utf8.DecodeRuneInString(t.Text)
	if unicode.IsLower(r) {
		return false
	}
	if t.Kind == Punct {
		switch t.Text {
		case ",", ";", ":", ")", "]", "}":
			return false
		}
	}
	return true
}
