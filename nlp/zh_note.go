package nlp

import (
	"cmp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Scope limits for Chinese, in units (a Han character or a Latin word).
// A Chinese finding is two to five characters where an English one is one
// to three words, so the windows are wider than the English ones in count
// and about the same in meaning.
const (
	zhForwardItem = 12
	zhForwardMax  = 40
	zhBackItem    = 8
	zhBackMax     = 30
)

type zmatch struct {
	r          *zrule
	start, end int
}

// zsent is the state of one sentence, reused across sentences.
type zsent struct {
	us    []zunit
	skip  []bool
	found []zmatch
	ms    [zhClasses][]zmatch
	term  [zhClasses][]string
	// fs, fe: a span taken as a finding (analyzeChineseAt), -1 if none;
	// forced: its index in found after analyse, -1 if none
	fs, fe, forced int
	kept           []zmatch
	expSkip        []bool
}

// analyzeChinese is AnalyzeNote for Chinese text: the same Note, concepts,
// section names and values as the English path, from the zh_ lexicons.
func (e *Engine) analyzeChinese(text string) Note {
	n, _ := e.analyzeChineseAt(text, zhUnits(text, nil), -1, -1)
	return n
}

// analyzeChineseAt analyses text, whose units are us, with units [fs, fe)
// taken as a finding whatever the lexicon says: the concept a caller of
// Assert names, as written. It returns the index of that finding in the
// note's findings, or -1. A lexicon finding that contains the span
// stands for it ("吐" in "吐了"); the lexicon findings it cuts into give
// way to it.
func (e *Engine) analyzeChineseAt(text string, us []zunit, fs, fe int) (Note, int) {
	lx := zhLex()
	forced := -1
	note := Note{Sections: zhSections(lx, text, us, nil), Findings: []Finding{}}
	heading := make([]bool, len(us))
	cut := make([]bool, len(us)+1)
	for _, s := range note.Sections {
		cut[s.first] = true
		for k := s.first; k < s.body && k < len(us); k++ {
			heading[k] = true
		}
		if s.body < len(us) {
			cut[s.body] = true
		}
	}
	var st zsent
	analyse := func(a, b int) {
		st.us = st.us[:0]
		st.fs, st.fe = -1, -1
		for k := a; k < b; k++ {
			if heading[k] {
				continue
			}
			if k == fs {
				st.fs = len(st.us)
			}
			st.us = append(st.us, us[k])
			if k == fe-1 && st.fs >= 0 {
				st.fe = len(st.us)
			}
		}
		if st.fe < 0 {
			st.fs = -1 // the span crosses a heading or a cut: not in this sentence
		}
		if len(st.us) == 0 {
			return
		}
		section := ""
		var heading *Section
		if i := sectionAt(note.Sections, st.us[0].bstart); i >= 0 {
			section, heading = note.Sections[i].Name, &note.Sections[i]
		}
		for i, f := range st.analyse(lx) {
			d := st.decide(e, f, section)
			if i == st.forced {
				forced = len(note.Findings)
			}
			note.Findings = append(note.Findings, zhFinding(text, st.us, f, f.r.value, d, section, heading))
		}
	}
	a := 0
	for k := 0; k < len(us); k++ {
		if k > a && (cut[k] || us[k].newline || k-a >= maxUnitTokens) {
			analyse(a, k)
			a = k
		}
		if zhHardStop(&us[k]) {
			analyse(a, k+1)
			a = k + 1
		}
	}
	analyse(a, len(us))
	return note, forced
}

func zhFinding(text string, us []zunit, f zmatch, concept string, d decision, section string, heading *Section) Finding {
	a, b := us[f.start], us[f.end-1]
	return Finding{
		Span: Span{
			Text: text[a.bstart:b.bend], Start: a.start, End: b.end,
			ByteStart: a.bstart, ByteEnd: b.bend,
		},
		Concept: concept, Negation: d.negation, Temporality: d.temporality,
		Experiencer: d.experiencer, Section: section, Triggers: d.triggers(text, heading),
	}
}

// analyse finds the findings and the triggers of st.us and returns the
// findings.
func (st *zsent) analyse(lx *zhLexicon) []zmatch {
	us := st.us
	st.found = st.found[:0]
	for i := 0; i < len(us); {
		r, end := lx.findings.longest(us, i, nil)
		// a pseudo-trigger longer than the finding at its start hides the
		// findings in it ("无痛性血尿" has no pain)
		if pend := lx.pseudoEnd(us, i); pend > end {
			i = pend
			continue
		}
		if r == nil {
			i++
			continue
		}
		st.found = append(st.found, zmatch{r, i, end})
		i = end
	}
	st.forced = -1
	inner := false // the span is not a lexicon finding: triggers written inside it count
	if st.fs >= 0 {
		st.forced, inner = st.force()
	}
	if len(st.found) == 0 {
		return nil
	}
	st.skip = resize(st.skip, len(us))
	for _, f := range st.found {
		for k := f.start; k < f.end; k++ {
			st.skip[k] = true
		}
	}
	for c := range st.ms {
		skip := st.skip
		if c == zhExp && inner {
			// whose finding it is may be written inside the concept
			// ("家族遗传病"): the relative is matched there too
			skip = append(st.expSkip[:0], st.skip...)
			for k := st.fs; k < st.fe; k++ {
				skip[k] = false
			}
			st.expSkip = skip
		}
		ms := st.ms[c][:0]
		for i := 0; i < len(us); {
			if skip[i] {
				i++
				continue
			}
			r, end := lx.classes[c].longest(us, i, skip)
			if r == nil {
				i++
				continue
			}
			ms = append(ms, zmatch{r, i, end})
			i = end
		}
		if c == zhTemp {
			ms = zhTimeExpressions(ms, us, st.skip)
		}
		if c == zhNeg {
			ms = zhOpenQuestions(ms, us)
			ms = zhHedgedCounts(ms, us)
		}
		if c == zhExp {
			zhOwnedChildren(ms, us)
		}
		st.ms[c] = ms
		term := st.term[c][:0]
		for range us {
			term = append(term, "")
		}
		for _, m := range ms {
			if m.r.value == "terminate" {
				// only its first unit: a terminator right after a trigger
				// is part of the trigger's phrase ("否认有", "未出现")
				v := m.r.only
				if v == "" {
					v = "*"
				}
				term[m.start] = v
			}
		}
		st.term[c] = term
	}
	return st.found
}

// force makes units [st.fs, st.fe) a finding of st.found and returns its
// index, and whether it is a span of its own rather than a lexicon
// finding that contains it.
func (st *zsent) force() (int, bool) {
	for i, f := range st.found {
		if f.start <= st.fs && st.fe <= f.end {
			return i, false
		}
	}
	kept := st.kept[:0]
	at := -1
	for _, f := range st.found {
		if f.start < st.fe && st.fs < f.end {
			continue // cut by the span: it gives way
		}
		if at < 0 && f.start >= st.fe {
			at = len(kept)
			kept = append(kept, zmatch{})
		}
		kept = append(kept, f)
	}
	if at < 0 {
		at = len(kept)
		kept = append(kept, zmatch{})
	}
	kept[at] = zmatch{zhSpanRule, st.fs, st.fe}
	st.kept, st.found = st.found, kept
	return at, true
}

// zhSpanRule is the rule of a span Assert takes as a finding.
var zhSpanRule = &zrule{window: -1}

// zhTimeExpressions adds "<n><unit>前" (n units ago) and "<n><unit>"
// (lasting n units) as temporality rules, and "<year>年": historical when
// more than two weeks back, as in English, and otherwise pseudo (recent),
// which keeps the words inside from triggering. A time expression
// outranks the lexicon triggers it overlaps.
func zhTimeExpressions(ms []zmatch, us []zunit, skip []bool) []zmatch {
	var times []zmatch
	for i := 0; i < len(us); i++ {
		if skip[i] {
			continue
		}
		if us[i].number && zhIsYear(us[i].key) && i+1 < len(us) && us[i+1].key == "年" {
			times = append(times, zmatch{zhHistBoth, i, i + 2})
			i++
			continue
		}
		half, j := zhCount(us, i) // in halves, so that 半年 counts
		if j == i {
			continue
		}
		if us[i].number && j+1 < len(us) && us[j].key == "岁" && us[j+1].key == "时" {
			// "50岁时" (when fifty): an age already passed
			times = append(times, zmatch{zhHistBoth, i, j + 2})
			i = j + 1
			continue
		}
		for j < len(us) && (us[j].key == "余" || us[j].key == "多" || us[j].key == "+") {
			j++
		}
		if j >= len(us) {
			continue
		}
		days, ok := 0, true
		switch us[j].key {
		case "年":
			days = 365
		case "月":
			days = 30
		case "周":
			days = 7
		case "天", "日":
			days = 1
		case "个": // 个月
			days, ok = 30, j+1 < len(us) && us[j+1].key == "月"
			j++
		case "星": // 星期
			days, ok = 7, j+1 < len(us) && us[j+1].key == "期"
			j++
		case "小", "分": // 小时, 分钟
			ok = j+1 < len(us) && (us[j+1].key == "时" || us[j+1].key == "钟")
			j++
		default:
			ok = false
		}
		if !ok {
			continue
		}
		j++
		for j < len(us) && (us[j].key == "余" || us[j].key == "多" || us[j].key == "来" || us[j].key == "内") {
			j++
		}
		ago := false
		if j < len(us) && us[j].key == "前" {
			ago = true
			j++
		} else if j+1 < len(us) && (us[j].key == "以" || us[j].key == "之") && us[j+1].key == "前" {
			ago = true
			j += 2
		}
		r := zhRecent
		// 孕34周, 妊娠20周: a gestational age is how far along a pregnancy
		// is now, not how long ago something happened.
		gestation := i > 0 && (us[i-1].key == "孕" || us[i-1].key == "娠")
		if days*half > 2*14 && !gestation {
			r = zhHistBack
			if ago {
				r = zhHistBoth
			}
		}
		times = append(times, zmatch{r, i, j})
		i = j - 1
	}
	if len(times) == 0 {
		return ms
	}
	kept := ms[:0:0]
	for _, m := range ms {
		overlap := false
		for _, t := range times {
			overlap = overlap || m.start < t.end && t.start < m.end
		}
		if !overlap {
			kept = append(kept, m)
		}
	}
	kept = append(kept, times...)
	sort.SliceStable(kept, func(a, b int) bool { return kept[a].start < kept[b].start })
	return kept
}

var (
	zhHistBoth = &zrule{value: Historical, dir: zFwd | zBwd, window: -1}
	zhHistBack = &zrule{value: Historical, dir: zBwd, window: -1}
	zhRecent   = &zrule{value: "pseudo", window: -1}
)

var zhDigits = map[string]int{"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "数": 3, "几": 3, "十": 10}

// zhCount reads a count at us[i] ("3", "十五", "两", "半", "数") in halves
// and returns it with the index after it; j == i when there is none.
func zhCount(us []zunit, i int) (half, j int) {
	if us[i].number {
		n := 0
		for _, c := range us[i].key {
			if c == '.' {
				break
			}
			if n < 1000 {
				n = n*10 + int(c-'0')
			}
		}
		return 2 * n, i + 1
	}
	if us[i].key == "半" {
		return 1, i + 1
	}
	n, j := 0, i
	for j < len(us) && j-i < 3 {
		d, ok := zhDigits[us[j].key]
		if !ok {
			break
		}
		switch {
		case d == 10 && n == 0:
			n = 10
		case d == 10:
			n *= 10
		default:
			n += d
		}
		j++
	}
	if j < len(us) && j > i && us[j].key == "半" { // 一年半
		return 2*n + 1, j + 1
	}
	return 2 * n, j
}

func zhIsYear(s string) bool {
	return len(s) == 4 && (s[:2] == "19" || s[:2] == "20")
}

// decide gives the context of one finding from the sentence's triggers and
// the section's defaults.
func (st *zsent) decide(e *Engine, f zmatch, section string) decision {
	d := sectionDecision(e.defaults[section])
	because := func(c int, m zmatch, src string) {
		a, b := st.us[m.start], st.us[m.end-1]
		d.why[c] = Trigger{Span: Span{Start: a.start, End: b.end, ByteStart: a.bstart, ByteEnd: b.bend}, Class: classNames[c], Value: m.r.value, Source: src}
	}
	source := func(m zmatch) string {
		if m.r == zhHistBoth || m.r == zhHistBack {
			return SourceTime
		}
		return SourcePhrase
	}
	neg := st.nearest(zhNeg, f.start, f.end)
	if f.r.negForm {
		d.negation = Negated
		because(negationClass, zmatch{r: &zrule{value: Negated}, start: f.start, end: f.end}, SourceSelf)
	} else if neg.r != nil {
		d.negation = neg.r.value
		because(negationClass, neg, source(neg))
	}
	if d.negation == Affirmed && neg.r == nil {
		if g, ok := st.listAfterNegForm(f); ok {
			d.negation = Negated
			because(negationClass, g, SourcePhrase)
		}
	}
	temp := st.nearest(zhTemp, f.start, f.end)
	if temp.r != nil {
		d.temporality = temp.r.value
		because(temporalityClass, temp, source(temp))
	}
	// "万一孩子抽搐了怎么办？", "头痛时可以吃止痛药吗": a question about what
	// to do if a finding comes asks about the advice, not whether the
	// finding is there; the condition already says it may not be
	if d.negation == Possible && neg.r != nil && zhQuestions[neg.r.phrase] && temp.r != nil && temp.r.value == Hypothetical && !zhQuestions[temp.r.phrase] {
		d.negation = Affirmed
		d.why[negationClass] = Trigger{}
	}
	if m := st.nearest(zhExp, f.start, f.end); m.r != nil {
		d.experiencer = m.r.value
		because(experiencerClass, m, source(m))
	} else {
		for _, m := range st.ms[zhExp] {
			if m.r.value == Other && f.start <= m.start && m.start < f.end {
				d.experiencer = Other // written inside a caller's concept
				because(experiencerClass, m, source(m))
			}
		}
	}
	return d
}

// listAfterNegForm reports a finding listed after a finding form that
// denies itself ("无压痛及反跳痛", "不发热、咳嗽"): the denial written into
// the first item reaches the items after it, as a trigger would.
func (st *zsent) listAfterNegForm(f zmatch) (zmatch, bool) {
	for _, g := range st.found {
		if g.end > f.start {
			break
		}
		if !g.r.negForm || !strings.ContainsAny(firstRuneString(g.r.phrase), "无不未没") {
			continue
		}
		listed := false
		for k := g.end; k < f.start; k++ {
			listed = listed || zhListSep(&st.us[k])
		}
		if _, ok := zhReachForward(st.us, st.term[zhNeg], zmatch{zhListNeg, g.start, g.end}, f.start); ok && listed {
			return zmatch{zhListNeg, g.start, g.end}, true
		}
	}
	return zmatch{}, false
}

var zhListNeg = &zrule{value: Negated, dir: zFwd, window: -1}

func firstRuneString(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// zhOpenQuestions drops the question marks and "吗" that do not doubt a
// finding: a question that asks how, what or whether to act ("宝宝长了湿
// 疹怎么办？", "发烧需要吃抗生素吗") takes the finding as given, and so
// does one a pseudo-trigger just asked ("严重吗？").
func zhOpenQuestions(ms []zmatch, us []zunit) []zmatch {
	kept := ms[:0]
	for i, m := range ms {
		if !zhQuestions[m.r.phrase] || m.r.dir != zBwd {
			kept = append(kept, m)
			continue
		}
		if i > 0 && ms[i-1].r.value == "pseudo" && ms[i-1].end == m.start {
			continue
		}
		open := false
		for k := m.start - 1; k >= 0 && !zhClauseStop(&us[k]) && !open; k-- {
			open = zhOpenWords[us[k].key] || k+1 < m.start && zhOpenWords[us[k].key+us[k+1].key]
		}
		if !open {
			kept = append(kept, m)
		}
	}
	return kept
}

// zhOwnedChildren makes a child word other when a third party owns it
// ("邻居家孩子", "同事的女儿", "她儿子", "患者女儿"); a parent's own child,
// written bare or after "我", "我家", "我的", stays the patient.
func zhOwnedChildren(ms []zmatch, us []zunit) {
	for i := range ms {
		m := &ms[i]
		if m.r.value != "terminate" || !zhChildWords[m.r.phrase] {
			continue
		}
		k := m.start - 1
		for k >= 0 && (us[k].key == "的" || us[k].key == "家") {
			k--
		}
		if k < 0 {
			continue
		}
		owned := zhThirdParty[us[k].key]
		for _, o := range ms[:i] {
			if o.end == k+1 && (o.r.value == Other || zhThirdParty[o.r.phrase]) {
				owned = true
			}
		}
		if owned {
			m.r = zhChildOther
		}
	}
}

var (
	zhChildWords = map[string]bool{"孩子": true, "小孩": true, "宝宝": true, "儿子": true, "女儿": true, "闺女": true}
	zhThirdParty = map[string]bool{"他": true, "她": true, "其": true, "人": true, "患者": true, "病人": true}
	zhChildOther = &zrule{value: Other, dir: zFwd, window: -1, phrase: "child"}
)

// zhHedgedCounts drops a doubt that hedges a number ("大概3天前开始发烧",
// "可能一周了"): it says about how long, not whether.
func zhHedgedCounts(ms []zmatch, us []zunit) []zmatch {
	kept := ms[:0]
	for _, m := range ms {
		if m.r.value == Possible && m.r.dir&zFwd != 0 && m.end < len(us) {
			if _, j := zhCount(us, m.end); j > m.end {
				for j < len(us) && (us[j].key == "多" || us[j].key == "余" || us[j].key == "来" || us[j].key == "个") {
					j++
				}
				if j < len(us) && zhCountUnits[us[j].key] {
					continue // "考虑2型糖尿病" still doubts
				}
			}
		}
		kept = append(kept, m)
	}
	return kept
}

var zhCountUnits = map[string]bool{"年": true, "月": true, "周": true, "星": true, "天": true, "日": true, "小": true, "分": true, "次": true, "岁": true, "度": true, "℃": true}

// zhOpenWords mark a question that is not yes-or-no about a finding: the
// question words, and the modal verbs of asking what to do.
var zhOpenWords = map[string]bool{
	"怎": true, "什": true, "哪": true, "咋": true, "啥": true, "如何": true, "为何": true, "多久": true, "多少": true, "几天": true,
	"需要": true, "需不需要": true, "要不要": true, "用不用": true, "能不能": true, "可以": true, "该不该": true, "应该": true,
}

// unlistedFindingIn reports a finding in units [a, b) that is not an
// item of a list begun before it ("发烧、咳嗽" lists; "腹痛是阑尾炎" does not).
func (st *zsent) unlistedFindingIn(a, b int) bool {
	listed := false
	for k := a; k < b; k++ {
		if zhListSep(&st.us[k]) {
			listed = true
		}
		if st.skip[k] && !listed {
			return true
		}
	}
	return false
}

// zhQuestions are the possibility triggers that ask rather than doubt.
var zhQuestions = map[string]bool{"?": true, "？？": true, "吗": true, "有无": true, "是否": true}

// nearest returns the closest trigger of class c whose scope covers
// units [fs, fe), or one with a nil rule.
func (st *zsent) nearest(c, fs, fe int) zmatch {
	var best zmatch
	bestDist := 1 << 30
	us, term := st.us, st.term[c]
	for _, m := range st.ms[c] {
		if m.r.value == "pseudo" || m.r.value == "terminate" {
			continue
		}
		if m.end <= fs && m.r.dir&zFwd != 0 {
			if d, ok := zhReachForward(us, term, m, fs); ok && d < bestDist {
				best, bestDist = m, d
			}
		}
		// a forward trigger that ends its clause looks back: "胸痛：无";
		// a question asks about the finding just before it, or the list
		// it ends ("这种腹痛是阑尾炎吗" doubts the appendicitis only)
		if m.start >= fe && (m.r.dir&zBwd != 0 || m.end >= len(us) || zhClauseStop(&us[m.end])) &&
			!(zhQuestions[m.r.phrase] && st.unlistedFindingIn(fe, m.start)) {
			if d, ok := zhReachBackward(us, term, m, fe); ok && d < bestDist {
				best, bestDist = m, d
			}
		}
	}
	return best
}

func zhReachForward(us []zunit, term []string, m zmatch, fs int) (int, bool) {
	item, total := 0, 0
	for k := m.end; k < fs; k++ {
		u := &us[k]
		// Chinese drops the subject of the clauses that follow the one that
		// named it ("孩子没有咳嗽，就是有点流鼻涕"): whose finding it is
		// carries over commas, up to the patient named again (a terminator)
		if u.key == "," && m.r.value == Other {
			item = 0
			continue
		}
		if zhClauseStop(u) {
			return 0, false
		}
		if zhListSep(u) {
			item = 0
			continue
		}
		if u.punct {
			continue
		}
		if stops(term[k], m.r.value) {
			return 0, false
		}
		item++
		total++
		if m.r.window >= 0 && total > m.r.window || item > zhForwardItem || total > zhForwardMax {
			return 0, false
		}
	}
	return total, true
}

func zhReachBackward(us []zunit, term []string, m zmatch, fe int) (int, bool) {
	item, total := 0, 0
	for k := fe; k < m.start; k++ {
		u := &us[k]
		if zhClauseStop(u) {
			return 0, false
		}
		if stops(term[k], m.r.value) {
			return 0, false
		}
		if zhListSep(u) {
			item = 0
			continue
		}
		if u.punct {
			continue
		}
		item++
		total++
		if m.r.window >= 0 && total > m.r.window || item > zhBackItem || total > zhBackMax {
			return 0, false
		}
	}
	return total, true
}

// zhSections finds Chinese headings: a known heading (zh_sections.tsv) at
// the start of a line or after a sentence end, maybe in brackets
// ("【主诉】"), followed by a colon, a space or the end of the line.
func zhSections(lx *zhLexicon, text string, us []zunit, out []Section) []Section {
	for i := 0; i < len(us); i++ {
		if i > 0 && !us[i].newline && !zhHardStop(&us[i-1]) {
			continue
		}
		j := i
		if us[j].key == "【" || us[j].key == "[" || us[j].key == "(" {
			j++
		}
		r, end := lx.headings.longest(us, j, nil)
		if r == nil {
			continue
		}
		title := text[us[j].bstart:us[end-1].bend]
		if end < len(us) && (us[end].key == "】" || us[end].key == "]" || us[end].key == ")") && !us[end].newline {
			end++
		} else if j > i {
			continue
		}
		body := end
		switch {
		case end >= len(us) || us[end].newline:
		case us[end].key == ":":
			body = end + 1
		case us[end].gap || j > i:
		default:
			continue // "诊断明确" is a sentence, not a heading
		}
		if n := len(out); n > 0 {
			zhCloseSection(&out[n-1], us, i)
		}
		s := Section{Name: r.value, Title: title, Start: us[i].start, ByteStart: us[i].bstart, first: i, body: body}
		if body < len(us) {
			s.BodyStart, s.BodyByteStart = us[body].start, us[body].bstart
		} else {
			last := us[len(us)-1]
			s.BodyStart, s.BodyByteStart = last.end, last.bend
		}
		out = append(out, s)
		i = body - 1
	}
	if n := len(out); n > 0 {
		zhCloseSection(&out[n-1], us, len(us))
	}
	return out
}

func zhCloseSection(s *Section, us []zunit, next int) {
	last := us[max(next-1, s.first)]
	s.End, s.ByteEnd = last.end, last.bend
	if s.BodyByteStart > s.ByteEnd {
		s.BodyStart, s.BodyByteStart = s.End, s.ByteEnd
	}
}

// assertChinese is Assert for a Chinese sentence. The concept may be
// written in Chinese ("胸痛") or be an English canonical name or synonym
// ("chest pain", "dyspnea"): a Chinese user and an English caller ask about
// the same findings.
func (e *Engine) assertChinese(sentence, concept string) (Finding, error) {
	us := zhUnits(sentence, nil)
	if fs, fe := zhLocate(us, phraseUnits(concept)); fs >= 0 {
		if note, i := e.analyzeChineseAt(sentence, us, fs, fe); i >= 0 {
			f := note.Findings[i]
			f.Concept = concept
			return f, nil
		}
	}
	note := e.analyzeChinese(sentence)
	note.Allergies = findAllergies(sentence, note.Sections)
	markAllergyFindings(&note)
	want := foldKey(strings.Join(strings.Fields(concept), ""))
	canon := zhLex().concepts[want]
	if canon == "" {
		canon = e.canonical(trimPunctKeys(phraseKeys(concept)))
	}
	for _, f := range note.Findings {
		if foldKey(f.Text) == want {
			f.Concept = concept
			return f, nil
		}
	}
	for _, f := range note.Findings {
		if f.Concept == canon && canon != "" || f.Concept == concept {
			f.Concept = concept
			return f, &ConceptError{Concept: concept, Partial: true}
		}
	}
	// Nowhere: the sentence's findings vote, as in English; without any,
	// the section's defaults stand.
	sec := ""
	if len(note.Sections) > 0 {
		sec = note.Sections[0].Name
	}
	d := decision{negation: Affirmed, temporality: Recent, experiencer: Patient}
	if def, ok := e.defaults[sec]; ok {
		d.temporality = cmp.Or(def.temporality, d.temporality)
		d.experiencer = cmp.Or(def.experiencer, d.experiencer)
	}
	pick := func(get func(Finding) string, dflt string) string {
		counts := map[string]int{}
		for _, f := range note.Findings {
			counts[get(f)]++
		}
		best, n := dflt, counts[dflt]
		for _, v := range sortedKeys(counts) {
			if counts[v] > n || counts[v] == n && best == dflt && v != dflt && n > 0 {
				best, n = v, counts[v]
			}
		}
		return best
	}
	f := Finding{
		Concept:     concept,
		Negation:    pick(func(f Finding) string { return f.Negation }, d.negation),
		Temporality: pick(func(f Finding) string { return f.Temporality }, d.temporality),
		Experiencer: pick(func(f Finding) string { return f.Experiencer }, d.experiencer),
		Section:     sec,
	}
	return f, &ConceptError{Concept: concept}
}

// zhLocate finds the first run of units whose keys are keys, as English's
// locate finds a concept as written; it returns -1, -1 when there is none.
func zhLocate(us []zunit, keys []string) (int, int) {
	if len(keys) == 0 {
		return -1, -1
	}
outer:
	for i := 0; i+len(keys) <= len(us); i++ {
		for k, key := range keys {
			if us[i+k].key != key {
				continue outer
			}
		}
		return i, i + len(keys)
	}
	return -1, -1
}
