package clinical

import (
	"slices"
	"strconv"

	"github.com/bedside-health/bedside/engine/jsonval"
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

// float writes f as encoding/json writes a float64.
func (w *jsonWriter) float(f float64) {
	b, err := jsonval.AppendFloat(w.b, f, 64)
	if err != nil {
		if w.err == nil {
			w.err = err
		}
		b = append(b, "null"...)
	}
	w.b = b
}

// string is encoding/json's string encoder with HTML escaping on.
func (w *jsonWriter) string(s string) { w.b = jsonval.AppendString(w.b, s) }

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
