// Package nlp is Bedside's clinical text pipeline. It is pure Go with its
// data embedded, so the same code runs natively and in WebAssembly, with
// no network and no files at run time.
//
// Every result carries offsets into the caller's text: Start/End count
// Unicode code points (what a UI highlights), ByteStart/ByteEnd count UTF-8
// bytes (text[ByteStart:ByteEnd] in Go).
//
// # Text processing (what the text models call)
//
//	toks := nlp.Tokenize(text)            // []Token with Kind and offsets
//	sents := nlp.Sentences(text)          // []Sentence; SplitSentences(text, toks) reuses tokens
//	p, _ := nlp.ParsePipeline(nlp.DefaultSpec) // "abbrev,lower,numbers,punct,stopwords,stem"
//	terms := p.Terms(text)                // []Term: normalised text + offsets of the source token
//	words := p.Strings(text)              // just the texts
//	v := nlp.BuildVocabulary(docs, nlp.VocabOptions{MinCount: 2, MaxSize: 20000})
//	ids := v.IDs(words)                   // PadID = 0, OOVID = 1
//	meta, _ := v.MarshalJSON()            // {"version":1,"terms":[...]}; ParseVocabulary reads it
//
// A model stores p.String() and the vocabulary JSON in its weights file's
// metadata so that prediction normalises exactly as training did. Steps are
// also available one by one (Lowercase, StripPunctuation, NormalizeNumbers,
// RemoveStopwords, Stem, ExpandAbbreviations) for NewPipeline.
package nlp

import "sort"

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
