package nlp

import (
	"sort"
	"unicode/utf8"
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

// decision is the context of one finding, with why for each class: a
// trigger's span (Source set), or nothing for a default.
type decision struct {
	negation, temporality, experiencer string
	why                                [numClasses]Trigger
}

// because records that class c got value v from the trigger words[m].
func (d *decision) because(c int, v string, words []cword, m match) {
	a, b := words[m.start], words[m.end-1]
	src := SourcePhrase
	if m.r == historicalRule {
		src = SourceTime
	}
	d.why[c] = Trigger{Span: Span{Start: a.Start, End: b.End, ByteStart: a.ByteStart, ByteEnd: b.ByteEnd}, Class: classNames[c], Value: v, Source: src}
}

// triggers lists the reasons of d, filling in the text and, for a
// section default, the heading's span.
func (d *decision) triggers(text string, heading *Section) []Trigger {
	var out []Trigger
	for _, t := range d.why {
		if t.Source == "" {
			continue
		}
		if t.Source == SourceSection {
			if heading == nil {
				continue
			}
			t.Start, t.ByteStart = heading.Start, heading.ByteStart
			t.ByteEnd = heading.ByteStart + len(heading.Title)
			t.End = heading.Start + utf8.RuneCountInString(heading.Title)
		}
		if t.ByteStart >= 0 && t.ByteEnd <= len(text) && t.ByteStart <= t.ByteEnd {
			t.Text = text[t.ByteStart:t.ByteEnd]
		}
		out = append(out, t)
	}
	return out
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
		if w.key != "" && w.key[0] >= '0' && w.key[0] <= '9' || w.inFinding {
			// a value qualifies an item ("fever greater than 101") and adds no
			// words to it; another finding counts as one word ("for worsening
			// shortness of breath or swelling")
			continue
		}
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

// nearest returns the closest trigger whose scope covers the finding
// words[fs:fe], or one with a nil rule.
func nearest(words []cword, ms []match, term []string, fs, fe int) match {
	var best match
	bestDist := 1 << 30
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
					best, bestDist = m, d
				}
			}
		}
		if m.start >= fe {
			bwd := m.r.dir&backward != 0 || m.r.dir == forward && clauseEnd(words, m.end)
			if bwd {
				if d, ok := reachBackward(words, term, m, fe); ok && d < bestDist {
					best, bestDist = m, d
				}
			}
		}
	}
	return best
}

// sectionDecision is the default decision in a section.
func sectionDecision(def sectionInfo) decision {
	d := decision{negation: Affirmed, temporality: Recent, experiencer: Patient}
	if def.temporality != "" && def.temporality != Recent {
		d.temporality = def.temporality
		d.why[temporalityClass] = Trigger{Class: classNames[temporalityClass], Value: d.temporality, Source: SourceSection}
	}
	if def.experiencer != "" && def.experiencer != Patient {
		d.experiencer = def.experiencer
		d.why[experiencerClass] = Trigger{Class: classNames[experiencerClass], Value: d.experiencer, Source: SourceSection}
	}
	return d
}

// decide gives the context of words[fs:fe] from the class matches and the
// section's defaults.
func (e *Engine) decide(words []cword, sc *scopes, fs, fe int, section string) decision {
	d := sectionDecision(e.defaults[section])
	vals := [numClasses]*string{&d.negation, &d.temporality, &d.experiencer}
	for c := range vals {
		if m := nearest(words, sc.ms[c], sc.term[c], fs, fe); m.r != nil {
			*vals[c] = m.r.value
			d.because(c, m.r.value, words, m)
		}
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
