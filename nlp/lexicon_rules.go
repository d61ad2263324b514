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
// first word (the experiencer lexicon has a thousand starting with "in").
type matcher struct {
	in    *interner
	root  node
	first []*node // root's children indexed by id, filled by seal: the hot lookup
}

// seal builds the root index once every lexicon is loaded.
func (m *matcher) seal() {
	m.first = make([]*node, len(m.in.ids))
	for id, n := range m.root.next {
		m.first[id] = n
	}
}

type node struct {
	next  map[int32]*node
	rules []*rule // rules whose phrase ends here, in lexicon order
}

func newMatcher(in *interner) *matcher { return &matcher{in: in} }

func (m *matcher) add(r *rule) {
	if len(r.keys) == 0 {
		return
	}
	n := &m.root
	for _, k := range r.keys {
		id := m.in.id(k)
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
	n.rules = append(n.rules, r)
}

// longest returns the longest rule matching words from i for which ok
// holds (nil ok: any), or nil. Words must have their ids set.
func (m *matcher) longest(words []cword, i int, ok func(end int) bool) *rule {
	id := words[i].id
	if id < 0 || int(id) >= len(m.first) || m.first[id] == nil {
		return nil
	}
	var best *rule
	n := m.first[id]
	for j := i; ; {
		if len(n.rules) > 0 && (ok == nil || ok(j+1)) {
			best = n.rules[0]
		}
		j++
		if j >= len(words) || n.next == nil || words[j].id < 0 {
			break
		}
		if n = n.next[words[j].id]; n == nil {
			break
		}
	}
	return best
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

// expandKeys turns a phrase with "<name>" macros into every key sequence
// it stands for. Literal parts and macro alternatives are split into keys
// once (cache), not once per combination.
func expandKeys(phrase string, macros map[string][]string, cache map[string][][]string) ([][]string, error) {
	seqs := [][]string{nil}
	for phrase != "" {
		i := strings.IndexByte(phrase, '<')
		lit := phrase
		if i >= 0 {
			lit = phrase[:i]
		}
		if strings.TrimSpace(lit) != "" {
			keys := phraseKeys(lit)
			for k := range seqs {
				seqs[k] = append(seqs[k][:len(seqs[k]):len(seqs[k])], keys...)
			}
		}
		if i < 0 {
			break
		}
		j := strings.IndexByte(phrase[i:], '>')
		if j < 0 {
			return nil, fmt.Errorf("unclosed macro in %q", phrase)
		}
		name := phrase[i+1 : i+j]
		alts, ok := cache[name]
		if !ok {
			raw, defined := macros[name]
			if !defined {
				return nil, fmt.Errorf("unknown macro <%s>", name)
			}
			seen := map[string]bool{}
			for _, a := range raw {
				keys := phraseKeys(a)
				if k := strings.Join(keys, "\x00"); !seen[k] { // "reports" and "report" fold alike
					seen[k] = true
					alts = append(alts, keys)
				}
			}
			cache[name] = alts
		}
		var out [][]string
		for _, s := range seqs {
			for _, a := range alts {
				out = append(out, append(s[:len(s):len(s)], a...))
			}
		}
		seqs = out
		phrase = phrase[i+j+1:]
	}
	return seqs, nil
}

// loadTriggers reads a class file (negation.tsv, ...) into m.
func loadTriggers(m *matcher, data []byte, file string, values map[string]bool) error {
	macros := map[string][]string{}
	cache := map[string][][]string{}
	return readLines(data, file, func(line int, f []string) error {
		if strings.HasPrefix(f[0], "@") {
			if len(f) < 2 {
				return fmt.Errorf("macro %s has no alternatives", f[0])
			}
			macros[f[0][1:]] = strings.Split(f[1], "|")
			delete(cache, f[0][1:])
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
		seqs, err := expandKeys(f[0], macros, cache)
		if err != nil {
			return err
		}
		for _, keys := range seqs {
			rr := r
			rr.keys = keys
			m.add(&rr)
		}
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
