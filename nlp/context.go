package nlp

import (
	"io/fs"
	"sort"
	"strings"
	"sync"
)

// Context values, as they appear in JSON and in `bedside context` output.
const (
	Affirmed     = "affirmed"
	Negated      = "negated"
	Possible     = "possible"
	Recent       = "recent"
	Historical   = "historical"
	Hypothetical = "hypothetical"
	Patient      = "patient"
	Other        = "other"
)

// Scope limits, in words. Forward scopes run through lists ("denies fever,
// chills, or night sweats"): the window counts the words of each list item,
// so a long list stays in scope while a long clause does not. Backward
// scopes are short and stop at a comma.
const (
	forwardItemWindow = 6
	forwardMaxWindow  = 30
	backwardWindow    = 5
	maxReach          = 2 * forwardMaxWindow
	maxPhrase         = 16 // longer trigger phrases are cut short by maxReach
)

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

var values = [numClasses]map[string]bool{
	{Negated: true, Possible: true, "pseudo": true, "terminate": true},
	{Historical: true, Hypothetical: true, "pseudo": true, "terminate": true},
	{Other: true, "pseudo": true, "terminate": true},
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

// LexiconFS is the embedded lexicon directory, for callers that want to
// extend it: copy the files, add lines, and pass the result to NewEngine.
func LexiconFS() fs.FS {
	sub, err := fs.Sub(lexiconFS, "lexicon")
	if err != nil {
		panic(err)
	}
	return sub
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

// match is a rule found at words[start:end].
type match struct {
	r          *rule
	start, end int
}

// scan finds the longest rule at each word, left to right. Words marked in
// skip (a finding's own words) start no match and end any match they fall
// in, so that a finding is never read as its own trigger.
func (m *matcher) scan(words []cword, skip []bool, dst []match) []match {
	for i := 0; i < len(words); {
		if skip != nil && skip[i] {
			i++
			continue
		}
		// a phrase running into the finding gives way to a shorter one:
		// "no change" is pseudo, but in "no change" with the concept
		// "change", "no" is the trigger
		r, end := m.longest(words, i, skip, -1)
		if r == nil {
			i++
			continue
		}
		dst = append(dst, match{r, i, end})
		i = end
	}
	return dst
}

// decision is the context of one finding.
type decision struct {
	negation, temporality, experiencer string
}

// clauseEnd reports whether words[i] ends a clause (or there is no word).
func clauseEnd(words []cword, i int) bool {
	if i >= len(words) {
		return true
	}
	if !words[i].punct {
		return false
	}
	switch words[i].key {
	case ".", ";", ",", ":", "!", "?", ")", "]", "...", "…":
		return true
	}
	return false
}

// hardStop reports punctuation no scope crosses.
func hardStop(key string) bool {
	switch key {
	case ".", ";", "!", "?", "...", "…", "!!", "??", "?!":
		return true
	}
	return false
}

// scopes holds a sentence's matches per class and, per word, which
// trigger values a terminator there stops ("" none, "*" all).
type scopes struct {
	ms   [numClasses][]match
	term [numClasses][]string
}

// stops reports whether term (a scopes.term entry) stops value v.
func stops(term string, v string) bool { return term == "*" || term != "" && term == v }

// Breakers are words that, at the start of a new list item, say the item
// is no longer under the trigger: "no hepatosplenomegaly, normal bowel
// sounds", "denies fever, has cough". Verbs break every scope; words that
// describe a finding as present break only negation ("return for fever,
// increased pain, or redness" stays hypothetical throughout).
var verbBreakers = map[string]bool{
	"has": true, "have": true, "had": true, "is": true, "are": true, "was": true, "were": true,
	"show": true, "showed": true, "shows": true, "reveal": true, "revealed": true,
	"demonstrate": true, "demonstrated": true, "continue": true, "continues": true,
	"developed": true, "now": true, "then": true, "also": true, "noted": true,
}

var presenceBreakers = map[string]bool{
	"normal": true, "normally": true, "positive": true, "present": true, "intact": true,
	"clear": true, "soft": true, "regular": true, "stable": true, "mild": true, "mildly": true,
	"moderate": true, "moderately": true, "severe": true, "severely": true, "small": true,
	"large": true, "trace": true, "some": true, "increased": true, "decreased": true,
	"elevated": true, "with": true, "+": true, "1+": true, "2+": true, "3+": true, "good": true,
}

// reachForward reports whether trigger t's forward scope reaches a finding
// starting at fs, and how many words lie between.
func reachForward(words []cword, term []string, t match, fs int) (int, bool) {
	item, total := 0, 0
	newItem := false // after a comma or a conjunction
	for k := t.end; k < fs; k++ {
		w := words[k]
		if w.punct {
			if hardStop(w.key) {
				return 0, false
			}
			if w.key == "," || w.key == "/" || w.key == "&" {
				item, newItem = 0, true
			}
			continue
		}
		// a terminator right after the trigger is part of its phrase:
		// "does not report pain", "did not complain of"
		if k > t.end && stops(term[k], t.r.value) {
			return 0, false
		}
		if w.key == "and" || w.key == "or" || w.key == "nor" {
			item, newItem = 0, true
			continue
		}
		if newItem && (verbBreakers[w.key] || presenceBreakers[w.key] && (t.r.value == Negated || t.r.value == Possible)) {
			return 0, false
		}
		newItem = false // only an item's first word can break the list
		item++
		total++
		if t.r.window >= 0 && total > t.r.window || item > forwardItemWindow || total > forwardMaxWindow {
			return 0, false
		}
	}
	return total, true
}

// reachBackward reports whether trigger t's backward scope reaches a
// finding ending at fe.
func reachBackward(words []cword, term []string, t match, fe int) (int, bool) {
	total := 0
	for k := fe; k < t.start; k++ {
		w := words[k]
		if w.punct {
			if hardStop(w.key) || w.key == "," {
				return 0, false
			}
			continue
		}
		if stops(term[k], t.r.value) {
			return 0, false
		}
		total++
		if t.r.window >= 0 && total > t.r.window || total > backwardWindow {
			return 0, false
		}
	}
	return total, true
}

// nearest returns the value of the closest trigger whose scope covers the
// finding words[fs:fe], or "".
func nearest(words []cword, ms []match, term []string, fs, fe int) string {
	best, bestDist := "", 1<<30
	// ms is sorted by start: look only at triggers near enough to reach
	lo := sort.Search(len(ms), func(i int) bool { return ms[i].start >= fs-maxReach-maxPhrase })
	for _, m := range ms[lo:] {
		if m.start > fe+maxReach {
			break
		}
		if m.r.value == "pseudo" || m.r.value == "terminate" {
			continue
		}
		// no window reaches this far (words plus the punctuation between
		// them): skip the walk, which keeps huge run-on text linear
		if m.end <= fs && fs-m.end > maxReach || m.start >= fe && m.start-fe > maxReach {
			continue
		}
		if m.end <= fs {
			fwd := m.r.dir&forward != 0
			if fwd {
				if d, ok := reachForward(words, term, m, fs); ok && d < bestDist {
					best, bestDist = m.r.value, d
				}
			}
		}
		if m.start >= fe {
			bwd := m.r.dir&backward != 0 || m.r.dir == forward && clauseEnd(words, m.end)
			if bwd {
				if d, ok := reachBackward(words, term, m, fe); ok && d < bestDist {
					best, bestDist = m.r.value, d
				}
			}
		}
	}
	return best
}

// decide gives the context of words[fs:fe] from the class matches and the
// section's defaults.
func (e *Engine) decide(words []cword, sc *scopes, fs, fe int, section string) decision {
	d := decision{Affirmed, Recent, Patient}
	if def, ok := e.defaults[section]; ok {
		if def.temporality != "" {
			d.temporality = def.temporality
		}
		if def.experiencer != "" {
			d.experiencer = def.experiencer
		}
	}
	if v := nearest(words, sc.ms[negationClass], sc.term[negationClass], fs, fe); v != "" {
		d.negation = v
	}
	if v := nearest(words, sc.ms[temporalityClass], sc.term[temporalityClass], fs, fe); v != "" {
		d.temporality = v
	}
	if v := nearest(words, sc.ms[experiencerClass], sc.term[experiencerClass], fs, fe); v != "" {
		d.experiencer = v
	}
	return d
}

// scanAll finds the triggers of every class, plus the time expressions
// ("3 years ago", "in 2015") that no word list can hold.
func (e *Engine) scanAll(words []cword, skip []bool, sc *scopes) {
	ms := &sc.ms
	for c := range ms {
		ms[c] = e.classes[c].scan(words, skip, ms[c][:0])
	}
	// a time expression outranks the words in it: "a two week history of
	// cough" is recent although "history of" is a historical trigger
	n := len(ms[temporalityClass])
	ms[temporalityClass] = appendTimeExpressions(ms[temporalityClass], words, skip)
	if times := ms[temporalityClass][n:]; len(times) > 0 {
		kept := make([]match, 0, len(ms[temporalityClass]))
		for _, m := range ms[temporalityClass][:n] {
			overlap := false
			for _, t := range times {
				overlap = overlap || m.start < t.end && t.start < m.end
			}
			if !overlap {
				kept = append(kept, m)
			}
		}
		ms[temporalityClass] = append(kept, times...)
		sort.SliceStable(ms[temporalityClass], func(i, j int) bool {
			return ms[temporalityClass][i].start < ms[temporalityClass][j].start
		})
	}
	for c := range ms {
		term := sc.term[c][:0]
		for range words {
			term = append(term, "")
		}
		for _, m := range ms[c] {
			if m.r.value != "terminate" {
				continue
			}
			v := m.r.only
			if v == "" {
				v = "*"
			}
			for k := m.start; k < m.end; k++ {
				if term[k] == "" || v == "*" {
					term[k] = v
				}
			}
		}
		sc.term[c] = term
	}
}

var historicalRule = &rule{value: Historical, dir: forward | backward, window: -1}
var recentRule = &rule{value: "pseudo", window: -1}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "many": 3, "few": 3,
	"couple": 2, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}

// appendTimeExpressions adds "<n> <unit> ago|prior|earlier|before",
// "<n> <unit> history of" and
// "in <year>" as temporality rules: historical when more than two weeks
// back (ConText's threshold), pseudo (recent) otherwise.
func appendTimeExpressions(ms []match, words []cword, skip []bool) []match {
	for i := 0; i+1 < len(words); i++ {
		if skip != nil && skip[i] {
			continue
		}
		w := words[i].key
		if w == "in" && i+1 < len(words) && isYear(words[i+1].key) {
			ms = append(ms, match{historicalRule, i, i + 2})
			continue
		}
		n, ok := numberWords[w]
		if !ok {
			n, ok = atoiPrefix(w)
		}
		if !ok || i+2 >= len(words) {
			continue
		}
		unit, ago := words[i+1].key, words[i+2].key
		end := i + 3
		switch ago {
		case "ago", "prior", "earlier", "before":
		case "history":
			if end < len(words) && words[end].key == "of" {
				end++
			}
		default:
			continue
		}
		days := 0
		switch unit {
		case "day", "d":
			days = n
		case "week", "wk", "w":
			days = 7 * n
		case "month", "mo", "mos", "m":
			days = 30 * n
		case "year", "yr", "yrs", "y", "decade":
			days = 365 * n
		default:
			continue
		}
		r := recentRule
		if days > 14 {
			r = historicalRule
		}
		ms = append(ms, match{r, i, end})
	}
	return ms
}

func isYear(s string) bool {
	if len(s) != 4 || (s[:2] != "19" && s[:2] != "20") {
		return false
	}
	for i := 2; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoiPrefix reads a small count at the start of w ("3", "10").
func atoiPrefix(w string) (int, bool) {
	n, i := 0, 0
	for ; i < len(w) && i < 4 && w[i] >= '0' && w[i] <= '9'; i++ {
		n = n*10 + int(w[i]-'0')
	}
	return n, i > 0 && i == len(w)
}

// findFindings marks the lexicon findings among words: the longest match
// at each word.
func (e *Engine) findFindings(words []cword, dst []match) []match {
	return e.findings.scan(words, nil, dst)
}
