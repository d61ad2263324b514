package ui

import (
	"unicode/utf8"

	"github.com/bedside-health/bedside/nlp/record"
)

// A long note drawn whole is thousands of elements, and go-app diffs all of
// them on every render: a 99k-character note froze the page for 2.6 s to
// show and 1.2-1.5 s per keystroke. So the highlighted note and the findings
// table are drawn a page at a time.
const (
	notePageChars    = 2000 // characters of highlighted note per page
	notePageSegments = 250  // and at most this many runs, for a dense note
	findingsPageRows = 50
)

// notePage is a run of segments starting at rune offset Start.
type notePage struct {
	Start, End int // rune offsets in the analysed note
	Segs       []Segment
}

// paginate cuts segments into pages of about maxChars runes and at most
// maxSegs segments, at segment boundaries; a segment longer than a page
// is its own page.
func paginate(segs []Segment, maxChars, maxSegs int) []notePage {
	var pages []notePage
	cur := notePage{}
	chars, off := 0, 0
	for _, s := range segs {
		n := utf8.RuneCountInString(s.Text)
		if len(cur.Segs) > 0 && (chars+n > maxChars || len(cur.Segs) >= maxSegs) {
			cur.End = off
			pages = append(pages, cur)
			cur, chars = notePage{Start: off}, 0
		}
		cur.Segs = append(cur.Segs, s)
		chars += n
		off += n
	}
	if len(cur.Segs) > 0 {
		cur.End = off
		pages = append(pages, cur)
	}
	return pages
}

// pageAt is the page holding rune offset off, or -1.
func pageAt(pages []notePage, off int) int {
	for i, p := range pages {
		if off >= p.Start && off < p.End {
			return i
		}
	}
	return -1
}

// withTriggers splits a page's segments so the trigger spans of the focused
// finding stand out; spans outside the page are ignored.
func withTriggers(p notePage, ts []record.Trigger) []Segment {
	if len(ts) == 0 {
		return p.Segs
	}
	in := func(i int) bool {
		for _, t := range ts {
			if t.Source == record.SourceSection {
				continue // a heading default is not words in this sentence
			}
			if i >= t.Start && i < t.End {
				return true
			}
		}
		return false
	}
	var out []Segment
	off := p.Start
	for _, s := range p.Segs {
		r := []rune(s.Text)
		start := 0
		for i := 1; i <= len(r); i++ {
			if i < len(r) && in(off+i) == in(off+start) {
				continue
			}
			part := s
			part.Text = string(r[start:i])
			part.Trigger = in(off + start)
			out = append(out, part)
			start = i
		}
		off += len(r)
	}
	return out
}

// pageCount is how many pages of size per hold n items.
func pageCount(n, per int) int {
	if n <= 0 {
		return 1
	}
	return (n + per - 1) / per
}

// drawSteps is how much of a new result each render draws. A long note's
// result drawn in one render (a page of highlighted note, a page of
// findings, the sections) created about a thousand elements in one task of
// about 500 ms; drawn in steps, each in its own task, the page stays
// responsive while it fills in. Every part keeps its place in the tree
// from the first step (empty until drawn), so a step only appends. A step
// mounts at most about 70 segments or 5 table rows (each row is nine
// cells with their attributes and a focus handler): 15 rows a step took
// 20-26 ms of CPU.
var drawSteps = func() []drawStep {
	var steps []drawStep
	for _, segs := range []int{20, 60, 110, 180, notePageSegments} {
		steps = append(steps, drawStep{segs: segs})
	}
	for rows := 5; rows <= findingsPageRows; rows += 5 {
		steps = append(steps, drawStep{segs: notePageSegments, rows: rows})
	}
	for lists := 1; lists <= resultLists; lists++ {
		steps = append(steps, drawStep{segs: notePageSegments, rows: findingsPageRows, lists: lists})
	}
	return steps
}()

type drawStep struct {
	segs  int // segments of the highlighted page
	rows  int // rows of the findings table (0: not yet drawn)
	lists int // of the sections, medications, vitals, labs and allergies, in that order
}

// resultLists is how many lists the result has besides the findings.
const resultLists = 5

// mentionsPageRows is how many lines of a list of medications, vitals,
// labs or allergies are shown at once: a note full of medications would
// otherwise draw them all in one step.
const mentionsPageRows = 25

// drawnAll is the step at which the whole result is drawn.
var drawnAll = len(drawSteps) - 1
