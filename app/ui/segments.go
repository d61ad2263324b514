package ui

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp/record"
)

// Context classes a finding is coloured by, most telling first.
const (
	ctxAffirmed     = "affirmed"
	ctxNegated      = "negated"
	ctxPossible     = "possible"
	ctxHistorical   = "historical"
	ctxHypothetical = "hypothetical"
	ctxFamily       = "family"
)

// contextClass reduces a finding's three context axes to the one colour the
// note view shows. Someone else's finding is not the patient's at all, and a
// negated one is absent whenever it happened, so those win.
func contextClass(f record.Finding) string {
	switch {
	case f.Experiencer == "other":
		return ctxFamily
	case f.Negation == "negated":
		return ctxNegated
	case f.Negation == "possible":
		return ctxPossible
	case f.Temporality == "hypothetical":
		return ctxHypothetical
	case f.Temporality == "historical":
		return ctxHistorical
	}
	return ctxAffirmed
}

// Segment is a run of the user's text with one look.
type Segment struct {
	Text    string
	Level   int     // 0 = not read or negligible, 1..4 = weight, relative to the heaviest token
	Weight  float64 // the token's attention weight, for the tooltip
	Context string  // finding context class, "" when no finding covers it
	Concept string
	Trigger bool // the words that set the focused finding's context
}

// segments cuts text into runs for highlighting. Offsets count code points
// (record.Span.Start/End). Spans that are empty, reversed or outside the
// text are ignored: a bad offset from a model must not break the page or
// hide the user's words.
func segments(text string, tokens []clinical.TokenWeight, findings []record.Finding) []Segment {
	return segmentsPaused(text, tokens, findings, func() {})
}

// runesPerPause is how many characters segmentsPaused cuts between pauses.
const runesPerPause = 10000

// segmentsPaused is segments calling pause once the spans are laid out and
// after every runesPerPause characters: a 99k-character note cut at once
// is about 35,000 runs, and held the main thread for over 100 ms on the
// loaded test machine.
func segmentsPaused(text string, tokens []clinical.TokenWeight, findings []record.Finding, pause func()) []Segment {
	runes := []rune(text)
	n := len(runes)
	if n == 0 {
		return nil
	}
	weight := make([]float64, n)
	maxW := 0.0
	for _, t := range tokens {
		if !validSpan(t.Start, t.End, n) || !(t.Weight > 0) {
			continue
		}
		for i := t.Start; i < t.End; i++ {
			if t.Weight > weight[i] {
				weight[i] = t.Weight
			}
		}
		if t.Weight > maxW {
			maxW = t.Weight
		}
	}
	ctx := make([]int, n) // index+1 into findings, 0 = none
	for fi, f := range findings {
		if !validSpan(f.Start, f.End, n) {
			continue
		}
		for i := f.Start; i < f.End; i++ {
			if ctx[i] == 0 {
				ctx[i] = fi + 1
			}
		}
	}
	level := func(w float64) int {
		if maxW <= 0 || w <= 0 {
			return 0
		}
		r := w / maxW
		switch {
		case r >= 0.75:
			return 4
		case r >= 0.5:
			return 3
		case r >= 0.25:
			return 2
		case r >= 0.08:
			return 1
		}
		return 0
	}
	pause()
	var out []Segment
	start := 0
	for i := 1; i <= n; i++ {
		if i%runesPerPause == 0 {
			pause()
		}
		if i < n && weight[i] == weight[start] && ctx[i] == ctx[start] {
			continue
		}
		s := Segment{Text: string(runes[start:i]), Weight: weight[start], Level: level(weight[start])}
		if c := ctx[start]; c > 0 {
			s.Context = contextClass(findings[c-1])
			s.Concept = findings[c-1].Concept
		}
		out = append(out, s)
		start = i
	}
	return out
}

func validSpan(start, end, n int) bool { return start >= 0 && start < end && end <= n }

// Section is a heading the note analyzer found, with its extent.
type Section struct {
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// NoteContext is what platform.Client.Context returns for a note.
type NoteContext struct {
	Findings    []record.Finding    `json:"findings"`
	Sections    []Section           `json:"sections"`
	Medications []record.Medication `json:"medications,omitempty"`
	Vitals      []record.Vital      `json:"vitals,omitempty"`
	Labs        []record.Lab        `json:"labs,omitempty"`
	Allergies   []record.Allergy    `json:"allergies,omitempty"`
}

// findingRows is the findings table, header first, in the current language
// for the header and the context words; finding text stays as written.
func findingRows(fs []record.Finding) [][]string {
	rows := [][]string{{tr("notes.col.text"), tr("notes.col.concept"), tr("notes.col.context"),
		tr("notes.col.negation"), tr("notes.col.time"), tr("notes.col.who"), tr("notes.col.section"),
		tr("notes.col.start"), tr("notes.col.end"), tr("notes.col.why")}}
	for _, f := range fs {
		rows = append(rows, []string{f.Text, f.Concept, tr("ctx." + contextClass(f)),
			trOr("neg."+f.Negation, f.Negation), trOr("time."+f.Temporality, f.Temporality),
			trOr("who."+f.Experiencer, f.Experiencer), sectionName(f.Section),
			strconv.Itoa(f.Start), strconv.Itoa(f.End), whyText(f.Triggers)})
	}
	return rows
}

// whyText says what set a finding's values: each trigger's words with
// their offsets, a section default by its heading, an allergy as such.
func whyText(ts []record.Trigger) string {
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		text := strings.Join(strings.Fields(t.Text), " ")
		switch t.Source {
		case record.SourceSection:
			text = trf("notes.why.section", text)
		case record.SourceAllergy:
			text = trf("notes.why.allergy", text)
		}
		parts = append(parts, trOr("time."+t.Value, trOr("neg."+t.Value, trOr("who."+t.Value, t.Value)))+": "+text+
			" ("+strconv.Itoa(t.Start)+"–"+strconv.Itoa(t.End)+")")
	}
	return strings.Join(parts, "; ")
}

// medicationLines, vitalLines, labLines and allergyLines say each
// extracted mention in one line, names as the reader normalised them and
// the text as written in brackets.
func medicationLines(ms []record.Medication) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, joinNonEmpty(m.Name, strings.TrimSpace(m.Dose+" "+m.Unit), m.Route, m.Frequency)+" ("+oneLine(m.Text)+")")
	}
	return out
}

func vitalLines(vs []record.Vital) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, trOr("vital."+v.Name, v.Name)+" "+v.Value+" "+v.Unit+" ("+oneLine(v.Text)+")")
	}
	return out
}

func labLines(ls []record.Lab) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		s := joinNonEmpty(l.Name, l.Value, l.Unit)
		if l.Flag != "" {
			s += " " + tr("notes.flag."+l.Flag)
		}
		out = append(out, s+" ("+oneLine(l.Text)+")")
	}
	return out
}

func allergyLines(as []record.Allergy) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		switch {
		case a.NKDA:
			out = append(out, tr("notes.nkda")+" ("+oneLine(a.Text)+")")
		case a.Reaction != "":
			out = append(out, a.Substance+" → "+a.Reaction)
		default:
			out = append(out, a.Substance)
		}
	}
	return out
}

func joinNonEmpty(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// noteJSON is the whole analysis as indented JSON: findings with their
// triggers, sections, medications, vital signs, labs and allergies.
func noteJSON(nc *NoteContext) string {
	b, err := json.MarshalIndent(nc, "", "  ")
	if err != nil {
		return ""
	}
	return string(b)
}

// findingsCSV is the findings table as RFC 4180 CSV.
func findingsCSV(fs []record.Finding) string {
	var b strings.Builder
	for _, r := range findingRows(fs) {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			// Quote as RFC 4180 requires (encoding/csv would add to the wasm
			// for these few lines).
			if strings.ContainsAny(c, ",\"\r\n") || strings.HasPrefix(c, " ") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// findingsText is the findings table as tab-separated text, which pastes
// into a spreadsheet or an email as columns.
func findingsText(fs []record.Finding) string {
	var b strings.Builder
	for _, r := range findingRows(fs) {
		for i, c := range r {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(c))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func sectionName(name string) string {
	if name == "" {
		return ""
	}
	return trOr("section."+normKey(strings.ReplaceAll(name, "_", " ")), strings.ReplaceAll(name, "_", " "))
}
