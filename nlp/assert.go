package nlp

import (
	"fmt"

	"github.com/kljensen/snowball/english"
)

// ConceptError says a concept was not found as written in its sentence;
// the Assertion returned with it is still the best decision.
type ConceptError struct {
	Concept string
	Partial bool // part of the concept was found and used
}

func (e *ConceptError) Error() string {
	if e.Partial {
		return fmt.Sprintf("nlp: concept %q not found as written in the sentence; decided from a part or a synonym of it", e.Concept)
	}
	return fmt.Sprintf("nlp: concept %q not found in the sentence; decided from the sentence as a whole", e.Concept)
}

// Assert gives the context of a caller's concept in a sentence: the
// concept is located case-insensitively, tolerant of spacing, line breaks,
// hyphens and plurals ("Chest  pain" finds "chest-pains"). A heading at
// the start of the sentence ("FAMILY HISTORY: ...") gives its section's
// defaults. When the concept is not there, or only partly, Assert still
// returns its best decision, with a *ConceptError.
func Assert(sentence, concept string) (Finding, error) {
	return DefaultEngine().Assert(sentence, concept)
}

// AssertAt is Assert for the mention at sentence[start:end]: when a
// concept is mentioned twice ("a seizure years ago and now a seizure
// again") each mention has its own context. Chinese text, and a range that
// covers no word, fall back to Assert of the text in the range.
func AssertAt(sentence string, start, end int) (Finding, error) {
	return DefaultEngine().AssertAt(sentence, start, end)
}

// AssertAt is the package-level AssertAt with this engine's lexicons.
func (e *Engine) AssertAt(sentence string, start, end int) (Finding, error) {
	if start < 0 || end > len(sentence) || start >= end {
		return e.Assert(sentence, "")
	}
	if Language(sentence) == "zh" {
		return e.Assert(sentence, sentence[start:end])
	}
	return e.assertEnglish(sentence, sentence[start:end], start, end)
}

// Assert is the package-level Assert with this engine's lexicons.
func (e *Engine) Assert(sentence, concept string) (Finding, error) {
	if Language(sentence) == "zh" {
		return e.assertChinese(sentence, concept) // zh_note.go
	}
	return e.assertEnglish(sentence, concept, -1, -1)
}

// assertEnglish locates the concept, or, with start >= 0, takes the words
// overlapping sentence[start:end] as the concept.
func (e *Engine) assertEnglish(sentence, concept string, start, end int) (Finding, error) {
	toks := Tokenize(sentence)
	secs := e.sections(sentence, toks)
	part := toks
	if len(secs) > 0 {
		part = nil
		for k, t := range toks {
			in := false
			for _, s := range secs {
				in = in || s.first <= k && k < s.body
			}
			if !in {
				part = append(part, t)
			}
		}
	}
	words := appendWords(nil, part)
	e.in.setIDs(words)
	ckeys := trimPunctKeys(phraseKeys(concept))
	fs, fe, partial := locate(words, ckeys)
	if start >= 0 {
		fs, fe, partial = -1, -1, false
		for k, w := range words {
			if w.ByteStart < end && start < w.ByteEnd {
				if fs < 0 {
					fs = k
				}
				fe = k + 1
			}
		}
		if fs < 0 {
			fs, fe, partial = locate(words, ckeys)
		}
	}
	var sc scopes
	section := func(b int) string {
		if i := sectionAt(secs, b); i >= 0 {
			return secs[i].Name
		}
		return ""
	}
	if fs >= 0 {
		// the other findings of the sentence, as AnalyzeNote sees them; one
		// that holds the concept's words is the concept itself
		for _, m := range e.findFindings(words, nil) {
			if m.start < fe && fs < m.end {
				continue
			}
			for k := m.start + 1; k < m.end; k++ {
				words[k].inFinding = true
			}
		}
		skip := make([]bool, len(words))
		for k := fs; k < fe; k++ {
			skip[k] = true
		}
		e.scanAll(words, skip, &sc)
		sec := section(words[fs].ByteStart)
		f := finding(sentence, words, fs, fe, concept, e.decide(words, &sc, fs, fe, sec), sec, headingAt(secs, words[fs].ByteStart))
		markAllergyFinding(sentence, secs, &f)
		if partial {
			return f, &ConceptError{Concept: concept, Partial: true}
		}
		return f, nil
	}
	// Not found as written: a lexicon finding of the same concept under
	// another name ("shortness of breath" for "dyspnea", "fever" for
	// "afebrile") stands in for it.
	sec := ""
	if len(words) > 0 {
		sec = section(words[0].ByteStart)
	}
	if canon := e.canonical(ckeys); canon != "" {
		for _, m := range e.findFindings(words, nil) {
			if m.r.value != canon {
				continue
			}
			skip := make([]bool, len(words))
			for k := m.start; k < m.end; k++ {
				skip[k] = true
			}
			e.scanAll(words, skip, &sc)
			sec = section(words[m.start].ByteStart)
			d := e.decide(words, &sc, m.start, m.end, sec)
			if m.r.negForm {
				d.negateSelf(words[m.start:m.end])
			}
			f := finding(sentence, words, m.start, m.end, concept, d, sec, headingAt(secs, words[m.start].ByteStart))
			markAllergyFinding(sentence, secs, &f)
			return f, &ConceptError{Concept: concept, Partial: true}
		}
	}
	// Nowhere: vote over the sentence's words.
	e.scanAll(words, nil, &sc)
	d := e.vote(words, &sc, sec)
	f := Finding{Concept: concept, Negation: d.negation, Temporality: d.temporality, Experiencer: d.experiencer, Section: sec}
	return f, &ConceptError{Concept: concept}
}

// headingAt is the section holding byte b, or nil.
func headingAt(secs []Section, b int) *Section {
	if i := sectionAt(secs, b); i >= 0 {
		return &secs[i]
	}
	return nil
}

// vote decides for a concept that is nowhere in the sentence. The
// sentence's lexicon findings vote as if each were the concept; without
// any, every content word not part of a trigger does. The majority wins;
// a tie goes to the value that is not the default, since a trigger that
// reaches half the sentence says more than silence.
func (e *Engine) vote(words []cword, sc *scopes, section string) decision {
	type span struct{ s, e int }
	var cands []span
	for _, f := range e.findFindings(words, nil) {
		cands = append(cands, span{f.start, f.end})
	}
	if len(cands) == 0 {
		inTrigger := make([]bool, len(words))
		for _, cm := range sc.ms {
			for _, m := range cm {
				for k := m.start; k < m.end && k < len(words); k++ {
					inTrigger[k] = true
				}
			}
		}
		for k, w := range words {
			if w.punct || inTrigger[k] || IsStopword(w.key) || subjectWords[w.key] {
				continue
			}
			cands = append(cands, span{k, k + 1})
		}
	}
	var counts [numClasses]map[string]int
	for c := range counts {
		counts[c] = map[string]int{}
	}
	def := e.decide(words, sc, len(words), len(words), section)
	if len(cands) > maxVoters {
		// a huge sentence: an even sample votes as well as everyone
		step := len(cands) / maxVoters
		sample := cands[:0]
		for i := 0; i < len(cands) && len(sample) < maxVoters; i += step {
			sample = append(sample, cands[i])
		}
		cands = sample
	}
	for _, c := range cands {
		d := e.decide(words, sc, c.s, c.e, section)
		counts[negationClass][d.negation]++
		counts[temporalityClass][d.temporality]++
		counts[experiencerClass][d.experiencer]++
	}
	pick := func(m map[string]int, dflt string) string {
		best, n := dflt, m[dflt]
		for _, v := range sortedKeys(m) {
			if m[v] > n || m[v] == n && best == dflt && v != dflt && n > 0 {
				best, n = v, m[v]
			}
		}
		return best
	}
	return decision{
		negation:    pick(counts[negationClass], def.negation),
		temporality: pick(counts[temporalityClass], def.temporality),
		experiencer: pick(counts[experiencerClass], def.experiencer),
	}
}

// maxVoters bounds the words that vote on a concept not in its sentence.
const maxVoters = 256

// subjectWords name who a sentence is about, not what was found.
var subjectWords = map[string]bool{"patient": true, "pt": true, "man": true, "woman": true, "male": true, "female": true, "gentleman": true, "lady": true, "boy": true, "girl": true, "year": true, "old": true, "yo": true}

// locate finds concept keys in words: exactly, then ignoring punctuation,
// then by stems, then the longest run of the concept's words. It returns
// the word range, or fs = -1.
func locate(words []cword, ckeys []string) (fs, fe int, partial bool) {
	if len(ckeys) == 0 || len(words) == 0 {
		return -1, -1, false
	}
	eq := func(a, b string) bool { return a == b }
	stems := map[string]string{} // notes repeat words; stemming is the cost here
	stem := func(k string) string {
		s, ok := stems[k]
		if !ok {
			s = stemKey(k)
			stems[k] = s
		}
		return s
	}
	stemEq := func(a, b string) bool { return a == b || stem(a) == stem(b) }
	for _, cmp := range []func(a, b string) bool{eq, stemEq} {
		if fs, fe := findSeq(words, ckeys, cmp, false); fs >= 0 {
			return fs, fe, false
		}
		if fs, fe := findSeq(words, ckeys, cmp, true); fs >= 0 {
			return fs, fe, false
		}
	}
	// the longest run of consecutive concept words, content words only
	bestLen := 0
	fs, fe = -1, -1
	for n := len(ckeys) - 1; n >= 1 && bestLen == 0; n-- {
		for a := 0; a+n <= len(ckeys); a++ {
			sub := ckeys[a : a+n]
			content := false
			for _, k := range sub {
				content = content || !IsStopword(k) && !isPunctKey(k)
			}
			if !content {
				continue
			}
			if s, e := findSeq(words, sub, stemEq, true); s >= 0 {
				fs, fe, bestLen = s, e, n
				break
			}
		}
	}
	return fs, fe, fs >= 0
}

func stemKey(k string) string { return english.Stem(k, false) }

// findSeq finds keys in words; with loose, punctuation on either side is
// skipped ("s/p" vs "s / p" aside, "chest-pain" vs "chest pain").
func findSeq(words []cword, keys []string, eq func(a, b string) bool, loose bool) (int, int) {
	if loose {
		var ks []string
		for _, k := range keys {
			if !isPunctKey(k) {
				ks = append(ks, k)
			}
		}
		keys = ks
		if len(keys) == 0 {
			return -1, -1
		}
	}
	for s := 0; s < len(words); s++ {
		if words[s].punct || !eq(words[s].key, keys[0]) {
			continue
		}
		k, i := 1, s+1
		for k < len(keys) && i < len(words) {
			if loose && words[i].punct {
				i++
				continue
			}
			if !eq(words[i].key, keys[k]) {
				break
			}
			k++
			i++
		}
		if k == len(keys) {
			return s, i
		}
	}
	return -1, -1
}
