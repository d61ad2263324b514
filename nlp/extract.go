package nlp

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// runeCursor turns byte offsets into rune offsets. Mentions are found left
// to right, so it counts forward from the last offset and only starts over
// when asked about an earlier one: a whole note costs one pass.
type runeCursor struct {
	text string
	b, r int
}

func (c *runeCursor) at(b int) int {
	if b < c.b {
		c.b, c.r = 0, 0
	}
	c.r += utf8.RuneCountInString(c.text[c.b:b])
	c.b = b
	return c.r
}

func (c *runeCursor) span(bs, be int) Span {
	s := c.at(bs)
	return Span{Text: c.text[bs:be], Start: s, End: c.at(be), ByteStart: bs, ByteEnd: be}
}

// nameLexicon is a list of names (medications, labs) with the canonical
// name of every written form. Forms are found by a scan of word starts
// that looks each word up in a map, not by one alternation of every name:
// Go's regular expressions run such an alternation in time proportional
// to its size at every byte, which made a long note slow.
type nameLexicon struct {
	byFirst map[string][]nameForm // first word (lower case) or first Han rune -> forms, longest first
	canon   map[string]string     // nameKey(form) -> canonical
}

// nameForm is one written form: its words, and whether case must match.
type nameForm struct {
	words []string // lower case unless cs
	cs    bool
	canon string
}

// nameKey folds a written name for lookup: lower case, runs of spaces and
// hyphens as one space.
func nameKey(s string) string {
	s = strings.ToLower(s)
	return strings.Join(strings.FieldsFunc(s, isNameSep), " ")
}

func isNameSep(r rune) bool { return r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\r' }

// compileNames reads a canonical<TAB>synonym|... file. A synonym "=K" is
// case-sensitive. English forms must stand as whole words; Chinese ones
// need not, since Chinese has no spaces.
func compileNames(data []byte, file string) (*nameLexicon, error) {
	type form struct {
		text, canon string
		cs          bool
	}
	var forms []form
	lx := &nameLexicon{canon: map[string]string{}, byFirst: map[string][]nameForm{}}
	err := readLines(data, file, func(line int, f []string) error {
		names, err := lexiconNames(f)
		if err != nil {
			return err
		}
		for _, n := range names {
			cs := strings.HasPrefix(n, "=")
			n = strings.TrimPrefix(n, "=")
			if n == "" {
				continue
			}
			forms = append(forms, form{n, f[0], cs})
			lx.canon[nameKey(n)] = f[0]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// a canonical name written "=PT" among its synonyms is matched only
	// that way: "pt" is the patient
	exact := map[string]bool{}
	for _, f := range forms {
		if f.cs {
			exact[nameKey(f.text)] = true
		}
	}
	for _, f := range forms {
		if !f.cs && exact[nameKey(f.text)] {
			continue
		}
		words := strings.FieldsFunc(f.text, isNameSep)
		if !f.cs {
			for i := range words {
				words[i] = strings.ToLower(words[i])
			}
		}
		first := strings.ToLower(words[0])
		if isHanText(first) {
			r, _ := utf8.DecodeRuneInString(first)
			first = string(r)
		} else {
			first = strings.ToLower(leadingWord(first))
		}
		lx.byFirst[first] = append(lx.byFirst[first], nameForm{words, f.cs, f.canon})
	}
	for k, fs := range lx.byFirst {
		// longest first, so that "insulin glargine" wins over "insulin"
		sort.SliceStable(fs, func(i, j int) bool { return formLen(fs[i]) > formLen(fs[j]) })
		lx.byFirst[k] = fs
	}
	return lx, nil
}

func formLen(f nameForm) int {
	n := 0
	for _, w := range f.words {
		n += len(w) + 1
	}
	return n
}

// leadingWord is the run of ASCII letters and digits at the start of s.
func leadingWord(s string) string {
	i := 0
	for i < len(s) && asciiAlnum(s[i]) {
		i++
	}
	return s[:i]
}

// isHanText reports a form that starts with a Chinese character.
func isHanText(s string) bool {
	for _, r := range s {
		return isIdeograph(r)
	}
	return false
}

// findAll returns the byte ranges of the lexicon's forms in text, longest
// at each start, left to right, not overlapping.
func (lx *nameLexicon) findAll(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if !asciiAlnum(c) || i > 0 && asciiAlnum(text[i-1]) {
				i++
				continue
			}
			w := leadingWord(text[i:])
			if end := lx.matchAt(text, i, strings.ToLower(w)); end > 0 {
				out = append(out, [2]int{i, end})
				i = end
				continue
			}
			i += len(w)
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if isIdeograph(r) {
			if end := lx.matchAt(text, i, string(r)); end > 0 {
				out = append(out, [2]int{i, end})
				i = end
				continue
			}
		}
		i += n
	}
	return out
}

// matchAt tries the forms keyed first at text[i:]; it returns the end of
// the longest that matches, or 0.
func (lx *nameLexicon) matchAt(text string, i int, first string) int {
	for _, f := range lx.byFirst[first] {
		if end := f.matchAt(text, i); end > 0 {
			return end
		}
	}
	return 0
}

// matchAt matches one form at text[i:]: its words in order with spaces or
// hyphens between, ending where a Latin word would end.
func (f nameForm) matchAt(text string, i int) int {
	pos := i
	for k, w := range f.words {
		if k > 0 {
			j := pos
			for j < len(text) && (text[j] == ' ' || text[j] == '-' || text[j] == '\t') {
				j++
			}
			if j == pos {
				return 0
			}
			pos = j
		}
		if len(text)-pos < len(w) {
			return 0
		}
		got := text[pos : pos+len(w)]
		if f.cs && got != w || !f.cs && !strings.EqualFold(got, w) {
			return 0
		}
		pos += len(w)
	}
	if pos < len(text) && asciiAlnum(text[pos]) && asciiAlnum(text[pos-1]) {
		return 0 // "aspirin" in "aspirinx"; Chinese forms may run into the next character
	}
	return pos
}

// lookup gives the canonical name of a matched form.
func (lx *nameLexicon) lookup(form string) string {
	if c, ok := lx.canon[nameKey(form)]; ok {
		return c
	}
	return strings.ToLower(form)
}

// isName reports whether the whole of s is one of the lexicon's forms.
func (lx *nameLexicon) isName(s string) bool {
	ms := lx.findAll(s)
	return len(ms) == 1 && ms[0][0] == 0 && ms[0][1] == len(s)
}

// overlapsAny reports whether [bs, be) overlaps one of the byte ranges,
// which are sorted and do not overlap each other.
func overlapsAny(rs [][2]int, bs, be int) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i][1] > bs })
	return i < len(rs) && rs[i][0] < be
}

// addRange inserts [bs, be) into a sorted list of ranges.
func addRange(rs [][2]int, bs, be int) [][2]int {
	i := sort.Search(len(rs), func(i int) bool { return rs[i][0] >= bs })
	rs = append(rs, [2]int{})
	copy(rs[i+1:], rs[i:])
	rs[i] = [2]int{bs, be}
	return rs
}

// sectionName is the canonical name of the section holding byte b.
func sectionName(ss []Section, b int) string {
	if i := sectionAt(ss, b); i >= 0 {
		return ss[i].Name
	}
	return ""
}

// extract adds the medications, vital signs, labs and allergies of text to
// note. Allergies come first: a drug or a reaction inside an allergy is
// the allergy's, not a prescription or a finding of this visit. Vital
// signs come before labs, and medications before both, so that a span is
// read as one kind only.
func extract(text string, note *Note) {
	note.Allergies = findAllergies(text, note.Sections)
	var taken [][2]int
	for _, a := range note.Allergies {
		taken = addRange(taken, a.ByteStart, a.ByteEnd)
	}
	note.Medications = findMedications(text, note.Sections, taken)
	for _, m := range note.Medications {
		taken = addRange(taken, m.ByteStart, m.ByteEnd)
	}
	note.Vitals = findVitals(text, note.Sections, taken)
	for _, v := range note.Vitals {
		taken = addRange(taken, v.ByteStart, v.ByteEnd)
	}
	note.Labs = findLabs(text, note.Sections, taken)
	dropMeasurementWords(note)
	markAllergyFindings(note)
}

// vitalNames maps the ways a vital sign is named to the names Vital uses.
var vitalNames = map[string]string{
	"bp": "bp", "blood pressure": "bp", "b/p": "bp", "nibp": "bp", "血压": "bp",
	"hr": "hr", "heart rate": "hr", "pulse": "hr", "pulse rate": "hr", "p": "hr", "心率": "hr", "脉搏": "hr",
	"temp": "temp", "temperature": "temp", "t": "temp", "tmax": "temp", "体温": "temp",
	"spo2": "spo2", "sao2": "spo2", "o2 sat": "spo2", "oxygen saturation": "spo2", "sat": "spo2", "sats": "spo2", "pulse ox": "spo2", "血氧饱和度": "spo2",
	"rr": "rr", "respiratory rate": "rr", "resp rate": "rr", "respirations": "rr", "r": "rr", "呼吸": "rr", "呼吸频率": "rr",
	"weight": "weight", "wt": "weight", "体重": "weight", "height": "height", "ht": "height", "身高": "height",
}

// CanonicalName gives the name the reader uses for a mention of kind
// (medication, vital, lab, allergy) written as name: "Lasix" is
// furosemide, "K" potassium, "blood pressure" bp. A name the reader does
// not know comes back folded (lower case, single spaces). It lets a
// scorer compare the reader's names with an annotator's.
func CanonicalName(kind, name string) string {
	k := nameKey(strings.TrimSpace(name))
	switch kind {
	case "medication":
		if c, ok := medicationLexicon().canon[k]; ok {
			return c
		}
	case "lab":
		if c, ok := labLexicon().canon[k]; ok {
			return c
		}
		// case-sensitive forms ("K", "Na") were keyed in lower case too
	case "vital":
		if c, ok := vitalNames[k]; ok {
			return c
		}
	case "allergy":
		switch k {
		case "nkda", "nka", "no known drug allergies", "no known allergies", "none", "no known drug allergy":
			return "nkda"
		}
		return substanceName(name)
	}
	return k
}

// dropMeasurementWords removes findings read from inside a vital sign or
// a lab result: "RA" in "SpO2 91% on RA" is room air, not arthritis.
func dropMeasurementWords(note *Note) {
	var rs [][2]int
	for _, v := range note.Vitals {
		rs = addRange(rs, v.ByteStart, v.ByteEnd)
	}
	for _, l := range note.Labs {
		rs = addRange(rs, l.ByteStart, l.ByteEnd)
	}
	if len(rs) == 0 {
		return
	}
	kept := note.Findings[:0]
	for _, f := range note.Findings {
		if !overlapsAny(rs, f.ByteStart, f.ByteEnd) {
			kept = append(kept, f)
		}
	}
	note.Findings = kept
}
