package clinical

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/bedside-health/bedside/nlp/record"
)

// MarshalPrediction returns exactly what json.Marshal(p) returns for the
// three prediction types, without reflection: the worker answers every
// predict call with it, so it does not need encoding/json's encoder.
// TestMarshalPrediction holds the two to byte equality on every shipped
// model's outputs and on values with every field set.
func MarshalPrediction(p Prediction) ([]byte, error) {
	w := &jsonWriter{b: make([]byte, 0, 2048)}
	switch v := p.(type) {
	case nil:
		w.raw("null")
	case *TextPrediction:
		w.text(v)
	case *RiskPrediction:
		w.risk(v)
	case *SurvivalPrediction:
		w.survival(v)
	}
	if w.err != nil {
		return nil, w.err
	}
	return w.b, nil
}

// jsonWriter appends JSON as encoding/json writes it: fields in struct
// order, HTML-safe strings, floats in its shortest form. Its small methods
// are not inlined: inlined, each field's append costs the worker ~1 KB of
// WebAssembly.
type jsonWriter struct {
	b   []byte
	err error
	// first is whether the object being written has no field yet.
	first bool
}

// unsupportedValue is encoding/json's error text for NaN and infinities.
type unsupportedValue string

func (e unsupportedValue) Error() string { return "json: unsupported value: " + string(e) }

//go:noinline
func (w *jsonWriter) raw(s string) { w.b = append(w.b, s...) }

//go:noinline
func (w *jsonWriter) open() { w.b = append(w.b, '{'); w.first = true }

//go:noinline
func (w *jsonWriter) close() { w.b = append(w.b, '}'); w.first = false }

// key starts a field of the object being written.
//
//go:noinline
func (w *jsonWriter) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

//go:noinline
func (w *jsonWriter) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

//go:noinline
func (w *jsonWriter) int(v int) { w.b = strconv.AppendInt(w.b, int64(v), 10) }

// float is encoding/json's float64 encoder.
//
//go:noinline
func (w *jsonWriter) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if w.err == nil {
			w.err = unsupportedValue(strconv.FormatFloat(f, 'g', -1, 64))
		}
		w.raw("null")
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	w.b = strconv.AppendFloat(w.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		n := len(w.b)
		if n >= 4 && w.b[n-4] == 'e' && w.b[n-3] == '-' && w.b[n-2] == '0' {
			w.b[n-2] = w.b[n-1]
			w.b = w.b[:n-1]
		}
	}
}

const hexDigits = "0123456789abcdef"

// string is encoding/json's string encoder with HTML escaping on.
//
//go:noinline
func (w *jsonWriter) string(s string) {
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

// list writes a slice: null when nil, as encoding/json does.
func list[T any](w *jsonWriter, xs []T, each func(*T)) {
	if xs == nil {
		w.raw("null")
		return
	}
	w.b = append(w.b, '[')
	for i := range xs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		each(&xs[i])
	}
	w.b = append(w.b, ']')
}

func (w *jsonWriter) strings(xs []string) { list(w, xs, func(s *string) { w.string(*s) }) }

func (w *jsonWriter) message(m *Message) {
	w.open()
	w.key("code")
	w.string(m.Code)
	if len(m.Args) > 0 {
		w.key("args")
		keys := make([]string, 0, len(m.Args))
		for k := range m.Args {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		w.b = append(w.b, '{')
		for i, k := range keys {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.string(k)
			w.b = append(w.b, ':')
			w.string(m.Args[k])
		}
		w.b = append(w.b, '}')
	}
	w.close()
}

func (w *jsonWriter) messages(ms []Message) { list(w, ms, w.message) }

// span writes record.Span's fields into the object being written, as an
// embedded struct's fields are.
func (w *jsonWriter) span(s *record.Span) {
	w.key("text")
	w.string(s.Text)
	w.key("start")
	w.int(s.Start)
	w.key("end")
	w.int(s.End)
	w.key("byte_start")
	w.int(s.ByteStart)
	w.key("byte_end")
	w.int(s.ByteEnd)
}

func (w *jsonWriter) finding(f *record.Finding) {
	w.open()
	w.span(&f.Span)
	w.key("concept")
	w.string(f.Concept)
	w.key("negation")
	w.string(f.Negation)
	w.key("temporality")
	w.string(f.Temporality)
	w.key("experiencer")
	w.string(f.Experiencer)
	if f.Section != "" {
		w.key("section")
		w.string(f.Section)
	}
	if len(f.Triggers) > 0 {
		w.key("triggers")
		list(w, f.Triggers, func(t *record.Trigger) {
			w.open()
			w.span(&t.Span)
			w.key("class")
			w.string(t.Class)
			w.key("value")
			w.string(t.Value)
			w.key("source")
			w.string(t.Source)
			w.close()
		})
	}
	w.close()
}

func (w *jsonWriter) text(p *TextPrediction) {
	if p == nil {
		w.raw("null")
		return
	}
	w.open()
	w.key("model")
	w.string(p.Model)
	w.key("version")
	w.string(p.Version)
	w.key("classes")
	list(w, p.Classes, func(c *ClassProb) {
		w.open()
		w.key("label")
		w.string(c.Label)
		w.key("prob")
		w.float(c.Prob)
		w.close()
	})
	w.key("tokens")
	list(w, p.Tokens, func(t *TokenWeight) {
		w.open()
		w.span(&t.Span)
		w.key("weight")
		w.float(t.Weight)
		w.close()
	})
	w.key("findings")
	list(w, p.Findings, w.finding)
	if t := p.Triage; t != nil {
		w.key("triage")
		w.open()
		w.key("level")
		w.string(t.Level)
		w.key("reasons")
		w.messages(t.Reasons)
		w.key("red_flags")
		w.strings(t.RedFlags)
		w.close()
	}
	w.key("uncertain")
	w.bool(p.Uncertain)
	if p.Abstain {
		w.key("abstain")
		w.bool(true)
	}
	if p.Note != nil {
		w.key("note")
		w.message(p.Note)
	}
	w.close()
}

func (w *jsonWriter) contributions(cs []Contribution) {
	list(w, cs, func(c *Contribution) {
		w.open()
		w.key("feature")
		w.string(c.Feature)
		w.key("value")
		w.float(c.Value)
		if c.Missing {
			w.key("missing")
			w.bool(true)
		}
		w.key("contribution")
		w.float(c.Contribution)
		if c.Reference != nil {
			w.key("reference")
			w.float(*c.Reference)
		}
		w.close()
	})
}

func (w *jsonWriter) risk(p *RiskPrediction) {
	if p == nil {
		w.raw("null")
		return
	}
	w.open()
	w.key("model")
	w.string(p.Model)
	w.key("version")
	w.string(p.Version)
	w.key("probability")
	w.float(p.Probability)
	w.key("label")
	w.string(p.Label)
	w.key("contributions")
	w.contributions(p.Contributions)
	if len(p.Warnings) > 0 {
		w.key("warnings")
		w.messages(p.Warnings)
	}
	w.close()
}

func (w *jsonWriter) survival(p *SurvivalPrediction) {
	if p == nil {
		w.raw("null")
		return
	}
	w.open()
	w.key("model")
	w.string(p.Model)
	w.key("version")
	w.string(p.Version)
	w.key("risk_score")
	w.float(p.RiskScore)
	w.key("risk_group")
	w.string(p.RiskGroup)
	w.key("curve")
	list(w, p.Curve, func(s *SurvivalPoint) {
		w.open()
		w.key("days")
		w.float(s.Days)
		w.key("survival")
		w.float(s.Survival)
		w.key("low")
		w.float(s.Low)
		w.key("high")
		w.float(s.High)
		w.close()
	})
	w.key("survival_1y")
	w.float(p.Survival1y)
	w.key("survival_5y")
	w.float(p.Survival5y)
	w.key("survival_10y")
	w.float(p.Survival10y)
	w.key("contributions")
	w.contributions(p.Contributions)
	if len(p.Warnings) > 0 {
		w.key("warnings")
		w.messages(p.Warnings)
	}
	w.key("size_band")
	w.string(p.SizeBand)
	w.close()
}
