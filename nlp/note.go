package nlp

// maxUnitTokens bounds the tokens read as one sentence.
const maxUnitTokens = 400

// Note is the context analysis of a whole note: what the note view draws
// and what window.bedside.context(text) returns as JSON.
type Note struct {
	Sections    []Section    `json:"sections"`
	Findings    []Finding    `json:"findings"`
	Medications []Medication `json:"medications"`
	Vitals      []Vital      `json:"vitals"`
	Labs        []Lab        `json:"labs"`
	Allergies   []Allergy    `json:"allergies"`
}

// AnalyzeNote finds the sections of a note and the findings of the
// built-in lexicon in it, each with its negation, temporality,
// experiencer and section, and offsets into text. It never fails: any
// string, including invalid UTF-8, gives a (possibly empty) Note.
func AnalyzeNote(text string) Note { return DefaultEngine().AnalyzeNote(text) }

// AnalyzeNote is the package-level AnalyzeNote with this engine's lexicons.
func (e *Engine) AnalyzeNote(text string) Note {
	var note Note
	if Language(text) == "zh" {
		note = e.analyzeChinese(text) // zh_note.go
	} else {
		note = e.analyzeEnglish(text)
	}
	extract(text, &note)
	return note
}

func (e *Engine) analyzeEnglish(text string) Note {
	toks := Tokenize(text)
	note := Note{Sections: e.sections(text, toks), Findings: []Finding{}}
	if note.Sections == nil {
		note.Sections = []Section{}
	}
	heading := make([]bool, len(toks)) // tokens of headings, not read as text
	cuts := map[int]bool{}
	for _, s := range note.Sections {
		cuts[s.first] = true
		for k := s.first; k < s.body && k < len(toks); k++ {
			heading[k] = true
		}
	}
	var (
		words []cword
		found []match
		sc    scopes
		skip  []bool
		part  []Token
	)
	analyse := func(a, b int) {
		part = part[:0]
		for k := a; k < b; k++ {
			if !heading[k] {
				part = append(part, toks[k])
			}
		}
		if len(part) == 0 {
			return
		}
		words = appendWords(words[:0], part)
		e.in.setIDs(words)
		found = e.findFindings(words, found[:0])
		if len(found) == 0 {
			return
		}
		skip = resize(skip, len(words))
		for _, f := range found {
			for k := f.start; k < f.end; k++ {
				skip[k] = true
				words[k].inFinding = k > f.start
			}
		}
		e.scanAll(words, skip, &sc)
		section := ""
		var heading *Section
		if i := sectionAt(note.Sections, part[0].ByteStart); i >= 0 {
			section, heading = note.Sections[i].Name, &note.Sections[i]
		}
		for _, f := range found {
			d := e.decide(words, &sc, f.start, f.end, section)
			if f.r.negForm {
				d.negateSelf(words[f.start:f.end])
			}
			note.Findings = append(note.Findings, finding(text, words, f.start, f.end, f.r.value, d, section, heading))
		}
	}
	for _, s := range SplitSentences(text, toks) {
		a := s.First
		for k := s.First + 1; k < s.Last; k++ {
			// a run-on "sentence" (a pasted table, text without stops) is
			// cut into pieces no scope spans, so cost stays linear
			if cuts[k] || k-a >= maxUnitTokens {
				analyse(a, k)
				a = k
			}
		}
		analyse(a, s.Last)
	}
	return note
}

func resize(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

func finding(text string, words []cword, fs, fe int, concept string, d decision, section string, heading *Section) Finding {
	a, b := words[fs], words[fe-1]
	return Finding{
		Span: Span{
			Text: text[a.ByteStart:b.ByteEnd], Start: a.Start, End: b.End,
			ByteStart: a.ByteStart, ByteEnd: b.ByteEnd,
		},
		Concept: concept, Negation: d.negation, Temporality: d.temporality,
		Experiencer: d.experiencer, Section: section, Triggers: d.triggers(text, heading),
	}
}

// negateSelf marks a finding written in a self-negating form ("afebrile").
func (d *decision) negateSelf(words []cword) {
	d.negation = Negated
	a, b := words[0], words[len(words)-1]
	d.why[negationClass] = Trigger{Span: Span{Start: a.Start, End: b.End, ByteStart: a.ByteStart, ByteEnd: b.ByteEnd}, Class: classNames[negationClass], Value: Negated, Source: SourceSelf}
}

// FindingsIn returns the lexicon findings of one sentence (or any text)
// with their context; it is AnalyzeNote(text).Findings.
func (e *Engine) FindingsIn(text string) []Finding { return e.AnalyzeNote(text).Findings }
