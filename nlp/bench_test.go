package nlp

import (
	"os"
	"strings"
	"testing"
)

// benchNote is a discharge summary of about 2,000 words: the sample note
// repeated, which keeps the mix of sections, lists and triggers real.
func benchNote(b *testing.B) string {
	text, err := os.ReadFile("testdata/discharge_note.txt")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for len(strings.Fields(sb.String())) < 2000 {
		sb.Write(text)
		sb.WriteString("\n")
	}
	return sb.String()
}

func BenchmarkTokenize(b *testing.B) {
	note := benchNote(b)
	n := len(Tokenize(note))
	b.SetBytes(int64(len(note)))
	b.ResetTimer()
	var toks []Token
	for i := 0; i < b.N; i++ {
		toks = AppendTokens(toks[:0], note)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkSentences(b *testing.B) {
	note := benchNote(b)
	b.SetBytes(int64(len(note)))
	for i := 0; i < b.N; i++ {
		Sentences(note)
	}
}

func BenchmarkPipeline(b *testing.B) {
	note := benchNote(b)
	p, _ := ParsePipeline(DefaultSpec)
	b.SetBytes(int64(len(note)))
	for i := 0; i < b.N; i++ {
		p.Terms(note)
	}
}

// BenchmarkAssert is the `bedside context` row: one concept in one sentence.
func BenchmarkAssert(b *testing.B) {
	rows := [][2]string{
		{"The patient denies fever, chills, or night sweats.", "night sweats"},
		{"Her mother had breast cancer at age 45.", "breast cancer"},
		{"Return to the emergency department if you develop fever or chills.", "chills"},
		{"Pulmonary embolism cannot be excluded.", "pulmonary embolism"},
	}
	DefaultEngine()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := rows[i%len(rows)]
		Assert(r[0], r[1])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkAnalyzeNote2000Words is the note view's whole job on a
// 2,000-word note: tokens, sentences, sections, findings and context.
func BenchmarkAnalyzeNote2000Words(b *testing.B) {
	note := benchNote(b)
	sents := len(Sentences(note))
	DefaultEngine()
	b.SetBytes(int64(len(note)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		AnalyzeNote(note)
	}
	b.ReportMetric(float64(sents)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkNewEngine is the one-time cost of compiling the embedded
// lexicons, paid at the first context call.
func BenchmarkNewEngine(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := NewEngine(LexiconFS()); err != nil {
			b.Fatal(err)
		}
	}
}
