package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/bedside-health/bedside/nlp"
)

func init() {
	register("context", command{
		summary: "add negation, temporality and experiencer to a TSV of concept+sentence rows",
		run:     runContext,
	})
}

const contextUsage = `usage: bedside context [-why] [-score] < in.tsv > out.tsv

Reads tab-separated rows with a header that has (among any others) the
columns "concept" and "sentence". Writes every row with its columns as read,
plus "negation" (affirmed|negated|possible), "temporality"
(recent|historical|hypothetical) and "experiencer" (patient|other) for the
concept in its sentence. If the input already has those columns their
values are replaced in place.

A field may be quoted CSV-style ("a ""b""", possibly over several lines);
a quote anywhere else is an ordinary character. Bad rows (missing
columns, invalid UTF-8, a concept not in its sentence) are still written,
with the best decision, and a warning on stderr naming the row. The exit
status is 0 unless the header is unusable (2).

  -why    add a column "triggers": what set each value other than the
          default, as class=value:"text"@start-end(source) joined by "; ",
          offsets in runes of the sentence (source: phrase, time, self,
          section, allergy)
  -score  the input's negation, temporality and experiencer columns are
          the gold labels: print negation precision, recall and F1
          (negated is the positive class) and temporality and experiencer
          accuracy to stderr
`

var outColumns = []string{"negation", "temporality", "experiencer"}

func runContext(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("context", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, contextUsage) }
	var opt contextOptions
	fl.BoolVar(&opt.why, "why", false, "add a triggers column")
	fl.BoolVar(&opt.score, "score", false, "score against the input's gold columns")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "bedside context: unexpected argument %q; the input is read from stdin\n", fl.Arg(0))
		return 2
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	code := contextTSV(stdin, out, stderr, opt)
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "bedside context: writing output: %v\n", err)
		return 1
	}
	return code
}

type contextOptions struct{ why, score bool }

// contextScore counts what -score reports.
type contextScore struct {
	rows, tp, fp, fn, tempOK, expOK int
}

func (s contextScore) String() string {
	p := float64(s.tp) / float64(max(1, s.tp+s.fp))
	r := float64(s.tp) / float64(max(1, s.tp+s.fn))
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	n := float64(max(1, s.rows))
	return fmt.Sprintf("%d rows: negation precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d); temporality accuracy %.3f; experiencer accuracy %.3f",
		s.rows, p, r, f, s.tp, s.fp, s.fn, float64(s.tempOK)/n, float64(s.expOK)/n)
}

// formatTriggers writes a finding's triggers as one field.
func formatTriggers(ts []nlp.Trigger) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		text := strings.Join(strings.Fields(t.Text), " ")
		parts[i] = fmt.Sprintf("%s=%s:%q@%d-%d(%s)", t.Class, t.Value, text, t.Start, t.End, t.Source)
	}
	return strings.Join(parts, "; ")
}

// contextTSV is the whole command between the streams.
func contextTSV(in io.Reader, out io.Writer, stderr io.Writer, opt contextOptions) int {
	r := newTSVReader(in)
	header, err := r.next(0)
	if err != nil && len(header) == 0 {
		if err == io.EOF {
			fmt.Fprintln(stderr, "bedside context: the input is empty; want a header row with the columns concept and sentence")
		} else {
			fmt.Fprintf(stderr, "bedside context: reading the header: %v\n", err)
		}
		return 2
	}
	if len(header) > 0 {
		header[0].raw = strings.TrimPrefix(header[0].raw, "\ufeff")
		header[0].value = strings.TrimPrefix(header[0].value, "\ufeff")
	}
	col := map[string]int{}
	for i, f := range header {
		name := strings.ToLower(strings.TrimSpace(f.value))
		if _, dup := col[name]; dup {
			fmt.Fprintf(stderr, "bedside context: warning: the header names column %q twice; using the first\n", name)
			continue
		}
		col[name] = i
	}
	ci, okC := col["concept"]
	si, okS := col["sentence"]
	if !okC || !okS {
		var missing []string
		if !okC {
			missing = append(missing, "concept")
		}
		if !okS {
			missing = append(missing, "sentence")
		}
		fmt.Fprintf(stderr, "bedside context: the header row has no %s column (it has: %s); it needs the tab-separated columns concept and sentence\n",
			strings.Join(missing, " or "), strings.Join(headerNames(header), ", "))
		return 2
	}
	// existing output columns are replaced in place, the others appended
	outAt := make([]int, len(outColumns))
	width := len(header)
	raws := rawFields(header)
	columns := outColumns
	if opt.why {
		columns = append(columns[:len(columns):len(columns)], "triggers")
		outAt = append(outAt, 0)
	}
	if opt.score {
		for _, name := range outColumns {
			if _, ok := col[name]; !ok {
				fmt.Fprintf(stderr, "bedside context: -score needs the gold column %s in the input\n", name)
				return 2
			}
		}
	}
	var score contextScore
	defer func() {
		if opt.score {
			fmt.Fprintln(stderr, "bedside context: "+score.String())
		}
	}()
	for k, name := range columns {
		if i, ok := col[name]; ok {
			outAt[k] = i
			if !opt.score {
				fmt.Fprintf(stderr, "bedside context: warning: the input already has a %s column; its values are replaced\n", name)
			}
		} else {
			outAt[k] = width
			width++
			raws = append(raws, name)
		}
	}
	writeRow(out, raws)

	eng := nlp.DefaultEngine()
	for row := 2; ; row++ {
		fields, err := r.next(len(header))
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintf(stderr, "bedside context: row %d: %v\n", row, err)
			if len(fields) == 0 {
				break
			}
		}
		if len(fields) == 1 && fields[0].raw == "" {
			continue // blank line
		}
		raws := rawFields(fields)
		if len(raws) > len(header) {
			fmt.Fprintf(stderr, "bedside context: warning: row %d has %d fields, the header %d; the extra fields are joined into the last column\n", row, len(raws), len(header))
			raws[len(header)-1] = strings.Join(raws[len(header)-1:], " ")
			raws = raws[:len(header)]
			fields[len(header)-1].value = strings.Join(values(fields[len(header)-1:]), " ")
		}
		for len(raws) < width {
			raws = append(raws, "")
		}
		concept, sentence := fieldValue(fields, ci), fieldValue(fields, si)
		if ci >= len(fields) || si >= len(fields) {
			fmt.Fprintf(stderr, "bedside context: warning: row %d has %d fields and lacks the concept or sentence column; written with the default decision\n", row, len(fields))
		}
		if !utf8.ValidString(concept) || !utf8.ValidString(sentence) {
			fmt.Fprintf(stderr, "bedside context: warning: row %d is not valid UTF-8; invalid bytes were ignored for the decision\n", row)
			concept, sentence = strings.ToValidUTF8(concept, ""), strings.ToValidUTF8(sentence, "")
		}
		if strings.TrimSpace(concept) == "" {
			fmt.Fprintf(stderr, "bedside context: warning: row %d has an empty concept; decided from the sentence as a whole\n", row)
		}
		f, err := assertSafely(eng, sentence, concept)
		if err != nil && strings.TrimSpace(concept) != "" {
			fmt.Fprintf(stderr, "bedside context: warning: row %d: %v\n", row, err)
		}
		if opt.score {
			gold := func(name string) string { return strings.ToLower(strings.TrimSpace(fieldValue(fields, col[name]))) }
			score.rows++
			switch g := gold("negation"); {
			case f.Negation == nlp.Negated && g == nlp.Negated:
				score.tp++
			case f.Negation == nlp.Negated:
				score.fp++
			case g == nlp.Negated:
				score.fn++
			}
			if gold("temporality") == f.Temporality {
				score.tempOK++
			}
			if gold("experiencer") == f.Experiencer {
				score.expOK++
			}
		}
		vals := []string{f.Negation, f.Temporality, f.Experiencer}
		if opt.why {
			vals = append(vals, formatTriggers(f.Triggers))
		}
		for k, v := range vals {
			raws[outAt[k]] = v
		}
		writeRow(out, raws)
	}
	return 0
}

// assertSafely never lets one row stop the file: a panic becomes the
// default decision and a warning.
func assertSafely(eng *nlp.Engine, sentence, concept string) (f nlp.Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			f = nlp.Finding{Negation: nlp.Affirmed, Temporality: nlp.Recent, Experiencer: nlp.Patient}
			err = fmt.Errorf("internal error deciding this row (%v); written with the default decision", p)
		}
	}()
	return eng.Assert(sentence, concept)
}

func fieldValue(fs []tsvField, i int) string {
	if i < len(fs) {
		return fs[i].value
	}
	return ""
}

func values(fs []tsvField) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.value
	}
	return out
}

func rawFields(fs []tsvField) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.raw
	}
	return out
}

func headerNames(h []tsvField) []string {
	var out []string
	for _, f := range h {
		out = append(out, fmt.Sprintf("%q", f.value))
	}
	return out
}

func writeRow(w io.Writer, fields []string) {
	io.WriteString(w, strings.Join(fields, "\t"))
	io.WriteString(w, "\n")
}

// tsvField is one field: raw is exactly as read (written back unchanged),
// value is its text with CSV-style quoting undone.
type tsvField struct {
	raw, value string
}

// tsvReader reads tab-separated records. Fields are split on tabs. A field
// that starts with a quote and is closed by a quote followed by a tab or
// the end of the record is CSV-quoted ("" inside stands for "), and may
// span lines; any other quote is a literal character, so `5" mass` and
// `"quoted" words` read as written.
type tsvReader struct {
	br   *bufio.Reader
	line int
	peek []string // lines read ahead while looking for a closing quote
}

// maxQuotedLines bounds how far a quoted field may run before the quote
// is taken as a literal character instead.
const maxQuotedLines = 50

func newTSVReader(r io.Reader) *tsvReader {
	return &tsvReader{br: bufio.NewReaderSize(r, 64<<10)}
}

func (r *tsvReader) readLine() (string, error) {
	if len(r.peek) > 0 {
		l := r.peek[0]
		r.peek = r.peek[1:]
		return l, nil
	}
	s, err := r.br.ReadString('\n')
	if err == io.EOF && s != "" {
		err = nil
	}
	if err != nil {
		return "", err
	}
	r.line++
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r"), nil
}

// next reads one record. want is the header's width (0 for the header),
// used to tell a multi-line quoted field from a bare quote.
func (r *tsvReader) next(want int) ([]tsvField, error) {
	line, err := r.readLine()
	if err != nil {
		return nil, err
	}
	fields := splitTSV(line)
	// a last field opening a quote it does not close may continue on the
	// next lines: join them if that closes it
	last := fields[len(fields)-1]
	if strings.HasPrefix(last.raw, `"`) && !closedQuote(last.raw) && (want == 0 || len(fields) <= want) {
		joined := line
		var extra []string
		for n := 0; n < maxQuotedLines; n++ {
			more, err := r.readLine()
			if err != nil {
				break
			}
			extra = append(extra, more)
			joined += "\n" + more
			fs := splitTSV(joined)
			if k := len(fields) - 1; k < len(fs) && closedQuote(fs[k].raw) {
				return fs, nil
			}
		}
		r.peek = append(extra, r.peek...) // not a quoted field after all
	}
	return fields, nil
}

// splitTSV splits a record, joining the tabs inside a quoted field.
func splitTSV(s string) []tsvField {
	parts := strings.Split(s, "\t")
	var out []tsvField
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if strings.HasPrefix(p, `"`) && !closedQuote(p) {
			// a quoted field with tabs in it closes in a later part
			for j := i + 1; j < len(parts); j++ {
				cand := strings.Join(parts[i:j+1], "\t")
				if closedQuote(cand) {
					p, i = cand, j
					break
				}
			}
		}
		out = append(out, tsvField{raw: p, value: unquote(p)})
	}
	return out
}

// closedQuote reports whether s is a whole CSV-quoted field: it starts and
// ends with a quote and every quote between comes in pairs.
func closedQuote(s string) bool {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return false
	}
	inner := s[1 : len(s)-1]
	for i := 0; i < len(inner); i++ {
		if inner[i] == '"' {
			if i+1 >= len(inner) || inner[i+1] != '"' {
				return false
			}
			i++
		}
	}
	return true
}

func unquote(s string) string {
	if !closedQuote(s) {
		return s
	}
	return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
}
