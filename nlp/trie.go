package nlp

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
