package task

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/jsonval"
)

// Field is one input column of a tabular or survival model: the form entry
// the card shows (clinical.Feature) plus how raw values are read.
type Field struct {
	clinical.Feature
	// ZeroMissing marks columns where 0 means "not measured" (pima's
	// glucose, blood pressure, skin thickness, insulin and BMI).
	ZeroMissing bool
	// Levels are named categories, coded 0, 1, ... in this order; an input
	// may give the name (e.g. size "20-50"). With FromNumber a number is
	// accepted too and mapped to a level code after the range check.
	Levels     []string
	FromNumber func(v float64) float64
}

// Record is one parsed input row: Values[i] belongs to Fields[i]. For a
// field with Levels the value is the level code; a missing value is NaN
// with Missing[i] set.
type Record struct {
	Values  []float64
	Missing []bool
}

// Schema describes a tabular model's inputs and, for evaluation, its
// outcome columns.
type Schema struct {
	Fields []Field
	// Outcome lists the columns eval needs besides the inputs, and Truth
	// reads them; get returns the raw cell of a column. A returned error
	// should be a *RowError naming the column (Row is filled in).
	Outcome []string
	Truth   func(get func(column string) string) (Truth, error)
}

// Features returns the card's input list.
func (s *Schema) Features() []clinical.Feature {
	out := make([]clinical.Feature, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Feature
	}
	return out
}

var errMissing = errors.New("value is missing")

func isMissingToken(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "?", "na", "nan", "null":
		return true
	}
	return false
}

// parseCell reads one raw value: a level name, a number, or a missing
// marker. NaN written as a number is not "missing": it is refused, because
// it usually means a broken export rather than an unmeasured value.
func (f *Field) parseCell(raw string) (float64, bool, error) {
	s := strings.TrimSpace(raw)
	for i, l := range f.Levels {
		if s == l {
			return float64(i), false, nil
		}
	}
	if isMissingToken(s) && !strings.EqualFold(s, "nan") {
		if f.Optional {
			return math.NaN(), true, nil
		}
		return 0, false, errMissing
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if len(f.Levels) > 0 {
			return 0, false, fmt.Errorf("unknown category %q (want one of %s or a number)", s, strings.Join(f.Levels, ", "))
		}
		return 0, false, fmt.Errorf("not a number: %q", s)
	}
	return f.check(v)
}

func (f *Field) check(v float64) (float64, bool, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, fmt.Errorf("%v is not a usable number", v)
	}
	if f.ZeroMissing && v == 0 {
		return math.NaN(), true, nil
	}
	if len(f.Categories) > 0 {
		for _, c := range f.Categories {
			if v == c {
				return v, false, nil
			}
		}
		return 0, false, fmt.Errorf("unknown category %v (want one of %s)", v, joinFloats(f.Categories))
	}
	if v < f.Min || v > f.Max {
		unit := ""
		if f.Unit != "" {
			unit = " " + f.Unit
		}
		return 0, false, fmt.Errorf("%v is out of the plausible range %v to %v%s", v, f.Min, f.Max, unit)
	}
	if f.FromNumber != nil {
		return f.FromNumber(v), false, nil
	}
	return v, false, nil
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strings.Join(s, ", ")
}

// ParseJSON reads one prediction input: an object keyed by column names
// whose values are numbers, level names, numeric strings, or null for a
// missing optional value. Unknown keys are refused so that a misspelt
// column is not silently ignored. Errors are *clinical.Error of kind
// Invalid naming the field; op is e.g. "predict wdbc".
func (s *Schema) ParseJSON(op string, input []byte) (Record, error) {
	invalid := func(field string, err error) (Record, error) {
		return Record{}, &clinical.Error{Op: op, Kind: clinical.Invalid, Field: field, Err: err}
	}
	var buf [40]inputEntry
	entries, isNull, decodeErr, trailing, msg := scanInputObject(input, buf[:0])
	switch {
	case decodeErr:
		return invalid("", errors.New("input is not a JSON object: "+msg))
	case isNull:
		return invalid("", errors.New("input is not a JSON object"))
	case trailing:
		return invalid("", errors.New("trailing data after the JSON object"))
	}
	// slot[i] is the entry that gives field i (the last one, as in a map),
	// or -1.
	var slotBuf [40]int
	slot := slotBuf[:0]
	if len(s.Fields) > len(slotBuf) {
		slot = make([]int, 0, len(s.Fields))
	}
	for range s.Fields {
		slot = append(slot, -1)
	}
	// Unknown keys are named in sorted order, as before, so that the
	// message does not depend on the order of the input.
	var unknown []byte
	next := 0 // inputs usually list the fields in the schema's order
	for e := range entries {
		k := entries[e].key
		i := next
		if i >= len(s.Fields) || s.Fields[i].Name != string(k) {
			i = s.fieldIndex(k)
		}
		next = i + 1
		if i < 0 {
			if unknown == nil || string(k) < string(unknown) {
				unknown = k
			}
			continue
		}
		slot[i] = e
	}
	if unknown != nil {
		return invalid(string(unknown), errors.New("unknown field"))
	}
	r := Record{Values: make([]float64, len(s.Fields)), Missing: make([]bool, len(s.Fields))}
	for i := range s.Fields {
		f := &s.Fields[i]
		var raw []byte
		if slot[i] >= 0 {
			raw = entries[slot[i]].raw
		}
		var (
			v    float64
			miss bool
			err  error
		)
		switch {
		case raw == nil || string(raw) == "null":
			if !f.Optional {
				return invalid(f.Name, errMissing)
			}
			v, miss = math.NaN(), true
		case raw[0] == '"':
			v, miss, err = f.parseCell(string(unquoteJSON(raw)))
		case raw[0] == '-' || isDigit(raw[0]):
			x, perr := strconv.ParseFloat(string(raw), 64)
			if perr != nil {
				// encoding/json's words for a number beyond float64
				err = errors.New("json: cannot unmarshal number " + string(raw) + " into Go value of type float64")
				break
			}
			v, miss, err = f.check(x)
		default:
			// encoding/json decoded the whole value before looking at its
			// type, so a number beyond float64 inside it was the error.
			if lit, bad := firstHugeNumber(raw); bad {
				err = errors.New("json: cannot unmarshal number " + string(lit) + " into Go value of type float64")
				break
			}
			err = errors.New("want a number, got " + string(raw))
		}
		if err != nil {
			return invalid(f.Name, err)
		}
		r.Values[i], r.Missing[i] = v, miss
	}
	return r, nil
}

func (s *Schema) fieldIndex(name []byte) int {
	for i := range s.Fields {
		if s.Fields[i].Name == string(name) {
			return i
		}
	}
	return -1
}

// Read parses a CSV whose header names the schema's columns (others are
// ignored) into JSON inputs, validating every cell as ParseJSON would.
func (s *Schema) Read(r io.Reader, o ReadOptions) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &RowError{Err: errors.New("the file is empty")}
	}
	if err != nil {
		return nil, &RowError{Err: err}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := col[h]; dup {
			return nil, &RowError{Column: h, Err: errors.New("appears twice")}
		}
		col[h] = i
	}
	need := make([]string, 0, len(s.Fields)+len(s.Outcome))
	for _, f := range s.Fields {
		need = append(need, f.Name)
	}
	if o.Truth {
		need = append(need, s.Outcome...)
	}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			return nil, &RowError{Column: n, Err: errors.New("missing from the header")}
		}
	}
	t := &Table{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		row := 0
		if err == nil {
			line, _ := cr.FieldPos(0)
			row = line - 1
		}
		var rerr *RowError
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			rerr = &RowError{Row: pe.StartLine - 1, Err: pe.Err}
		case err != nil:
			return nil, err
		case len(rec) != len(header):
			rerr = &RowError{Row: row, Err: fmt.Errorf("has %d fields, the header has %d", len(rec), len(header))}
		}
		var in []byte
		var truth Truth
		if rerr == nil {
			in, truth, rerr = s.row(rec, col, row, o.Truth)
		}
		if rerr != nil {
			if !o.SkipBad {
				return nil, rerr
			}
			t.Skipped = append(t.Skipped, rerr)
			continue
		}
		t.Rows = append(t.Rows, row)
		t.Inputs = append(t.Inputs, in)
		if o.Truth {
			t.Truth = append(t.Truth, truth)
		}
	}
	if len(t.Inputs) == 0 && len(t.Skipped) == 0 {
		return nil, &RowError{Err: errors.New("the file has a header but no rows")}
	}
	return t, nil
}

func (s *Schema) row(rec []string, col map[string]int, row int, wantTruth bool) ([]byte, Truth, *RowError) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := range s.Fields {
		f := &s.Fields[i]
		cell := rec[col[f.Name]]
		v, miss, err := f.parseCell(cell)
		if err != nil {
			return nil, Truth{}, &RowError{Row: row, Column: f.Name, Err: err}
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(quote(f.Name))
		b.WriteByte(':')
		switch {
		case miss && !(f.ZeroMissing && strings.TrimSpace(cell) != "" && !isMissingToken(cell)):
			b.WriteString("null")
		case len(f.Levels) > 0:
			// Keep what the file said (a level name or millimetres) so the
			// prediction explains the value the user gave.
			if _, err := strconv.ParseFloat(strings.TrimSpace(cell), 64); err == nil {
				b.WriteString(strconv.FormatFloat(mustFloat(cell), 'g', -1, 64))
			} else {
				b.Write(quote(f.Levels[int(v)]))
			}
		default:
			b.WriteString(strconv.FormatFloat(mustFloat(cell), 'g', -1, 64))
		}
	}
	b.WriteByte('}')
	var truth Truth
	if wantTruth {
		var err error
		truth, err = s.Truth(func(c string) string { return strings.TrimSpace(rec[col[c]]) })
		if err != nil {
			var re *RowError
			if errors.As(err, &re) {
				re.Row = row
				return nil, Truth{}, re
			}
			return nil, Truth{}, &RowError{Row: row, Err: err}
		}
	}
	return b.Bytes(), truth, nil
}

// quote writes a JSON string without HTML escaping, so that "<=20" stays
// readable in predict's output.
func quote(s string) []byte { return jsonval.AppendStringNoHTML(nil, s) }

func mustFloat(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v
}
