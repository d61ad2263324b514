package nlp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"dosing abbreviations keep their dots", "metformin b.i.d. and q.d.", []string{"metformin", "b.i.d.", "and", "q.d."}},
		{"a frequency with a slash is one token", "aspirin 2x/day", []string{"aspirin", "2x/day"}},
		{"a temperature keeps its unit", "T 38.5°C.", []string{"T", "38.5°C", "."}},
		{"a blood pressure is one token", "BP 140/90, HR 88", []string{"BP", "140/90", ",", "HR", "88"}},
		{"letters and digits mix in a word", "T2DM and COVID-19", []string{"T2DM", "and", "COVID-19"}},
		{"hyphenated words stay whole", "non-tender, well-appearing", []string{"non-tender", ",", "well-appearing"}},
		{"apostrophes stay inside words", "patient's mother doesn't smoke", []string{"patient's", "mother", "doesn't", "smoke"}},
		{"curly apostrophes too", "patient’s", []string{"patient’s"}},
		{"an ellipsis is one token", "fever... cough…", []string{"fever", "...", "cough", "…"}},
		{"two dots at the end are one token", "three days..", []string{"three", "days", ".."}},
		{"a sentence dot after a word is separate", "Dr. Smith.", []string{"Dr", ".", "Smith", "."}},
		{"thousands and times", "1,000 mg at 10:30", []string{"1,000", "mg", "at", "10:30"}},
		{"a list of numbers is split", "1,2,3", []string{"1", ",", "2", ",", "3"}},
		{"percent sticks to its number", "SpO2 95%.", []string{"SpO2", "95%", "."}},
		{"slashes join clinical shorthand", "s/p CABG, r/o MI", []string{"s/p", "CABG", ",", "r/o", "MI"}},
		{"Chinese characters are one token each", "发烧咳嗽", []string{"发", "烧", "咳", "嗽"}},
		{"emoji with modifiers are one token", "ok 👍🏽 👩‍⚕️!", []string{"ok", "👍🏽", "👩‍⚕️", "!"}},
		{"accented letters are letters", "café naïve", []string{"café", "naïve"}},
		{"a run of dashes is one token", "a -- b", []string{"a", "--", "b"}},
		{"brackets are separate", "(no fever)", []string{"(", "no", "fever", ")"}},
		{"empty text has no tokens", "", nil},
		{"only spaces has no tokens", " \n\t ", nil},
		{"run-on sentences split at the dot", "sentence.Next one", []string{"sentence", ".", "Next", "one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(Tokenize(tt.in))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenKinds(t *testing.T) {
	toks := Tokenize("T2DM 140/90 . 👍")
	want := []TokenKind{Word, Number, Punct, Symbol}
	for i, k := range want {
		if toks[i].Kind != k {
			t.Errorf("token %q kind %v, want %v", toks[i].Text, toks[i].Kind, k)
		}
	}
}

// checkTokens verifies the offset invariants every caller relies on.
func checkTokens(t *testing.T, text string, toks []Token) {
	t.Helper()
	prevB, prevR := 0, 0
	for _, tok := range toks {
		if tok.ByteStart < prevB || tok.ByteEnd <= tok.ByteStart || tok.ByteEnd > len(text) {
			t.Fatalf("token %q bytes [%d,%d) out of order or outside text of %d bytes", tok.Text, tok.ByteStart, tok.ByteEnd, len(text))
		}
		if text[tok.ByteStart:tok.ByteEnd] != tok.Text {
			t.Fatalf("token %q does not match text[%d:%d] = %q", tok.Text, tok.ByteStart, tok.ByteEnd, text[tok.ByteStart:tok.ByteEnd])
		}
		runesBefore := len([]rune(text[:tok.ByteStart]))
		if tok.Start != runesBefore || tok.End-tok.Start != len([]rune(tok.Text)) || tok.Start < prevR {
			t.Fatalf("token %q runes [%d,%d), want start %d and %d runes", tok.Text, tok.Start, tok.End, runesBefore, len([]rune(tok.Text)))
		}
		prevB, prevR = tok.ByteEnd, tok.End
	}
}

func TestTokenOffsets(t *testing.T) {
	for _, text := range []string{
		"Température 38,5 °C — pas de fièvre 🤒 发烧 3天",
		"invalid \xff\xfe bytes \xc3 here",
		"BP 140/90 on 2x/day b.i.d. T2DM s/p CABG.",
	} {
		toks := Tokenize(text)
		checkTokens(t, text, toks)
		// nothing but whitespace is lost
		var b strings.Builder
		for _, tok := range toks {
			b.WriteString(tok.Text)
		}
		if want := strings.Join(strings.Fields(text), ""); b.String() != want && utf8.ValidString(text) {
			t.Errorf("tokens of %q concatenate to %q, want %q", text, b.String(), want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "b.i.d.", "38.5°C", "1,000", "👩‍⚕️👍🏽", "a\u0301b", "\xff.\xfe", "e.g.x", "...", "days..", ".."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTokens(t, s, Tokenize(s))
	})
}
