package nlp

import (
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"titles do not end a sentence", "Seen by Dr. Smith today. He denies fever.", []string{"Seen by Dr. Smith today.", "He denies fever."}},
		{"latin abbreviations do not end a sentence", "Use analgesics, e.g. Tylenol. Return if worse.", []string{"Use analgesics, e.g. Tylenol.", "Return if worse."}},
		{"dosing abbreviations before lower case do not end a sentence", "Metformin 500 mg p.o. b.i.d. with meals. Follow up.", []string{"Metformin 500 mg p.o. b.i.d. with meals.", "Follow up."}},
		{"a dosing abbreviation ends a sentence before a capital", "Take it q.d. He agrees.", []string{"Take it q.d.", "He agrees."}},
		{"decimals do not end a sentence", "Temp 38.5 today. Better.", []string{"Temp 38.5 today.", "Better."}},
		{"numbered list items are sentences of their own", "1. Fever.\n2. Cough.\n3. Dysuria", []string{"1. Fever.", "2. Cough.", "3. Dysuria"}},
		{"list items without stops split at the line break", "Problems:\n1. hypertension\n2) diabetes\n- asthma", []string{"Problems:", "1. hypertension", "2) diabetes", "- asthma"}},
		{"wrapped lines stay one sentence", "The patient is a 45 year old man who\npresents with chest pain.", []string{"The patient is a 45 year old man who\npresents with chest pain."}},
		{"a blank line ends a sentence", "No fever\n\nCough for 3 days", []string{"No fever", "Cough for 3 days"}},
		{"an all-caps header line is its own sentence", "PAST MEDICAL HISTORY\nHypertension and diabetes.", []string{"PAST MEDICAL HISTORY", "Hypertension and diabetes."}},
		{"initials do not end a sentence", "Seen with J. Smith.", []string{"Seen with J. Smith."}},
		{"approx before a number does not end a sentence", "Mass approx. 5 cm. Biopsy planned.", []string{"Mass approx. 5 cm.", "Biopsy planned."}},
		{"a unit abbreviation before a capital ends a sentence", "Lisinopril 10 mg. Metformin 500 mg.", []string{"Lisinopril 10 mg.", "Metformin 500 mg."}},
		{"question and exclamation marks end sentences", "Fever? Yes! Now.", []string{"Fever?", "Yes!", "Now."}},
		{"a closing bracket stays with its sentence", "(No fever.) Cough.", []string{"(No fever.)", "Cough."}},
		{"a stop before lower case does not split", "No fever. no chills.", []string{"No fever. no chills."}},
		{"an ellipsis before lower case continues", "fever... and chills", []string{"fever... and chills"}},
		{"no text has no sentences", "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.in) {
				got = append(got, s.Text)
			}
			if strings.Join(got, "||") != strings.Join(tt.want, "||") {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func checkSentences(t *testing.T, text string, toks []Token, ss []Sentence) {
	t.Helper()
	prevB, prevR, prevTok := 0, 0, 0
	for _, s := range ss {
		if s.ByteStart < prevB || s.ByteEnd <= s.ByteStart || s.ByteEnd > len(text) || s.Start < prevR || s.End <= s.Start {
			t.Fatalf("sentence %q at bytes [%d,%d) runes [%d,%d) out of order or outside the text", s.Text, s.ByteStart, s.ByteEnd, s.Start, s.End)
		}
		if text[s.ByteStart:s.ByteEnd] != s.Text || s.First != prevTok || s.Last <= s.First {
			t.Fatalf("sentence %q does not match its offsets or token range [%d,%d)", s.Text, s.First, s.Last)
		}
		prevB, prevR, prevTok = s.ByteEnd, s.End, s.Last
	}
	if prevTok != len(toks) {
		t.Fatalf("sentences cover %d of %d tokens", prevTok, len(toks))
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"", "Dr. X. 1. a\n2. b", "A.\n\nB", "HEADER\nx", "e.g. b.i.d. Q", "(x.) y", "1.", ".\n-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		checkSentences(t, s, toks, SplitSentences(s, toks))
	})
}
