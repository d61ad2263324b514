package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bedside-health/bedside/nlp"
)

func init() {
	register("notescore", command{
		summary: "score medication, vital sign, lab and allergy extraction against annotated notes",
		run:     runNoteScore,
	})
}

const noteScoreUsage = `usage: bedside notescore [-v] DIR

Scores the note reader on annotated notes: every DIR/NAME.txt with a
DIR/NAME.tsv beside it. The TSV has a header with the columns kind, text,
name, value, unit and extra (kind: medication, vital, lab or allergy; text:
the mention as written in the note). A gold mention is located in the note
by its text, searching from the previous mention onwards. A mention the
reader found matches a gold one when the kinds agree, the spans overlap,
the names agree once both are read as the reader names things (Lasix is
furosemide, K is potassium, blood pressure is bp) and, when the gold has
a value, the values agree. Matching is one to one. Prints precision,
recall and F1 per kind and overall; -v lists every miss and false alarm.
`

type goldMention struct {
	kind, text, name, value, unit, extra string
	bs, be                               int // -1 when the text is not in the note
}

type predMention struct {
	kind, name, value string
	bs, be            int
	text              string
}

func runNoteScore(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("notescore", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, noteScoreUsage) }
	verbose := fl.Bool("v", false, "list misses and false alarms")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	dir := fl.Arg(0)
	tsvs, _ := filepath.Glob(filepath.Join(dir, "*.tsv"))
	sort.Strings(tsvs)
	type count struct{ tp, fp, fn int }
	counts := map[string]*count{}
	for _, k := range []string{"medication", "vital", "lab", "allergy"} {
		counts[k] = &count{}
	}
	notes := 0
	for _, tsv := range tsvs {
		txt := strings.TrimSuffix(tsv, ".tsv") + ".txt"
		tb, err := os.ReadFile(txt)
		if err != nil {
			continue
		}
		text := string(tb)
		gold, err := readGoldMentions(tsv, text)
		if err != nil {
			fmt.Fprintf(stderr, "bedside notescore: %v\n", err)
			return 1
		}
		notes++
		preds := predictedMentions(nlp.AnalyzeNote(text))
		used := make([]bool, len(preds))
		for _, g := range gold {
			c, ok := counts[g.kind]
			if !ok {
				fmt.Fprintf(stderr, "bedside notescore: %s: unknown kind %q\n", tsv, g.kind)
				continue
			}
			hit := -1
			for i, p := range preds {
				if used[i] || p.kind != g.kind || g.bs < 0 || p.bs >= g.be || g.bs >= p.be {
					continue
				}
				if nlp.CanonicalName(g.kind, g.name) != p.name {
					continue
				}
				if g.value != "" && g.kind != "allergy" && foldValue(g.value) != foldValue(p.value) {
					continue
				}
				hit = i
				break
			}
			if hit >= 0 {
				used[hit] = true
				c.tp++
			} else {
				c.fn++
				if *verbose {
					fmt.Fprintf(stdout, "miss\t%s\t%s\t%q name=%q value=%q located=%v\n", filepath.Base(tsv), g.kind, g.text, g.name, g.value, g.bs >= 0)
				}
			}
		}
		for i, p := range preds {
			if !used[i] {
				counts[p.kind].fp++
				if *verbose {
					fmt.Fprintf(stdout, "false\t%s\t%s\t%q name=%q value=%q\n", filepath.Base(tsv), p.kind, p.text, p.name, p.value)
				}
			}
		}
	}
	if notes == 0 {
		fmt.Fprintf(stderr, "bedside notescore: no NAME.txt with NAME.tsv in %s\n", dir)
		return 1
	}
	var all count
	fmt.Fprintf(stdout, "%d notes\nkind\tprecision\trecall\tF1\ttp\tfp\tfn\n", notes)
	for _, k := range []string{"medication", "vital", "lab", "allergy"} {
		c := counts[k]
		all.tp, all.fp, all.fn = all.tp+c.tp, all.fp+c.fp, all.fn+c.fn
		fmt.Fprintln(stdout, prfLine(k, c.tp, c.fp, c.fn))
	}
	fmt.Fprintln(stdout, prfLine("all", all.tp, all.fp, all.fn))
	return 0
}

func prfLine(kind string, tp, fp, fn int) string {
	p := float64(tp) / float64(max(1, tp+fp))
	r := float64(tp) / float64(max(1, tp+fn))
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return fmt.Sprintf("%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d", kind, p, r, f, tp, fp, fn)
}

// foldValue compares values as numbers are written: no spaces, no
// thousands separators, no trailing zeros after a decimal point.
func foldValue(v string) string {
	v = strings.ToLower(strings.NewReplacer(" ", "", ",", "").Replace(v))
	parts := strings.Split(v, "/")
	for i, p := range parts {
		if strings.Contains(p, ".") {
			p = strings.TrimRight(strings.TrimRight(p, "0"), ".")
		}
		parts[i] = p
	}
	return strings.Join(parts, "/")
}

func predictedMentions(n nlp.Note) []predMention {
	var out []predMention
	for _, m := range n.Medications {
		out = append(out, predMention{"medication", m.Name, m.Dose, m.ByteStart, m.ByteEnd, m.Text})
	}
	for _, v := range n.Vitals {
		out = append(out, predMention{"vital", v.Name, v.Value, v.ByteStart, v.ByteEnd, v.Text})
	}
	for _, l := range n.Labs {
		out = append(out, predMention{"lab", l.Name, l.Value, l.ByteStart, l.ByteEnd, l.Text})
	}
	for _, a := range n.Allergies {
		name := a.Substance
		if a.NKDA {
			name = "nkda"
		}
		out = append(out, predMention{"allergy", name, "", a.ByteStart, a.ByteEnd, a.Text})
	}
	return out
}

// readGoldMentions reads a gold TSV and locates each mention in text.
func readGoldMentions(path, text string) ([]goldMention, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var col map[string]int
	var out []goldMention
	from := 0
	line := 0
	for sc.Scan() {
		line++
		row := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
		if col == nil {
			col = map[string]int{}
			for i, h := range row {
				col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
			}
			for _, need := range []string{"kind", "text", "name"} {
				if _, ok := col[need]; !ok {
					return nil, fmt.Errorf("%s: the header has no %s column", path, need)
				}
			}
			continue
		}
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		g := goldMention{kind: strings.ToLower(get("kind")), text: get("text"), name: get("name"), value: get("value"), unit: get("unit"), extra: get("extra"), bs: -1, be: -1}
		if g.text != "" {
			i := strings.Index(text[from:], g.text)
			if i >= 0 {
				i += from
			} else {
				i = strings.Index(text, g.text)
			}
			if i >= 0 {
				g.bs, g.be = i, i+len(g.text)
				from = i
			}
		}
		out = append(out, g)
	}
	return out, sc.Err()
}
