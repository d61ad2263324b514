package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/specialty"
	"github.com/bedside-health/bedside/engine/clinical/task"
	"github.com/bedside-health/bedside/nlp"
)

// notesModel is the --model name of the note analysis (nlp.AnalyzeNote),
// which has no weights.
const notesModel = "notes"

// maxNoteRunes bounds a note given to the note analysis: the bound of the
// specialty model, which reads the same notes.
const maxNoteRunes = specialty.MaxRunes

// Error kinds: the "kind" of an error line and the suffix of its counter.
const (
	kindNotJSON       = "not_json"      // the line is not one JSON object
	kindNotUTF8       = "not_utf8"      // the line is not UTF-8
	kindBadID         = "bad_id"        // "id" is neither a string nor a number
	kindLineTooLong   = "line_too_long" // longer than --max-line-bytes
	kindTextMissing   = "text_missing"  // a text model's input has no "text"
	kindTextNotString = "text_not_string"
	kindTextEmpty     = "text_empty"
	kindTextTooLong   = "text_too_long"
	kindBadValue      = "bad_value"   // a tabular value or an unknown field
	kindBadCSVRow     = "bad_csv_row" // unparsable CSV, or a row with the wrong field count
	kindBadHeader     = "bad_header"  // the CSV header lacks a column the model needs
	kindInternal      = "internal"
)

// record is one input line (or CSV row) and where it came from, which
// orders the output and names the line in errors.
type record struct {
	File string
	Line int64 // 1-based line on which the record starts
	// Data is the JSON line, or for a CSV row the header and the row as a
	// two-record CSV, which task.Read turns into the model's input exactly as
	// bedside predict does for the whole file.
	Data []byte
	CSV  bool
	ID   string // a CSV row's "id" column
	// Kind and Err are set when the reader already refused the line.
	Kind, Err string
}

// result is one output line: a prediction or an error, for one model.
type result struct {
	File  string
	Line  int64
	Error bool
	Kind  string // for errors
	JSON  []byte
}

// errorLine is a line of the --errors files.
type errorLine struct {
	ID    json.RawMessage `json:"id,omitempty"`
	File  string          `json:"file"`
	Line  int64           `json:"line"`
	Model string          `json:"model"`
	Kind  string          `json:"kind"`
	Error string          `json:"error"`
}

// model is one loaded --model: a shipped predictor, or the note analysis
// when p is nil.
type model struct {
	name string
	task *task.Task
	p    clinical.Predictor
}

// apply runs m on r and returns its one output line. It is a pure function
// of its arguments, so a retried bundle writes the same bytes.
func (m *model) apply(r record) result {
	fail := func(id json.RawMessage, kind string, err string) result {
		b, _ := json.Marshal(errorLine{ID: id, File: r.File, Line: r.Line, Model: m.name, Kind: kind, Error: err})
		return result{File: r.File, Line: r.Line, Error: true, Kind: kind, JSON: b}
	}
	if r.Err != "" {
		return fail(nil, r.Kind, r.Err)
	}
	if r.CSV {
		return m.applyCSV(r, fail)
	}
	if !utf8.Valid(r.Data) {
		return fail(nil, kindNotUTF8, "the line is not valid UTF-8")
	}
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(r.Data))
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return fail(nil, kindNotJSON, "the line is not a JSON object")
	}
	if dec.More() {
		return fail(nil, kindNotJSON, "trailing data after the JSON object")
	}
	id, input := json.RawMessage(nil), r.Data
	if raw, ok := obj["id"]; ok {
		var v any
		json.Unmarshal(raw, &v)
		switch v.(type) {
		case string, float64:
		default:
			return fail(nil, kindBadID, `"id" must be a string or a number`)
		}
		id = compact(raw)
		delete(obj, "id")
		// What bedside predict is given for this line: the object without
		// its id (keys sorted, values as written).
		input, _ = json.Marshal(obj)
	}
	if id == nil {
		id, _ = json.Marshal(fmt.Sprintf("%s:%d", r.File, r.Line))
	}
	var out any
	if m.p == nil {
		text, kind, err := noteText(obj)
		if err != nil {
			return fail(id, kind, err.Error())
		}
		out = nlp.AnalyzeNote(text)
	} else {
		pr, err := m.p.Predict(input)
		if err != nil {
			return fail(id, m.kindOf(obj, err), err.Error())
		}
		out = pr
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fail(id, kindInternal, err.Error())
	}
	return result{File: r.File, Line: r.Line, JSON: withID(id, b)}
}

// applyCSV predicts one CSV row; the row is read by the model's own
// task.Read, so that a value is refused or converted exactly as bedside
// predict does.
func (m *model) applyCSV(r record, fail func(json.RawMessage, string, string) result) result {
	var id json.RawMessage
	if r.ID != "" {
		id, _ = json.Marshal(r.ID)
	} else {
		id, _ = json.Marshal(fmt.Sprintf("%s:%d", r.File, r.Line))
	}
	if m.p == nil || m.task.Kind == task.Text {
		return fail(id, kindBadCSVRow, fmt.Sprintf("model %s reads JSON lines, not CSV", m.name))
	}
	tab, err := m.task.Read(bytes.NewReader(r.Data), task.ReadOptions{SkipBad: true})
	var re *task.RowError
	switch {
	case errors.As(err, &re) && re.Row == 0:
		return fail(id, kindBadHeader, rowReason(re))
	case err != nil:
		return fail(id, kindBadCSVRow, err.Error())
	case len(tab.Skipped) > 0:
		return fail(id, kindBadValue, rowReason(tab.Skipped[0]))
	}
	pr, err := m.p.Predict(tab.Inputs[0])
	if err != nil {
		return fail(id, kindBadValue, err.Error())
	}
	b, err := json.Marshal(pr)
	if err != nil {
		return fail(id, kindInternal, err.Error())
	}
	return result{File: r.File, Line: r.Line, JSON: withID(id, b)}
}

// rowReason is a RowError without its row number, which counts rows of
// the one-row CSV the pipeline builds; the error line has the file's line.
func rowReason(e *task.RowError) string {
	if e.Column != "" {
		return fmt.Sprintf("column %q: %v", e.Column, e.Err)
	}
	return e.Err.Error()
}

// kindOf classifies a model's refusal. The text checks repeat the model's
// own (in textmodel) only to name the kind; the model's message is kept.
func (m *model) kindOf(obj map[string]json.RawMessage, err error) string {
	var ce *clinical.Error
	if !errors.As(err, &ce) || ce.Kind != clinical.Invalid {
		return kindInternal
	}
	switch ce.Field {
	case "":
		return kindNotJSON
	case "text":
		_, kind, terr := noteText(obj)
		if terr != nil {
			return kind
		}
		// a non-blank string the model still refused: over its length bound
		return kindTextTooLong
	}
	return kindBadValue
}

// noteText is the note analysis's input check: {"text": "..."}, a
// non-blank string of at most maxNoteRunes characters.
func noteText(obj map[string]json.RawMessage) (string, string, error) {
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if k != "text" {
			return "", kindBadValue, fmt.Errorf("%s: unknown field; the only input is \"text\"", k)
		}
	}
	raw, ok := obj["text"]
	if !ok {
		return "", kindTextMissing, errors.New(`text: missing; the input is {"text": "..."}`)
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return "", kindTextNotString, errors.New("text: must be a string")
	}
	if strings.TrimSpace(text) == "" {
		return "", kindTextEmpty, errors.New("text: the text is empty")
	}
	if n := utf8.RuneCountInString(text); n > maxNoteRunes {
		return "", kindTextTooLong, fmt.Errorf("text: the text is %d characters long; at most %d are read", n, maxNoteRunes)
	}
	return text, "", nil
}

// withID puts "id" first in the JSON object obj.
func withID(id json.RawMessage, obj []byte) []byte {
	out := make([]byte, 0, len(obj)+len(id)+8)
	out = append(out, `{"id":`...)
	out = append(out, id...)
	if len(obj) > 2 {
		out = append(out, ',')
	}
	return append(out, obj[1:]...)
}

func compact(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// csvRecord encodes a header and one row as a two-record CSV.
func csvRecord(header, row []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	w.Write(row)
	w.Flush()
	return b.Bytes()
}

// shardOf spreads output lines over n files by their place in the input,
// so that a line's file does not depend on the runner's scheduling.
func shardOf(file string, line int64, n int) int {
	h := uint32(2166136261)
	for _, c := range []byte(file + ":" + strconv.FormatInt(line, 10)) {
		h ^= uint32(c)
		h *= 16777619
	}
	return int(h % uint32(n))
}
