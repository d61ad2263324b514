package nlp

import (
	"io/fs"
	"strings"
	"sync"
)

// The three context classes a finding gets a value for.
const (
	negationClass = iota
	temporalityClass
	experiencerClass
	numClasses
)

var classNames = [numClasses]string{"negation", "temporality", "experiencer"}

// values are what a trigger of each class may set; a lexicon line with any
// other value is an error rather than a silent no-op.
var values = [numClasses]map[string]bool{
	{Negated: true, Possible: true, "pseudo": true, "terminate": true},
	{Historical: true, Hypothetical: true, "pseudo": true, "terminate": true},
	{Other: true, "pseudo": true, "terminate": true},
}

// direction of a trigger's scope.
type direction uint8

const (
	forward direction = 1 << iota
	backward
)

// rule is one lexicon phrase.
type rule struct {
	keys    []string
	value   string // negated, possible, historical, hypothetical, other, pseudo, terminate
	dir     direction
	window  int    // most words between trigger and finding; -1 for the default
	only    string // for a terminator: the one trigger value it stops ("" all)
	negForm bool   // for a finding: a form that negates itself ("afebrile")
}

// sectionInfo is what a canonical section implies for its findings.
type sectionInfo struct {
	temporality, experiencer string
}

// Engine holds the compiled lexicons. It is safe for concurrent use.
type Engine struct {
	in       *interner
	classes  [numClasses]*matcher
	findings *matcher
	headers  map[string]string // header key -> canonical ("-": sub-heading)
	// headerFirst holds the first word of every known heading, so that most
	// sentence starts are rejected as headings without building a key
	headerFirst map[string]bool
	defaults    map[string]sectionInfo
}

// NewEngine compiles the lexicon files found in fsys: negation.tsv,
// temporality.tsv, experiencer.tsv, terminators.tsv, findings.tsv,
// sections.tsv and section_defaults.tsv (the formats are described at the
// top of each embedded file under nlp/lexicon). An error names the file and
// line at fault.
func NewEngine(fsys fs.FS) (*Engine, error) {
	in := &interner{ids: map[string]int32{}}
	e := &Engine{in: in, findings: newMatcher(in)}
	for c := range e.classes {
		e.classes[c] = newMatcher(in)
		name := classNames[c] + ".tsv"
		b, err := readFS(fsys, name)
		if err != nil {
			return nil, err
		}
		if err := loadTriggers(e.classes[c], b, name, values[c]); err != nil {
			return nil, err
		}
	}
	b, err := readFS(fsys, "terminators.tsv")
	if err != nil {
		return nil, err
	}
	if err := loadTerminators(e.classes, b, "terminators.tsv"); err != nil {
		return nil, err
	}
	if b, err = readFS(fsys, "findings.tsv"); err != nil {
		return nil, err
	}
	if err := loadFindings(e.findings, b, "findings.tsv"); err != nil {
		return nil, err
	}
	if b, err = readFS(fsys, "sections.tsv"); err != nil {
		return nil, err
	}
	if e.headers, err = loadSections(b, "sections.tsv"); err != nil {
		return nil, err
	}
	if b, err = readFS(fsys, "section_defaults.tsv"); err != nil {
		return nil, err
	}
	if e.defaults, err = loadSectionDefaults(b, "section_defaults.tsv"); err != nil {
		return nil, err
	}
	for _, m := range e.classes {
		m.seal()
	}
	e.findings.seal()
	e.headerFirst = map[string]bool{}
	for h := range e.headers {
		e.headerFirst[strings.Fields(h)[0]] = true
	}
	return e, nil
}

var defaultEngine = sync.OnceValues(func() (*Engine, error) { return NewEngine(LexiconFS()) })

// DefaultEngine is the engine built from the embedded lexicons.
func DefaultEngine() *Engine {
	e, err := defaultEngine()
	if err != nil {
		panic(err) // the embedded lexicons are part of the build; tests catch this
	}
	return e
}

// findFindings marks the lexicon findings among words: the longest match
// at each word.
func (e *Engine) findFindings(words []cword, dst []match) []match {
	return e.findings.scan(words, nil, dst)
}

// canonical returns the lexicon's canonical name for a concept written
// with exactly these keys, or "".
func (e *Engine) canonical(ckeys []string) string {
	if len(ckeys) == 0 {
		return ""
	}
	words := make([]cword, len(ckeys))
	for i, k := range ckeys {
		words[i] = cword{key: k}
	}
	e.in.setIDs(words)
	if r, _ := e.findings.longest(words, 0, nil, len(words)); r != nil {
		return r.value
	}
	return ""
}
