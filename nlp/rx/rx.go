// Package rx runs regular expressions that were compiled ahead of time by
// Go's regexp/syntax (see rxgen), so that a program that uses them does not
// link the regexp packages and their parser, about 280 KB of WebAssembly.
// The matcher is regexp's own NFA simulation with the same leftmost-first
// semantics, so a pattern finds exactly what regexp.MustCompile(pattern)
// would; rxgen's tests hold the two to that on every pattern.
package rx

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The instruction and empty-width codes are regexp/syntax's (rxgen checks).
const (
	opAlt uint8 = iota
	opAltMatch
	opCapture
	opEmptyWidth
	opMatch
	opFail
	opNop
	opRune
	opRune1
	opRuneAny
	opRuneAnyNotNL
)

const (
	emptyBeginLine = 1 << iota
	emptyEndLine
	emptyBeginText
	emptyEndText
	emptyWordBoundary
	emptyNoWordBoundary
)

const foldCase = 1 // syntax.FoldCase: an opRune's Arg flag

type inst struct {
	op    uint8
	out   uint32
	arg   uint32
	runes []rune
}

// Table maps each pattern a package uses to its compiled program, as
// written by rxgen into the package's generated file.
type Table struct {
	Progs map[string]string

	mu        sync.Mutex
	requested []string
}

// Requested lists the patterns compiled against t so far, for rxgen.
func (t *Table) Requested() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.requested...)
}

// Regexp is a compiled pattern. Its methods behave as regexp.Regexp's of
// the same names.
type Regexp struct {
	expr string
	enc  string
	once sync.Once
	prog []inst
	// start is the first instruction; ncap the number of capture slots
	// the program fills; nsub the number of groups the pattern has.
	start, ncap, nsub int
	cond              uint32 // the empty-width conditions every match starts with
	prefix            string // literal every match starts with, if any
	prefixRune        rune
	// first holds the runes a match can start with, when the program
	// cannot match the empty string: the VM starts no thread at a position
	// whose rune is not in it or where cond does not hold, and skips such
	// positions while no thread runs. regexp itself backtracks on short
	// inputs instead; without this the triage rules' large alternations
	// (a thread per alternative at every position) ran ~40% slower here.
	first *firstRunes
	pool  sync.Pool
}

// firstRunes is a set of runes: ASCII exactly, the rest as one bit.
type firstRunes struct {
	ascii    [128]bool
	nonASCII bool
}

// canStart reports whether a match may start at a position whose rune is
// r and whose empty-width conditions are flag.
func (re *Regexp) canStart(r rune, flag uint32) bool {
	if re.first == nil {
		return true
	}
	if re.cond&^flag != 0 || r < 0 {
		return false
	}
	if r < utf8.RuneSelf {
		return re.first.ascii[r]
	}
	return re.first.nonASCII
}

// firstSet collects the runes the program's first rune instructions
// accept, or returns nil when a match may start without one (an empty
// match, or any rune).
func firstSet(prog []inst, start int) *firstRunes {
	f := &firstRunes{}
	seen := make([]bool, len(prog))
	var walk func(pc uint32) bool
	walk = func(pc uint32) bool {
		for {
			if seen[pc] {
				return true
			}
			seen[pc] = true
			i := &prog[pc]
			switch i.op {
			case opAlt, opAltMatch:
				if !walk(i.out) {
					return false
				}
				pc = i.arg
			case opNop, opCapture, opEmptyWidth:
				pc = i.out
			case opFail:
				return true
			case opRune, opRune1:
				f.add(i)
				return true
			default: // opMatch, opRuneAny, opRuneAnyNotNL
				return false
			}
		}
	}
	if !walk(uint32(start)) {
		return nil
	}
	return f
}

func (f *firstRunes) add(i *inst) {
	rs := i.runes
	if len(rs) == 1 {
		f.addRune(rs[0])
		if i.op == opRune && i.arg&foldCase != 0 {
			for r := unicode.SimpleFold(rs[0]); r != rs[0]; r = unicode.SimpleFold(r) {
				f.addRune(r)
			}
		}
		return
	}
	for j := 0; j+1 < len(rs); j += 2 {
		lo, hi := rs[j], rs[j+1]
		if hi >= utf8.RuneSelf {
			f.nonASCII = true
			hi = utf8.RuneSelf - 1
		}
		for r := lo; r <= hi; r++ {
			f.ascii[r] = true
		}
	}
}

func (f *firstRunes) addRune(r rune) {
	if r >= 0 && r < utf8.RuneSelf {
		f.ascii[r] = true
	} else {
		f.nonASCII = true
	}
}

// MustCompile returns the program t holds for expr. A pattern missing from
// the table (edited without regenerating it) panics on first use, and the
// package's table test names it.
func MustCompile(t *Table, expr string) *Regexp {
	t.mu.Lock()
	t.requested = append(t.requested, expr)
	t.mu.Unlock()
	return &Regexp{expr: expr, enc: t.Progs[expr]}
}

// String returns the source pattern.
func (re *Regexp) String() string { return re.expr }

func (re *Regexp) load() { re.once.Do(re.decode) }

func (re *Regexp) decode() {
	if re.enc == "" {
		panic("rx: pattern not in the generated table (rerun the package's TestRegexpTable with -update-rx): " + re.expr)
	}
	d := decoder{s: re.enc}
	re.start, re.ncap, re.nsub = d.int(), d.int(), d.int()
	re.cond = uint32(d.int())
	re.prefix = d.str()
	if re.prefix != "" {
		re.prefixRune, _ = utf8.DecodeRuneInString(re.prefix)
	}
	re.prog = make([]inst, d.int())
	for i := range re.prog {
		in := &re.prog[i]
		h := d.byte()
		in.op, in.out = h&0xf, uint32(i+1)
		if h&(1<<4) == 0 {
			in.out = uint32(d.int())
		}
		if h&(1<<5) != 0 {
			in.arg = uint32(d.int())
		}
		switch {
		case h&(1<<6) != 0:
			in.runes = []rune{rune(d.int())}
		case in.op == opRune || in.op == opRune1:
			in.runes = make([]rune, d.int())
			prev := rune(0)
			for j := range in.runes {
				prev += rune(d.int())
				in.runes[j] = prev
			}
		}
		if in.op > opRuneAnyNotNL || int(in.out) >= len(re.prog) || (in.op == opRune1 && len(in.runes) == 0) ||
			(in.op == opAlt || in.op == opAltMatch) && int(in.arg) >= len(re.prog) {
			d.bad = true
			break
		}
	}
	if d.bad || d.s != "" || re.start >= len(re.prog) {
		panic("rx: corrupt program for " + re.expr)
	}
	re.first = firstSet(re.prog, re.start)
}

// decoder reads rxgen's encoding: unsigned varints and length-prefixed
// strings.
type decoder struct {
	s   string
	bad bool
}

func (d *decoder) int() int {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if d.s == "" {
			d.bad = true
			return 0
		}
		b := d.s[0]
		d.s = d.s[1:]
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return int(v)
		}
	}
	d.bad = true
	return 0
}

func (d *decoder) byte() byte {
	if d.s == "" {
		d.bad = true
		return 0
	}
	b := d.s[0]
	d.s = d.s[1:]
	return b
}

func (d *decoder) str() string {
	n := d.int()
	if n > len(d.s) {
		d.bad = true
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

// MatchString reports whether s holds a match.
func (re *Regexp) MatchString(s string) bool { return re.exec(s, 0, 2) != nil }

// FindStringIndex returns the first match's byte range, or nil.
func (re *Regexp) FindStringIndex(s string) []int {
	if a := re.exec(s, 0, 2); a != nil {
		return a[:2]
	}
	return nil
}

// FindStringSubmatchIndex returns the first match's range and its groups'
// ranges (-1 for a group that did not take part), or nil.
func (re *Regexp) FindStringSubmatchIndex(s string) []int {
	re.load()
	return re.pad(re.exec(s, 0, re.ncap))
}

// FindAllStringIndex returns up to n (all if n < 0) successive matches.
func (re *Regexp) FindAllStringIndex(s string, n int) [][]int {
	var out [][]int
	re.all(s, n, 2, func(m []int) { out = append(out, m[:2]) })
	return out
}

// FindAllStringSubmatchIndex is FindStringSubmatchIndex for up to n (all if
// n < 0) successive matches.
func (re *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	re.load()
	var out [][]int
	re.all(s, n, re.ncap, func(m []int) { out = append(out, re.pad(m)) })
	return out
}

// ReplaceAllStringFunc replaces every match with repl of it.
func (re *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	var buf []byte
	last, pos := 0, 0
	for pos <= len(src) {
		a := re.exec(src, pos, 2)
		if a == nil {
			break
		}
		buf = append(buf, src[last:a[0]]...)
		// No replacement for an empty match right after another match.
		if a[1] > last || a[0] == 0 {
			buf = append(buf, repl(src[a[0]:a[1]])...)
		}
		last = a[1]
		_, width := utf8.DecodeRuneInString(src[pos:])
		switch {
		case pos+width > a[1]:
			pos += width
		case pos+1 > a[1]:
			pos++
		default:
			pos = a[1]
		}
	}
	if buf == nil {
		return src
	}
	return string(append(buf, src[last:]...))
}

// all delivers successive matches as regexp's allMatches does: an empty
// match right after a previous match is skipped.
func (re *Regexp) all(s string, n, ncap int, deliver func([]int)) {
	if n < 0 {
		n = len(s) + 1
	}
	for pos, i, prevEnd := 0, 0, -1; i < n && pos <= len(s); {
		m := re.exec(s, pos, ncap)
		if m == nil {
			break
		}
		accept := true
		if m[1] == pos {
			if m[0] == prevEnd {
				accept = false
			}
			if pos < len(s) {
				_, w := utf8.DecodeRuneInString(s[pos:])
				pos += w
			} else {
				pos = len(s) + 1
			}
		} else {
			pos = m[1]
		}
		prevEnd = m[1]
		if accept {
			deliver(m)
			i++
		}
	}
}

func (re *Regexp) pad(a []int) []int {
	if a == nil {
		return nil
	}
	n := (1 + re.nsub) * 2
	for len(a) < n {
		a = append(a, -1)
	}
	return a
}

// exec runs the NFA from pos and returns the first match's ncap capture
// slots, or nil.
func (re *Regexp) exec(s string, pos, ncap int) []int {
	re.load()
	if ncap > re.ncap {
		ncap = re.ncap
	}
	m, _ := re.pool.Get().(*machine)
	if m == nil {
		m = &machine{re: re}
		m.q0 = queue{sparse: make([]uint32, len(re.prog)), dense: make([]entry, 0, len(re.prog))}
		m.q1 = queue{sparse: make([]uint32, len(re.prog)), dense: make([]entry, 0, len(re.prog))}
		m.matchcap = make([]int, re.ncap)
	}
	m.ncap = ncap
	m.matchcap = m.matchcap[:ncap]
	var out []int
	if m.match(s, pos) {
		out = append([]int(nil), m.matchcap...)
	}
	re.pool.Put(m)
	return out
}

type thread struct {
	inst *inst
	cap  []int
}

type entry struct {
	pc uint32
	t  *thread
}

// queue is a sparse set of instructions, in priority order.
type queue struct {
	sparse []uint32
	dense  []entry
}

type machine struct {
	re       *Regexp
	q0, q1   queue
	pool     []*thread
	ncap     int
	matched  bool
	matchcap []int
}

func (m *machine) alloc(i *inst) *thread {
	var t *thread
	if n := len(m.pool); n > 0 {
		t = m.pool[n-1]
		m.pool = m.pool[:n-1]
	} else {
		t = &thread{cap: make([]int, m.re.ncap)}
	}
	t.cap = t.cap[:m.ncap]
	t.inst = i
	return t
}

func step(s string, pos int) (rune, int) {
	if pos < len(s) {
		c := s[pos]
		if c < utf8.RuneSelf {
			return rune(c), 1
		}
		return utf8.DecodeRuneInString(s[pos:])
	}
	return -1, 0
}

// context is the empty-width conditions that hold at pos.
func context(s string, pos int) uint32 {
	r1, r2 := rune(-1), rune(-1)
	if pos > 0 && pos <= len(s) {
		r1, _ = utf8.DecodeLastRuneInString(s[:pos])
	}
	if pos < len(s) {
		r2, _ = utf8.DecodeRuneInString(s[pos:])
	}
	return emptyContext(r1, r2)
}

func emptyContext(r1, r2 rune) uint32 {
	var op uint32 = emptyNoWordBoundary
	var boundary byte
	switch {
	case isWordChar(r1):
		boundary = 1
	case r1 == '\n':
		op |= emptyBeginLine
	case r1 < 0:
		op |= emptyBeginText | emptyBeginLine
	}
	switch {
	case isWordChar(r2):
		boundary ^= 1
	case r2 == '\n':
		op |= emptyEndLine
	case r2 < 0:
		op |= emptyEndText | emptyEndLine
	}
	if boundary != 0 {
		op ^= emptyWordBoundary | emptyNoWordBoundary
	}
	return op
}

func isWordChar(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
}

// match is regexp's (*machine).match: a Pike VM that keeps threads in
// priority order and stops lower-priority ones at the first match.
func (m *machine) match(s string, pos int) bool {
	re := m.re
	if re.cond == ^uint32(0) {
		return false
	}
	m.matched = false
	for i := range m.matchcap {
		m.matchcap[i] = -1
	}
	runq, nextq := &m.q0, &m.q1
	r, width := step(s, pos)
	r1, width1 := rune(-1), 0
	if r != -1 {
		r1, width1 = step(s, pos+width)
	}
	var flag uint32
	if pos == 0 {
		flag = emptyContext(-1, r)
	} else {
		flag = context(s, pos)
	}
	for {
		if len(runq.dense) == 0 {
			if re.cond&emptyBeginText != 0 && pos != 0 {
				break
			}
			if m.matched {
				break
			}
			if re.prefix != "" && r1 != re.prefixRune {
				// Skip ahead to the literal every match starts with.
				advance := strings.Index(s[pos:], re.prefix)
				if advance < 0 {
					break
				}
				pos += advance
				r, width = step(s, pos)
				r1, width1 = step(s, pos+width)
				flag = context(s, pos)
			}
			// Skip ahead to where a match can start.
			for r != -1 && !re.canStart(r, flag) {
				pos += width
				prev := r
				r, width = r1, width1
				if r != -1 {
					r1, width1 = step(s, pos+width)
				}
				flag = emptyContext(prev, r)
			}
		}
		if !m.matched && (pos == 0 || re.cond&emptyBeginText == 0) && re.canStart(r, flag) {
			if len(m.matchcap) > 0 {
				m.matchcap[0] = pos
			}
			m.add(runq, uint32(re.start), pos, m.matchcap, flag, nil)
		}
		flag = emptyContext(r, r1)
		m.step(runq, nextq, pos, pos+width, r, flag)
		if width == 0 {
			break
		}
		if len(m.matchcap) == 0 && m.matched {
			break
		}
		pos += width
		r, width = r1, width1
		if r != -1 {
			r1, width1 = step(s, pos+width)
		}
		runq, nextq = nextq, runq
	}
	m.clear(nextq)
	return m.matched
}

func (m *machine) clear(q *queue) {
	for _, d := range q.dense {
		if d.t != nil {
			m.pool = append(m.pool, d.t)
		}
	}
	q.dense = q.dense[:0]
}

func (m *machine) step(runq, nextq *queue, pos, nextPos int, c rune, nextCond uint32) {
	for j := 0; j < len(runq.dense); j++ {
		d := &runq.dense[j]
		t := d.t
		if t == nil {
			continue
		}
		i := t.inst
		add := false
		switch i.op {
		case opMatch:
			if len(t.cap) > 0 {
				t.cap[1] = pos
				copy(m.matchcap, t.cap)
			}
			// First match wins: drop every lower-priority thread.
			for _, d := range runq.dense[j+1:] {
				if d.t != nil {
					m.pool = append(m.pool, d.t)
				}
			}
			runq.dense = runq.dense[:0]
			m.matched = true
		case opRune:
			add = matchRune(i, c)
		case opRune1:
			add = c == i.runes[0]
		case opRuneAny:
			add = true
		case opRuneAnyNotNL:
			add = c != '\n'
		}
		if add {
			t = m.add(nextq, i.out, nextPos, t.cap, nextCond, t)
		}
		if t != nil {
			m.pool = append(m.pool, t)
		}
	}
	runq.dense = runq.dense[:0]
}

func (m *machine) add(q *queue, pc uint32, pos int, cap []int, cond uint32, t *thread) *thread {
again:
	if pc == 0 {
		return t
	}
	if j := q.sparse[pc]; j < uint32(len(q.dense)) && q.dense[j].pc == pc {
		return t
	}
	j := len(q.dense)
	q.dense = q.dense[:j+1]
	d := &q.dense[j]
	d.t = nil
	d.pc = pc
	q.sparse[pc] = uint32(j)
	i := &m.re.prog[pc]
	switch i.op {
	case opFail:
	case opAlt, opAltMatch:
		t = m.add(q, i.out, pos, cap, cond, t)
		pc = i.arg
		goto again
	case opEmptyWidth:
		if i.arg&^cond == 0 {
			pc = i.out
			goto again
		}
	case opNop:
		pc = i.out
		goto again
	case opCapture:
		if int(i.arg) < len(cap) {
			old := cap[i.arg]
			cap[i.arg] = pos
			m.add(q, i.out, pos, cap, cond, nil)
			cap[i.arg] = old
		} else {
			pc = i.out
			goto again
		}
	case opMatch, opRune, opRune1, opRuneAny, opRuneAnyNotNL:
		if t == nil {
			t = m.alloc(i)
		} else {
			t.inst = i
		}
		if len(t.cap) > 0 && &t.cap[0] != &cap[0] {
			copy(t.cap, cap)
		}
		d.t = t
		t = nil
	}
	return t
}

// matchRune is syntax.Inst.MatchRune: a single rune (folded if the flag
// says so) or sorted ranges.
func matchRune(i *inst, r rune) bool {
	rs := i.runes
	if len(rs) == 1 {
		r0 := rs[0]
		if r == r0 {
			return true
		}
		if i.arg&foldCase != 0 {
			if r < utf8.RuneSelf && r0 < utf8.RuneSelf {
				// Two ASCII runes fold together only as the two cases of
				// a letter: this spares SimpleFold's table search.
				l := r | 0x20
				return l == r0|0x20 && 'a' <= l && l <= 'z'
			}
			for r1 := unicode.SimpleFold(r0); r1 != r0; r1 = unicode.SimpleFold(r1) {
				if r == r1 {
					return true
				}
			}
		}
		return false
	}
	lo, hi := 0, len(rs)/2
	for lo < hi {
		m := lo + (hi-lo)/2
		if c := rs[2*m]; c <= r {
			if r <= rs[2*m+1] {
				return true
			}
			lo = m + 1
		} else {
			hi = m
		}
	}
	return false
}

// ExpandString appends template to dst with $1, ${1} and the like replaced
// by the groups of match in src, as regexp's ExpandString does. rx keeps no
// group names, so a named reference expands to nothing.
func (re *Regexp) ExpandString(dst []byte, template, src string, match []int) []byte {
	for len(template) > 0 {
		before, after, ok := strings.Cut(template, "$")
		if !ok {
			break
		}
		dst = append(dst, before...)
		template = after
		if template != "" && template[0] == '$' {
			dst = append(dst, '$')
			template = template[1:]
			continue
		}
		num, rest, ok := extract(template)
		if !ok {
			dst = append(dst, '$')
			continue
		}
		template = rest
		if num >= 0 && 2*num+1 < len(match) && match[2*num] >= 0 {
			dst = append(dst, src[match[2*num]:match[2*num+1]]...)
		}
	}
	return append(dst, template...)
}

// extract reads a $ reference's name: num is its group number, -1 for a
// name that is not one.
func extract(str string) (num int, rest string, ok bool) {
	if str == "" {
		return
	}
	brace := false
	if str[0] == '{' {
		brace = true
		str = str[1:]
	}
	i := 0
	for i < len(str) {
		r, size := utf8.DecodeRuneInString(str[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			break
		}
		i += size
	}
	if i == 0 {
		return
	}
	name := str[:i]
	if brace {
		if i >= len(str) || str[i] != '}' {
			return
		}
		i++
	}
	for j := 0; j < len(name); j++ {
		if name[j] < '0' || '9' < name[j] || num >= 1e8 {
			num = -1
			break
		}
		num = num*10 + int(name[j]) - '0'
	}
	if name[0] == '0' && len(name) > 1 {
		num = -1
	}
	return num, str[i:], true
}
