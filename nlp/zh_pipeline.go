package nlp

import (
	"strings"
	"unicode/utf8"
)

// ZhSpec is the pipeline for Chinese text models: characters as units,
// Latin words and numbers whole and lowercased, numbers to "<num>",
// punctuation dropped. Chinese has no spaces to split words on and a
// segmenter would bring a dictionary and its errors, so a model reads
// characters; a wide branch that adds term bigrams then sees character
// bigrams, which cover most two-character words ("乙肝", "血压").
const ZhSpec = "zhchars,lower,numbers,punct"

// ZhChars makes every Han, Hiragana or Katakana character a term of its
// own and folds full-width ASCII to ASCII ("ＣＴ" -> "CT", "３" -> "3"), so
// that text typed with a Chinese input method meets the same vocabulary as
// half-width text. Latin words and numbers stay whole. Offsets stay those
// of the original text.
var ZhChars = Step{"zhchars", zhChars}

func zhChars(ts []Term) []Term {
	var out []Term // allocated only when a term must be split
	for i, t := range ts {
		split := false
		if utf8.RuneCountInString(t.Text) > 1 {
			for _, r := range t.Text {
				if isIdeograph(r) {
					split = true
					break
				}
			}
		}
		if !split {
			t.Text = foldWidthString(t.Text)
			if isDigit(firstRune(t.Text)) {
				t.Kind = Number
			}
			if out != nil {
				out = append(out, t)
			} else {
				ts[i] = t
			}
			continue
		}
		if out == nil {
			out = append(make([]Term, 0, len(ts)+8), ts[:i]...)
		}
		out = appendSplitIdeographs(out, t)
	}
	if out == nil {
		return ts
	}
	return out
}

// appendSplitIdeographs appends t cut into single ideographs and the runs
// of other runes between them.
func appendSplitIdeographs(out []Term, t Term) []Term {
	s := t.Text
	rn, b := t.Start, 0
	runStart, runRune := -1, 0
	flush := func(end, endRune int) {
		if runStart < 0 {
			return
		}
		txt := foldWidthString(s[runStart:end])
		kind := Word
		if isDigit(firstRune(txt)) {
			kind = Number
		}
		out = append(out, Term{Text: txt, Kind: kind, Start: runRune, End: endRune, ByteStart: t.ByteStart + runStart, ByteEnd: t.ByteStart + end})
		runStart = -1
	}
	for b < len(s) {
		r, sz := utf8.DecodeRuneInString(s[b:])
		if isIdeograph(r) {
			flush(b, rn)
			out = append(out, Term{Text: s[b : b+sz], Kind: Word, Start: rn, End: rn + 1, ByteStart: t.ByteStart + b, ByteEnd: t.ByteStart + b + sz})
		} else if runStart < 0 {
			runStart, runRune = b, rn
		}
		b += sz
		rn++
	}
	flush(b, rn)
	return out
}

func foldWidthString(s string) string {
	for _, r := range s {
		if foldWidth(r) != r {
			return strings.Map(foldWidth, s)
		}
	}
	return s
}
