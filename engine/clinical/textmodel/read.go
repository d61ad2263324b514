package textmodel

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/bedside-health/bedside/engine/clinical/task"
	"github.com/bedside-health/bedside/engine/jsonval"
)

// Columns says how a dataset's CSV becomes text-model rows.
type Columns struct {
	Label string   // the class column, e.g. "label" or "specialty"
	Text  []string // joined with Sep, in this order, e.g. description then transcription
	// Sep joins the text columns; empty means a blank line. A Chinese
	// title and body read as one text when joined with "。".
	Sep string
}

// Example is one labelled text.
type Example struct {
	Text  string
	Label string
}

// readCSV parses a CSV with the dataset's columns into task rows: the
// input {"text": ...} of each row and, with o.Truth, its label. An empty
// text or invalid UTF-8 is an error naming the row and column (or, with
// o.SkipBad, a skipped row); maxRunes is the model's input limit.
func readCSV(r io.Reader, cols Columns, maxRunes int, o task.ReadOptions) (*task.Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &task.RowError{Err: errors.New("the file is empty")}
	}
	if err != nil {
		return nil, &task.RowError{Err: err}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := col[h]; dup {
			return nil, &task.RowError{Column: h, Err: errors.New("appears twice")}
		}
		col[h] = i
	}
	need := append([]string(nil), cols.Text...)
	if o.Truth {
		need = append(need, cols.Label)
	}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			return nil, &task.RowError{Column: n, Err: errors.New("missing from the header")}
		}
	}
	t := &task.Table{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		row := line - 1
		var rerr *task.RowError
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			rerr = &task.RowError{Row: pe.StartLine - 1, Err: pe.Err}
		case err != nil:
			return nil, err
		case len(rec) != len(header):
			rerr = &task.RowError{Row: row, Err: fmt.Errorf("has %d fields, the header has %d", len(rec), len(header))}
		}
		var text, label string
		if rerr == nil {
			text, label, rerr = rowText(rec, col, cols, row, maxRunes, o.Truth)
		}
		if rerr != nil {
			if !o.SkipBad {
				return nil, rerr
			}
			t.Skipped = append(t.Skipped, rerr)
			continue
		}
		// what json.Marshal wrote for struct{ Text string `json:"text"` }
		in := append(jsonval.AppendString([]byte(`{"text":`), text), '}')
		t.Rows = append(t.Rows, row)
		t.Inputs = append(t.Inputs, in)
		if o.Truth {
			t.Truth = append(t.Truth, task.Truth{Label: label})
		}
	}
	if len(t.Inputs) == 0 && len(t.Skipped) == 0 {
		return nil, &task.RowError{Err: errors.New("the file has a header but no rows")}
	}
	return t, nil
}

func rowText(rec []string, col map[string]int, cols Columns, row, maxRunes int, truth bool) (string, string, *task.RowError) {
	var parts []string
	for _, c := range cols.Text {
		v := rec[col[c]]
		if !utf8.ValidString(v) {
			return "", "", &task.RowError{Row: row, Column: c, Err: errors.New("not valid UTF-8")}
		}
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return "", "", &task.RowError{Row: row, Column: cols.Text[len(cols.Text)-1], Err: errors.New("the text is empty")}
	}
	sep := cols.Sep
	if sep == "" {
		sep = "\n\n"
	}
	text := strings.Join(parts, sep)
	if n := utf8.RuneCountInString(text); n > maxRunes {
		return "", "", &task.RowError{Row: row, Column: cols.Text[len(cols.Text)-1], Err: fmt.Errorf("the text is %d characters long, over the model's limit of %d", n, maxRunes)}
	}
	label := ""
	if truth {
		label = strings.TrimSpace(rec[col[cols.Label]])
		if label == "" {
			return "", "", &task.RowError{Row: row, Column: cols.Label, Err: errors.New("the label is empty")}
		}
	}
	return text, label, nil
}

// loadExamples reads a training CSV (every row must be good) into examples.
func loadExamples(r io.Reader, cols Columns, maxRunes int) ([]Example, error) {
	t, err := readCSV(r, cols, maxRunes, task.ReadOptions{Truth: true})
	if err != nil {
		return nil, err
	}
	out := make([]Example, len(t.Inputs))
	for i, in := range t.Inputs {
		out[i] = Example{Text: textOf(in), Label: t.Truth[i].Label}
	}
	return out, nil
}

// textOf is the text of an input readCSV wrote.
func textOf(in []byte) string {
	v, _ := jsonval.Parse(in)
	text, _ := v.Field("text")
	return text.Text
}
