package nlp

import (
	"sort"
	"strings"

	"github.com/bedside-health/bedside/nlp/rx"
)

var nkdaRE = rx.MustCompile(rxTable, `(?i)\bNKDA\b|\bNKA\b|\bno\s+known\s+(?:drug\s+|medication\s+)?allerg(?:y|ies)\b|\bno\s+(?:drug\s+)?allergies\b|\bdenies\s+(?:any\s+)?(?:drug\s+)?allergies\b|否认(?:药物|食物|药物及食物|食物、?药物|药物、?食物)?过敏史|无(?:药物|食物)?过敏史|无已知(?:药物)?过敏|未发现(?:药物)?过敏`)

// inline allergy statements outside an allergies section: what follows
// "allergic to" up to the end of the sentence, and "X allergy".
var (
	allergicToRE  = rx.MustCompile(rxTable, `(?i)\b(?:allergic\s+to|allergy\s+to|allergies\s+to|allergies\s+include|allergies\s*[:：-])\s*`)
	xAllergyRE    = rx.MustCompile(rxTable, `(?i)\b([a-z][a-z\-]+)[ \t]+(?:allergy|allergies|intolerance)\b`)
	zhAllergyRE   = rx.MustCompile(rxTable, `(?:对)?([\p{Han}A-Za-z]{2,8}?)过敏(?:史)?(?:[(（]([^()（）]{1,12})[)）])?`)
	allergyBullet = rx.MustCompile(rxTable, `^[\s\-*•·]*(?:\d+[.)、]\s*)?`)
	reactionSep   = rx.MustCompile(rxTable, `(?i)\s*(?:->|→|—|–|\s-\s|:|：|\bcaus(?:es|ing|ed)\b|\bleads?\s+to\b|\bwith\b|\bresulting\s+in\b|\bgives?\b)\s*`)
)

// notSubstances are words before "allergy" that name no substance.
var notSubstances = map[string]bool{
	"drug": true, "drugs": true, "food": true, "known": true, "seasonal": true, "environmental": true,
	"medication": true, "medications": true, "no": true, "any": true, "multiple": true, "other": true,
	"an": true, "the": true, "his": true, "her": true, "of": true, "and": true, "or": true, "severe": true,
	"reported": true, "listed": true, "documented": true, "contrast": false, "药物": true, "食物": true,
}

// findAllergies finds allergies in the note's allergies sections and in
// allergy statements anywhere.
func findAllergies(text string, secs []Section) []Allergy {
	var out []Allergy
	var done [][2]int
	add := func(a Allergy) {
		if overlapsAny(done, a.ByteStart, a.ByteEnd) {
			return
		}
		done = addRange(done, a.ByteStart, a.ByteEnd)
		out = append(out, a)
	}
	lower := strings.ToLower(text)
	if !containsAny(lower, []string{"allerg", "nkda", "nka", "intoleran", "过敏"}) {
		return []Allergy{}
	}
	for _, loc := range nkdaRE.FindAllStringIndex(text, -1) {
		add(Allergy{Span: Span{ByteStart: loc[0], ByteEnd: loc[1]}, NKDA: true})
	}
	for _, s := range secs {
		if s.Name != "allergies" {
			continue
		}
		body := s.BodyByteStart
		end := s.ByteEnd
		// an allergy list is short: the rest of the heading's line when it
		// starts there, else the lines up to the first blank one
		sameLine := !strings.Contains(text[s.ByteStart:body], "\n")
		if nl := strings.IndexByte(text[body:end], '\n'); nl >= 0 && sameLine && strings.TrimSpace(text[body:body+nl]) != "" {
			end = body + nl
		} else if i := strings.Index(text[body:end], "\n\n"); i >= 0 {
			end = body + i
		}
		if end-body > 1000 {
			end = body + 1000
		}
		for _, a := range allergyItems(text, body, end, true) {
			add(a)
		}
	}
	for _, loc := range allergicToRE.FindAllStringIndex(text, -1) {
		end := loc[1]
		for end < len(text) && end-loc[1] < 200 && text[end] != '.' && text[end] != '\n' && text[end] != ';' {
			end++
		}
		for _, a := range allergyItems(text, loc[1], end, false) {
			add(a)
		}
	}
	for _, loc := range xAllergyRE.FindAllStringSubmatchIndex(text, -1) {
		w := strings.ToLower(text[loc[2]:loc[3]])
		if notSubstances[w] || IsStopword(w) {
			continue
		}
		a := Allergy{Span: Span{ByteStart: loc[2], ByteEnd: loc[1]}, Substance: substanceName(text[loc[2]:loc[3]])}
		add(a)
	}
	if !strings.Contains(text, "过敏") {
		goto done
	}
	for _, loc := range zhAllergyRE.FindAllStringSubmatchIndex(text, -1) {
		w := text[loc[2]:loc[3]]
		w = strings.TrimLeft(w, "有对")
		if w == "" || notSubstances[w] || strings.HasPrefix(w, "否认") || strings.HasPrefix(w, "无") || strings.HasSuffix(w, "药物") {
			continue
		}
		a := Allergy{Span: Span{ByteStart: loc[1] - len(text[loc[2]:loc[1]]), ByteEnd: loc[1]}, Substance: substanceName(w)}
		a.ByteStart = loc[3] - len(w)
		if loc[4] >= 0 {
			a.Reaction = strings.TrimSpace(text[loc[4]:loc[5]])
		}
		add(a)
	}
done:
	sortAllergies(out)
	cur := runeCursor{text: text}
	for i := range out {
		out[i].Span = cur.span(out[i].ByteStart, out[i].ByteEnd)
		out[i].Section = sectionName(secs, out[i].ByteStart)
	}
	if out == nil {
		out = []Allergy{}
	}
	return out
}

func sortAllergies(as []Allergy) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].ByteStart < as[j-1].ByteStart; j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// substanceName folds a substance: a listed drug by its generic name.
func substanceName(s string) string {
	s = strings.TrimSpace(s)
	if lx := medicationLexicon(); lx.isName(s) {
		return lx.lookup(s)
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// allergyItems splits text[bs:be] into items ("Penicillin (rash)",
// "sulfa - hives", "codeine: nausea") at commas, semicolons, line ends and
// Chinese list marks, never inside brackets. Prose is not a list: an item
// whose substance runs past five words is dropped.
func allergyItems(text string, bs, be int, section bool) []Allergy {
	var out []Allergy
	depth, start := 0, bs
	flush := func(end int) {
		out = append(out, parseAllergyItem(text, start, end)...)
	}
	for i := bs; i < be; {
		// a statement in running text ends where its list turns into
		// prose: in "allergic to nuts, her face is swelling" the swelling
		// is what is happening now, not a past reaction
		if !section && i == start && start > bs && proseAhead(text, i, be) {
			return out
		}
		r, n := rune(text[i]), 1
		if r >= 0x80 {
			rs := []rune(text[i:min(be, i+4)])
			if len(rs) > 0 {
				r = rs[0]
				n = len(string(r))
			}
		}
		switch r {
		case '(', '（', '[':
			depth++
		case ')', '）', ']':
			depth = max(0, depth-1)
		case ',', ';', '\n', '，', '；', '、', '。':
			if depth == 0 {
				flush(i)
				start = i + n
			}
		case '.':
			if depth == 0 && (i+1 >= be || text[i+1] == ' ' || text[i+1] == '\n') {
				flush(i)
				start = i + 1
			}
		}
		i += n
	}
	if start < be && (section || start == bs || !proseAhead(text, start, be)) {
		flush(be)
	}
	return out
}

// proseAhead reports that the list item starting at text[i:] is a clause
// (it has a pronoun or a verb of being) rather than a substance.
func proseAhead(text string, i, be int) bool {
	end := i
	for end < be && !strings.ContainsRune(",;\n，；、。", rune(text[end])) {
		end++
	}
	return isProse(text[i:end])
}

// isProse reports words that a substance or a reaction never has: the
// pronouns and verbs of a sentence about what is happening.
func isProse(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r == '\'') }) {
		if proseWords[w] {
			return true
		}
	}
	return false
}

var proseWords = map[string]bool{
	"i": true, "i'm": true, "im": true, "my": true, "me": true, "we": true, "our": true, "you": true, "your": true,
	"he": true, "he's": true, "she": true, "she's": true, "her": true, "his": true, "him": true, "they": true, "their": true, "it's": true,
	"is": true, "are": true, "was": true, "were": true, "am": true, "has": true, "have": true, "been": true, "being": true,
	"can't": true, "cant": true, "cannot": true, "now": true, "started": true, "starting": true, "getting": true, "feel": true, "feels": true,
}

// parseAllergyItem reads one list item: substance, then a reaction in
// brackets or after a separator. "penicillin and sulfa" with no reaction
// is two items.
func parseAllergyItem(text string, bs, be int) []Allergy {
	item := text[bs:be]
	lead := allergyBullet.FindStringIndex(item)
	off := lead[1]
	item = item[off:]
	trimmed := strings.TrimRight(item, " \t\r.")
	if trimmed == "" || nkdaRE.MatchString(trimmed) || strings.EqualFold(trimmed, "none") || strings.EqualFold(trimmed, "nka") {
		return nil
	}
	start := bs + off
	subst, reaction := trimmed, ""
	if i := strings.IndexAny(trimmed, "(（"); i > 0 {
		subst = trimmed[:i]
		inner := trimmed[i:]
		inner = strings.TrimLeft(inner, "(（")
		if j := strings.IndexAny(inner, ")）"); j >= 0 {
			inner = inner[:j]
		}
		reaction = inner
	} else if loc := reactionSep.FindStringIndex(trimmed); loc != nil && loc[0] > 0 {
		subst = trimmed[:loc[0]]
		reaction = trimmed[loc[1]:]
	} else if parts := splitAnd(trimmed); len(parts) > 1 {
		var out []Allergy
		for _, p := range parts {
			out = append(out, parseAllergyItem(text, start+p[0], start+p[1])...)
		}
		return out
	}
	subst = strings.TrimPrefix(strings.TrimSpace(subst), "对")
	for _, suffix := range []string{" allergy", " allergies", " intolerance", "过敏史", "过敏"} {
		if strings.HasSuffix(strings.ToLower(subst), suffix) {
			subst = subst[:len(subst)-len(suffix)]
		}
	}
	words := strings.Fields(subst)
	if len(words) == 0 || len(words) > 5 || notSubstances[strings.ToLower(subst)] || strings.ContainsAny(subst, "0123456789") {
		return nil // prose, a word that names no substance, or a dose ("Lasix 40 mg") under a heading left open
	}
	reaction = strings.ToLower(strings.Trim(strings.TrimSpace(reaction), ".:-"))
	if isProse(subst) {
		return nil
	}
	if len(strings.Fields(reaction)) > 8 || isProse(reaction) {
		// what follows is a sentence, not this allergy's reaction: the
		// allergy ends with its substance
		end := start + strings.Index(trimmed, subst) + len(subst)
		return []Allergy{{Span: Span{ByteStart: start, ByteEnd: max(end, start+len(strings.TrimSpace(subst)))}, Substance: substanceName(subst)}}
	}
	return []Allergy{{Span: Span{ByteStart: start, ByteEnd: start + len(trimmed)}, Substance: substanceName(subst), Reaction: reaction}}
}

var andRE = rx.MustCompile(rxTable, `(?i)\s+(?:and|or|&)\s+|和|及`)

// splitAnd cuts "penicillin and sulfa" into byte ranges of its parts.
func splitAnd(s string) [][2]int {
	var out [][2]int
	prev := 0
	for _, loc := range andRE.FindAllStringIndex(s, -1) {
		out = append(out, [2]int{prev, loc[0]})
		prev = loc[1]
	}
	return append(out, [2]int{prev, len(s)})
}

// markAllergyFinding is markAllergyFindings for one finding of text.
func markAllergyFinding(text string, secs []Section, f *Finding) {
	if f.Temporality != Recent || !allergyHint.MatchString(text) {
		return
	}
	n := Note{Findings: []Finding{*f}, Allergies: findAllergies(text, secs)}
	markAllergyFindings(&n)
	*f = n.Findings[0]
}

// allergyHint is a cheap test that a text may hold an allergy at all.
var allergyHint = rx.MustCompile(rxTable, `(?i)allerg|intoleran|过敏`)

// markAllergyFindings makes findings inside an allergy (a reaction, or a
// drug's side effect named in it) historical: they describe what a
// substance once did, not what the patient has now.
func markAllergyFindings(note *Note) {
	var as []Allergy
	for _, a := range note.Allergies {
		if !a.NKDA {
			as = append(as, a)
		}
	}
	for i := range note.Findings {
		f := &note.Findings[i]
		if f.Temporality != Recent {
			continue
		}
		k := sort.Search(len(as), func(k int) bool { return as[k].ByteEnd > f.ByteStart })
		if k == len(as) || as[k].ByteStart >= f.ByteEnd {
			continue
		}
		f.Temporality = Historical
		f.Triggers = append(f.Triggers, Trigger{Span: as[k].Span, Class: classNames[temporalityClass], Value: Historical, Source: SourceAllergy})
	}
}
