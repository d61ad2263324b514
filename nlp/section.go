package nlp

import "strings"

// Section is a part of a note under one heading. Start/End (runes) and
// ByteStart/ByteEnd cover the heading and its body up to the next heading;
// BodyStart/BodyByteStart is where the text after the heading begins.
type Section struct {
	Name          string `json:"name"`  // canonical: "family_history", "past_medical_history", ...
	Title         string `json:"title"` // the heading as written, without its colon
	Start         int    `json:"start"`
	End           int    `json:"end"`
	ByteStart     int    `json:"byte_start"`
	ByteEnd       int    `json:"byte_end"`
	BodyStart     int    `json:"body_start"`
	BodyByteStart int    `json:"body_byte_start"`

	first, body int // token indexes of the heading and of the body
}

// maxHeaderWords bounds a heading's length: longer runs are sentences.
const maxHeaderWords = 6

// Sections finds the headed sections of a note. Headings are recognised
// with or without a colon, in any case when they are known
// ("Past Medical History", "HPI:"), and when unknown only in ALL CAPS
// ("PREOPERATIVE DIAGNOSIS:"). A heading starts a line or follows the end
// of a sentence, so headings inline in transcribed notes are found too.
// Sub-headings inside an exam or a review of systems ("HEENT:", "Neck:")
// do not start sections. Text before the first heading is in no section.
func (e *Engine) Sections(text string) []Section {
	if Language(text) == "zh" {
		return zhSections(zhLex(), text, zhUnits(text, nil), nil) // zh_note.go
	}
	return e.sections(text, Tokenize(text))
}

func (e *Engine) sections(text string, toks []Token) []Section {
	var out []Section
	for i := 0; i < len(toks); i++ {
		if !clauseStart(text, toks, i) || toks[i].Kind != Word {
			continue
		}
		name, title, body, ok := e.heading(text, toks, i)
		if !ok {
			continue
		}
		if n := len(out); n > 0 {
			closeSection(&out[n-1], toks, i)
		}
		s := Section{Name: name, Title: title, Start: toks[i].Start, ByteStart: toks[i].ByteStart, first: i, body: body}
		if body < len(toks) {
			s.BodyStart, s.BodyByteStart = toks[body].Start, toks[body].ByteStart
		} else {
			last := toks[len(toks)-1]
			s.BodyStart, s.BodyByteStart = last.End, last.ByteEnd
		}
		out = append(out, s)
		i = body - 1
	}
	if n := len(out); n > 0 {
		closeSection(&out[n-1], toks, len(toks))
	}
	return out
}

// closeSection ends s just before token next.
func closeSection(s *Section, toks []Token, next int) {
	last := toks[max(next-1, s.first)]
	s.End, s.ByteEnd = last.End, last.ByteEnd
	if s.BodyByteStart > s.ByteEnd {
		s.BodyStart, s.BodyByteStart = s.End, s.ByteEnd
	}
}

// clauseStart reports whether token i begins a line or follows a
// sentence end.
func clauseStart(text string, toks []Token, i int) bool {
	if i == 0 {
		return true
	}
	prev := toks[i-1]
	if strings.Contains(text[prev.ByteEnd:toks[i].ByteStart], "\n") {
		return true
	}
	if prev.Kind == Punct {
		switch prev.Text {
		case ".", "!", "?", ":", ";", ",", "...", "…":
			// "," after a heading's colon is an mtsamples quirk: "HPI:, The ..."
			return prev.Text != "," || i >= 2 && toks[i-2].Text == ":"
		}
	}
	return false
}

// heading decides whether a heading starts at token i; body is the index
// of the first token after it (and its colon).
func (e *Engine) heading(text string, toks []Token, i int) (name, title string, body int, ok bool) {
	if first := toks[i].Text; !isAllUpper(first) && !e.headerFirst[lower(first)] && !startsUpper(first) {
		return "", "", 0, false // known headings start with a known word; unknown ones are capitalised
	}
	// collect up to maxHeaderWords words on the same line
	j, words := i, 0
	for j < len(toks) && words <= maxHeaderWords {
		t := toks[j]
		if j > i && strings.Contains(text[toks[j-1].ByteEnd:t.ByteStart], "\n") {
			break
		}
		if t.Kind == Word {
			words++
		} else if t.Text != "&" && t.Text != "/" && t.Text != "-" && t.Text != "(" && t.Text != ")" && t.Text != "'" {
			break
		}
		j++
	}
	if words == 0 || words > maxHeaderWords {
		return "", "", 0, false
	}
	// j is the first token after the word run
	colon := j < len(toks) && toks[j].Text == ":" && !strings.Contains(text[toks[j-1].ByteEnd:toks[j].ByteStart], "\n")
	lineEnd := j >= len(toks) || strings.Contains(text[toks[j-1].ByteEnd:toks[j].ByteStart], "\n")
	if !colon && !lineEnd {
		return "", "", 0, false
	}
	title = text[toks[i].ByteStart:toks[j-1].ByteEnd]
	body = j
	if colon {
		body = j + 1
		if body < len(toks) && toks[body].Text == "," { // "HPI:, The patient"
			body++
		}
	}
	if canon, known := e.headers[headerKey(title)]; known {
		if canon == "-" {
			return "", "", 0, false
		}
		return canon, title, body, true
	}
	caps := isAllUpper(title) && letterCount(title) >= 2
	// "DENIES: fever" and "CHEST PAIN: none" are content in capitals, not
	// headings: an unknown heading may not be a trigger or a finding
	if hasNegation(title) || e.canonical(trimPunctKeys(phraseKeys(title))) != "" {
		return "", "", 0, false
	}
	switch {
	case colon && caps:
		return slug(title), title, body, true
	case lineEnd && caps && words >= 2 && words <= 4 && !hasNegation(title):
		return slug(title), title, body, true
	case colon && lineEnd && words >= 2 && isTitleCase(toks[i:j]):
		return slug(title), title, body, true
	}
	return "", "", 0, false
}

func hasNegation(s string) bool {
	for _, w := range strings.Fields(lower(s)) {
		switch strings.Trim(w, ".:,") {
		case "no", "not", "denies", "denied", "deny", "negative", "without", "none", "neg", "absent":
			return true
		}
	}
	return false
}

// isTitleCase reports words that all start upper case, small words aside.
func isTitleCase(toks []Token) bool {
	for _, t := range toks {
		if t.Kind != Word {
			continue
		}
		switch lower(t.Text) {
		case "of", "and", "or", "the", "for", "in", "on", "to", "with", "at":
			continue
		}
		if !startsUpper(t.Text) {
			return false
		}
	}
	return true
}

// sectionAt returns the index of the last section starting at or before
// byte offset b, or -1.
func sectionAt(ss []Section, b int) int {
	for i := len(ss) - 1; i >= 0; i-- {
		if ss[i].ByteStart <= b {
			return i
		}
	}
	return -1
}
