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
//
// # Clinical context (what the note view, the worker and `bedside context` call)
//
//	note := nlp.AnalyzeNote(text)         // Note{Sections, Findings, Medications, Vitals, Labs, Allergies};
//	                                      // json.Marshal gives {"sections":[...],"findings":[...],
//	                                      // "medications":[...],"vitals":[...],"labs":[...],"allergies":[...]},
//	                                      // findings being Finding (text, start, end, byte_start,
//	                                      // byte_end, concept, negation, temporality, experiencer, section,
//	                                      // triggers: the span and source of what set each non-default value)
//	code := nlp.ICD10(f.Concept)          // the lexicon's curated ICD-10-CM code, or ""
//	f, err := nlp.Assert(sentence, "chest pain") // one caller concept in one sentence;
//	                                      // err is a *ConceptError when the concept is not there as
//	                                      // written, and f is still the best decision
//	secs := nlp.DefaultEngine().Sections(text)   // headings mapped to canonical names
//
// Values are the lowercase constants Affirmed, Negated, Possible; Recent,
// Historical, Hypothetical; Patient, Other. Nothing here fails or panics on
// any input string; invalid UTF-8 counts one rune per bad byte.
//
// The engine is ConText-style. Each of the three classes has a trigger
// lexicon (lexicon/negation.tsv, temporality.tsv, experiencer.tsv) whose
// phrases are matched longest-first on folded words (lower case, plural and
// possessive removed, hyphens split); a trigger's scope runs forward,
// backward or both, ends at sentence punctuation, at ";", at a terminator
// (terminators.tsv) or past a window of words, and a pseudo-trigger ("no
// change", "gram negative", "history of present illness", "per his wife")
// is matched only so that its words trigger nothing. A forward trigger that
// ends its clause looks backward ("Fever: none.", "Chest pain: denies").
// Forward windows count words per list item, so "denies fever, chills, or
// night sweats" negates all three while "no hepatosplenomegaly, normal bowel
// sounds" stops at the comma. The nearest trigger of a class wins. Time
// expressions ("5 years ago", "in 2009", "a two week history of") follow
// ConText's two-week threshold. Sections (sections.tsv) give defaults
// (section_defaults.tsv): family history is other and historical, past
// medical and surgical history historical, discharge instructions
// hypothetical, allergies historical (a listed reaction is a past one). Built-in findings are lexicon/findings.tsv (about 220
// concepts with their synonyms; "!afebrile" marks a self-negating form).
//
// Chinese text (Language says "zh") is read by its own path on the same
// concepts, values and section names: units are characters and Latin
// words, the zh_*.tsv lexicons are matched longest-first on keys with full
// width and Traditional characters folded to the Simplified ones the
// lexicons are written in (one rune to one, so offsets stay those of the
// text as typed), and scopes end at Chinese clause punctuation. Assert
// finds a Chinese concept as written, whether or not the lexicon lists it.
// A parent writing about their own child ("我儿子发烧了", "宝宝拉肚子")
// writes about the one the question is for: experiencer patient; someone
// else's child ("邻居家孩子", "患者女儿") is other. (The English engine reads
// "son" and "child" as other; its notes are about adult patients.)
//
// To extend the lexicons at run time, copy LexiconFS, add lines, and pass
// it to NewEngine; errors name the file and line.
//
// # Files
//
// One concept per file, in the order text flows through them:
//
//	shape.go      what a rune or a word looks like: rune classes (letter, digit,
//	              punctuation, ideograph), case (lower, startsUpper, isAllUpper),
//	              the context engine's word folding (fold) and heading keys (headerKey, slug)
//	tokenize.go   Token, TokenKind, Tokenize: the scanner that keeps rune and byte offsets
//	sentence.go   Sentence, SplitSentences: where sentences end
//	normalize.go  Term, Step, Pipeline: the normalisation steps the text models train on
//	vocab.go      Vocabulary: terms to dense ids, and its JSON form
//	lexicon.go    the embedded lexicon files, their line reader and errors, the
//	              stopword and abbreviation lists, and the loaders of the context lexicons
//	engine.go     Engine: the compiled context lexicons (classes, rules, section
//	              defaults), NewEngine, DefaultEngine and lookups of findings
//	trie.go       the word-id trie the lexicons compile to, with its "<macro>" edges
//	words.go      context words: tokens split at hyphens and slashes, with folded keys
//	context.go    the ConText rules: trigger scopes, terminators, the nearest trigger
//	              and section defaults deciding a finding's values
//	timeexpr.go   time expressions ("5 years ago", "in 2009") as temporality triggers
//	section.go    Section, Engine.Sections: note headings and their canonical names
//	note.go       Note, AnalyzeNote: every lexicon finding of a note in context
//	extract.go    what the mention readers share: name lexicons compiled to one
//	              regular expression, byte to rune offsets, the order kinds are read in
//	allergy.go    Allergy: allergy lists, "allergic to", NKDA; reactions in them are not present findings
//	medication.go Medication: lexicon/medications.tsv names with dose, unit, route, frequency
//	vitals.go     Vital: blood pressure, heart rate, temperature, SpO2, respiratory rate, weight, height
//	labs.go       Lab: lexicon/labs.tsv tests with value, unit and the note's H/L flag
//	assert.go     Assert, ConceptError: one caller concept in one sentence
//	finding.go    Span, Finding and the context values (Affirmed, Negated, ...)
//	zh.go         Language, and the Chinese path's units, folding and clause stops
//	zh_trad.go    the Traditional to Simplified fold of the lexicons' characters
//	zh_lexicon.go the zh_*.tsv lexicons and their trie
//	zh_note.go    the Chinese context rules, time expressions, headings and Assert
//	zh_pipeline.go ZhSpec and ZhChars: characters as terms for the Chinese text models
package nlp
