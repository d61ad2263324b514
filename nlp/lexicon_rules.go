package nlp

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The three context classes a finding gets a value for.
const (
	negationClass = iota
	temporalityClass
	experiencerClass
	numClasses
)

var classNames = [numClasses]string{"negation", "temporality", "experiencer"}

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

// interner numbers the word keys the lexicons use, so that matching a
// word costs one string lookup however many lexicons there are; a word no
// lexicon mentions gets -1 and is skipped by every trie at once.
type interner struct {
	ids map[string]int32
}

func (in *interner) id(k string) int32 {
	id, ok := in.ids[k]
	if !ok {
		id = int32(len(in.ids))
		in.ids[k] = id
	}
	return id
}

// setIDs gives each word its key's id, -1 when no lexicon has it.
func (in *interner) setIDs(words []cword) {
	for i := range words {
		if id, ok := in.ids[words[i].key]; ok {
			words[i].id = id
		} else {
			words[i].id = -1
		}
	}
}

// matcher finds the longest rule starting at each word: a trie over word
// ids, so a lookup costs the phrase's length however many phrases share a
// first word. A macro ("<rel>" in "per his <rel>") is one edge holding a
// small trie of its alternatives rather than a copy of the phrase per
// alternative, which keeps the lexicons quick to compile in the browser.
type matcher struct {
	in    *interner
	root  node
	first []*node // root's word children indexed by id, filled by seal: the hot lookup
	// slotStart marks ids that can begin a macro at the root ("<rel> <say>"),
	// so that most words skip the root's macro edges
	slotStart []bool
	rootOpt   bool // a root macro may be empty: always try the root's macros
}

type node struct {
	next  map[int32]*node
	slots []*slotEdge
	rules []*rule // rules whose phrase ends here, in lexicon order
	end   bool    // in a macro's alternatives trie: an alternative ends here
}

// slotEdge is a macro in a phrase: any of its alternatives, then child.
type slotEdge struct {
	alts     *node
	optional bool // the macro has an empty alternative
	child    *node
}

// pathItem is one step of a phrase: a word key, or a macro.
type pathItem struct {
	key  string
	slot *macro
}

// macro is a compiled "@name" line.
type macro struct {
	alts     node
	optional bool
}

func newMatcher(in *interner) *matcher { return &matcher{in: in} }

// seal builds the root index once every lexicon is loaded.
func (m *matcher) seal() {
	m.first = make([]*node, len(m.in.ids))
	for id, n := range m.root.next {
		m.first[id] = n
	}
	m.slotStart = make([]bool, len(m.in.ids))
	for _, sl := range m.root.slots {
		m.rootOpt = m.rootOpt || sl.optional
		for id := range sl.alts.next {
			m.slotStart[id] = true
		}
	}
}

// add inserts a phrase of plain word keys.
func (m *matcher) add(r *rule) {
	path := make([]pathItem, len(r.keys))
	for i, k := range r.keys {
		path[i] = pathItem{key: k}
	}
	m.addPath(path, r)
}

func (m *matcher) addPath(path []pathItem, r *rule) {
	if len(path) == 0 {
		return
	}
	n := &m.root
	for _, it := range path {
		n = m.step(n, it)
	}
	n.rules = append(n.rules, r)
}

func (m *matcher) step(n *node, it pathItem) *node {
	if it.slot != nil {
		for _, s := range n.slots {
			if s.alts == &it.slot.alts {
				return s.child
			}
		}
		s := &slotEdge{alts: &it.slot.alts, optional: it.slot.optional, child: &node{}}
		n.slots = append(n.slots, s)
		return s.child
	}
	id := m.in.id(it.key)
	if n.next == nil {
		n.next = map[int32]*node{}
	}
	c := n.next[id]
	if c == nil {
		c = &node{}
		n.next[id] = c
	}
	return c
}

// longest returns the longest rule matching words from i, and where it
// ends; nil if none. A match may not cover a word marked in skip (nil: no
// marks), and must end at wantEnd unless that is negative. Words must
// have their ids set.
func (m *matcher) longest(words []cword, i int, skip []bool, wantEnd int) (*rule, int) {
	id := words[i].id
	inRange := id >= 0 && int(id) < len(m.first)
	if !m.rootOpt && (!inRange || m.first[id] == nil && !m.slotStart[id]) {
		return nil, -1
	}
	w := walker{words: words, start: i, skip: skip, wantEnd: wantEnd, end: -1}
	if inRange && m.first[id] != nil {
		w.walk(m.first[id], i+1)
	}
	if m.rootOpt || inRange && m.slotStart[id] {
		w.slots(&m.root, i)
	}
	return w.best, w.end
}

// walker is the depth-first search of longest.
type walker struct {
	words   []cword
	start   int
	skip    []bool
	wantEnd int
	best    *rule
	end     int
}

// ok reports whether a match of words[start:j] is allowed.
func (w *walker) ok(j int) bool {
	if w.wantEnd >= 0 && j != w.wantEnd {
		return false
	}
	if w.skip != nil {
		for k := w.start; k < j; k++ {
			if w.skip[k] {
				return false
			}
		}
	}
	return true
}

// walk is at node n having matched words[start:j].
func (w *walker) walk(n *node, j int) {
	if len(n.rules) > 0 && j > w.start && j > w.end && w.ok(j) {
		w.best, w.end = n.rules[0], j
	}
	if n.next != nil && j < len(w.words) && w.words[j].id >= 0 {
		if c := n.next[w.words[j].id]; c != nil {
			w.walk(c, j+1)
		}
	}
	w.slots(n, j)
}

// slots follows n's macro edges from word j.
func (w *walker) slots(n *node, j int) {
	for _, s := range n.slots {
		if s.optional {
			w.walk(s.child, j)
		}
		// every alternative of the macro that matches at j
		a := s.alts
		for k := j; k < len(w.words) && a.next != nil && w.words[k].id >= 0; k++ {
			if a = a.next[w.words[k].id]; a == nil {
				break
			}
			if a.end {
				w.walk(s.child, k+1)
			}
		}
	}
}

// cword is a word of a sentence as the context engine sees it: hyphenated
// and slashed words are split ("pain-free" is "pain" "free"), keys are
// folded (lower case, plural and possessive removed).
type cword struct {
	key                string
	id                 int32 // the key's id in the engine's interner, -1 if unknown
	punct              bool
	Start, End         int
	ByteStart, ByteEnd int
}

// appendWords turns tokens into context words.
func appendWords(dst []cword, toks []Token) []cword {
	for _, t := range toks {
		if t.Kind == Punct || t.Kind == Symbol {
			dst = append(dst, cword{key: t.Text, punct: true, Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd})
			continue
		}
		dst = splitWord(dst, t)
	}
	return dst
}

// splitWord splits a word token at hyphens, and at slashes unless both
// sides are single letters ("s/p", "r/o", "h/o" stay whole).
func splitWord(dst []cword, t Token) []cword {
	s := t.Text
	if strings.IndexByte(s, '-') < 0 && strings.IndexByte(s, '/') < 0 {
		return append(dst, cword{key: fold(s), Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd})
	}
	if t.Kind == Number && strings.IndexByte(s, '-') < 0 {
		return append(dst, cword{key: fold(s), Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd})
	}
	if len(s) == 3 && s[1] == '/' || len(s) == 5 && s[1] == '/' && s[3] == '/' {
		return append(dst, cword{key: fold(s), Start: t.Start, End: t.End, ByteStart: t.ByteStart, ByteEnd: t.ByteEnd})
	}
	segB, segR, r := 0, 0, 0
	for i, c := range s {
		if c == '-' || c == '/' {
			if i > segB {
				dst = append(dst, cword{key: fold(s[segB:i]), Start: t.Start + segR, End: t.Start + r, ByteStart: t.ByteStart + segB, ByteEnd: t.ByteStart + i})
			}
			segB, segR = i+1, r+1
		}
		r++
	}
	if segB < len(s) {
		dst = append(dst, cword{key: fold(s[segB:]), Start: t.Start + segR, End: t.End, ByteStart: t.ByteStart + segB, ByteEnd: t.ByteEnd})
	}
	return dst
}

// fold is the matching key of a word: lower case without a possessive and
// with a regular English plural made singular, applied alike to lexicon
// phrases and to text so that "fevers", "Denies" and "patient's" match
// "fever", "deny" and "patient".
func fold(w string) string {
	w = lower(w)
	for _, suf := range []string{"'s", "’s"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			w = w[:len(w)-len(suf)]
		}
	}
	n := len(w)
	if n <= 3 || w[n-1] != 's' {
		return w
	}
	for i := 0; i < n; i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return w
		}
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	}
	return w[:n-1]
}

// phraseKeys is how a lexicon phrase is split into keys: exactly as text is.
func phraseKeys(phrase string) []string {
	ws := appendWords(nil, Tokenize(phrase))
	keys := make([]string, len(ws))
	for i, w := range ws {
		keys[i] = w.key
	}
	return keys
}

// phrasePath splits a lexicon phrase into word keys and "<name>" macros.
func phrasePath(phrase string, macros map[string]*macro) ([]pathItem, error) {
	var path []pathItem
	for phrase != "" {
		i := strings.IndexByte(phrase, '<')
		lit := phrase
		if i >= 0 {
			lit = phrase[:i]
		}
		for _, k := range phraseKeys(lit) {
			path = append(path, pathItem{key: k})
		}
		if i < 0 {
			break
		}
		j := strings.IndexByte(phrase[i:], '>')
		if j < 0 {
			return nil, fmt.Errorf("unclosed macro in %q", phrase)
		}
		name := phrase[i+1 : i+j]
		mc, ok := macros[name]
		if !ok {
			return nil, fmt.Errorf("unknown macro <%s>", name)
		}
		path = append(path, pathItem{slot: mc})
		phrase = phrase[i+j+1:]
	}
	return path, nil
}

// compileMacro builds the alternatives trie of an "@name" line.
func compileMacro(in *interner, alts []string) *macro {
	mc := &macro{}
	for _, a := range alts {
		keys := phraseKeys(a)
		if len(keys) == 0 {
			mc.optional = true
			continue
		}
		n := &mc.alts
		for _, k := range keys {
			id := in.id(k)
			if n.next == nil {
				n.next = map[int32]*node{}
			}
			c := n.next[id]
			if c == nil {
				c = &node{}
				n.next[id] = c
			}
			n = c
		}
		n.end = true
	}
	return mc
}

// loadTriggers reads a class file (negation.tsv, ...) into m.
func loadTriggers(m *matcher, data []byte, file string, values map[string]bool) error {
	macros := map[string]*macro{}
	return readLines(data, file, func(line int, f []string) error {
		if strings.HasPrefix(f[0], "@") {
			if len(f) < 2 {
				return fmt.Errorf("macro %s has no alternatives", f[0])
			}
			macros[f[0][1:]] = compileMacro(m.in, strings.Split(f[1], "|"))
			return nil
		}
		if len(f) < 2 {
			return fmt.Errorf("want phrase<TAB>value[<TAB>direction[<TAB>window]], got %q", f[0])
		}
		r := rule{value: f[1], window: -1}
		if !values[r.value] {
			return fmt.Errorf("value %q is not one of %s", r.value, strings.Join(sortedKeys(values), ", "))
		}
		dir := "forward"
		if len(f) > 2 && f[2] != "" {
			dir = f[2]
		}
		switch dir {
		case "forward":
			r.dir = forward
		case "backward":
			r.dir = backward
		case "both":
			r.dir = forward | backward
		default:
			return fmt.Errorf("direction %q is not forward, backward or both", dir)
		}
		if len(f) > 3 && f[3] != "" {
			w, err := strconv.Atoi(f[3])
			if err != nil || w < 0 {
				return fmt.Errorf("window %q is not a count of words", f[3])
			}
			r.window = w
		}
		path, err := phrasePath(f[0], macros)
		if err != nil {
			return err
		}
		if len(path) == 0 {
			return fmt.Errorf("empty phrase")
		}
		m.addPath(path, &r)
		return nil
	})
}

// loadTerminators adds the shared terminators to the matchers of the
// classes each line names.
func loadTerminators(ms [numClasses]*matcher, data []byte, file string) error {
	return readLines(data, file, func(line int, f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want phrase<TAB>classes, got %q", f[0])
		}
		type target struct {
			class int
			only  string
		}
		var targets []target
		for _, c := range strings.Split(f[1], ",") {
			switch c = strings.TrimSpace(c); c {
			case "all":
				targets = append(targets, target{negationClass, ""}, target{temporalityClass, ""}, target{experiencerClass, ""})
			case "negation":
				targets = append(targets, target{negationClass, ""})
			case "temporality":
				targets = append(targets, target{temporalityClass, ""})
			case "experiencer":
				targets = append(targets, target{experiencerClass, ""})
			case Negated, Possible:
				targets = append(targets, target{negationClass, c})
			case Historical, Hypothetical:
				targets = append(targets, target{temporalityClass, c})
			case Other:
				targets = append(targets, target{experiencerClass, c})
			default:
				return fmt.Errorf("class %q is not all, negation, temporality, experiencer or a trigger value", c)
			}
		}
		for _, tg := range targets {
			ms[tg.class].add(&rule{keys: phraseKeys(f[0]), value: "terminate", window: -1, only: tg.only})
		}
		return nil
	})
}

// loadFindings adds each finding's canonical name and synonyms, the rule's
// value being the canonical name.
func loadFindings(m *matcher, data []byte, file string) error {
	return readLines(data, file, func(line int, f []string) error {
		if f[0] == "" {
			return fmt.Errorf("empty canonical name")
		}
		names := []string{f[0]}
		if len(f) > 1 && f[1] != "" {
			names = append(names, strings.Split(f[1], "|")...)
		}
		for _, n := range names {
			n = strings.TrimSpace(n)
			neg := strings.HasPrefix(n, "!")
			if n = strings.TrimPrefix(n, "!"); n != "" {
				m.add(&rule{keys: phraseKeys(n), value: f[0], window: -1, negForm: neg})
			}
		}
		return nil
	})
}

// sectionInfo is what a canonical section implies for its findings.
type sectionInfo struct {
	temporality, experiencer string
}

func loadSections(data []byte, file string) (map[string]string, error) {
	m := map[string]string{}
	err := readLines(data, file, func(line int, f []string) error {
		if len(f) < 2 || f[1] == "" {
			return fmt.Errorf("want header<TAB>canonical, got %q", f[0])
		}
		m[headerKey(f[0])] = f[1]
		return nil
	})
	return m, err
}

func loadSectionDefaults(data []byte, file string) (map[string]sectionInfo, error) {
	m := map[string]sectionInfo{}
	err := readLines(data, file, func(line int, f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("want canonical<TAB>temporality<TAB>experiencer")
		}
		si := sectionInfo{f[1], f[2]}
		if si.temporality == "-" {
			si.temporality = ""
		}
		if si.experiencer == "-" {
			si.experiencer = ""
		}
		if si.temporality != "" && si.temporality != "historical" && si.temporality != "hypothetical" && si.temporality != "recent" {
			return fmt.Errorf("temporality %q is not recent, historical or hypothetical", f[1])
		}
		if si.experiencer != "" && si.experiencer != "other" && si.experiencer != "patient" {
			return fmt.Errorf("experiencer %q is not patient or other", f[2])
		}
		m[f[0]] = si
		return nil
	})
	return m, err
}

// headerKey normalises a header for lookup: lower case, single spaces, no
// trailing colon or dot.
func headerKey(h string) string {
	h = strings.TrimRight(strings.TrimSpace(h), ":.")
	return lower(strings.Join(strings.Fields(h), " "))
}

// slug makes a canonical name from an unknown header.
func slug(h string) string {
	var b strings.Builder
	under := false
	for _, r := range headerKey(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
		} else {
			under = true
		}
	}
	return b.String()
}

// readFS reads a lexicon file from fsys, naming it in the error.
func readFS(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("nlp: lexicon %s: %w", name, err)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("nlp: lexicon %s is not UTF-8", name)
	}
	return b, nil
}
