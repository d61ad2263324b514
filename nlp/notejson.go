package nlp

import (
	"strconv"

	"github.com/bedside-health/bedside/nlp/jsonval"
)

// NoteKeys are the JSON keys of a Note, in the order json.Marshal writes
// them.
var NoteKeys = []string{"sections", "findings", "medications", "vitals", "labs", "allergies"}

// AppendJSON appends the note as json.Marshal(n) writes it, without
// reflection: the inference worker sends every analysis and links no
// encoding/json (issue 15).
func (n Note) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	for i, k := range NoteKeys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonval.AppendString(b, k)
		b = append(b, ':')
		b = n.AppendListJSON(b, k)
	}
	return append(b, '}')
}

// AppendListJSON appends the list under JSON key key (one of NoteKeys) as
// json.Marshal writes it; an unknown key appends null.
func (n Note) AppendListJSON(b []byte, key string) []byte {
	switch key {
	case "sections":
		return appendList(b, n.Sections, appendSection)
	case "findings":
		return appendList(b, n.Findings, appendFinding)
	case "medications":
		return appendList(b, n.Medications, appendMedication)
	case "vitals":
		return appendList(b, n.Vitals, appendVital)
	case "labs":
		return appendList(b, n.Labs, appendLab)
	case "allergies":
		return appendList(b, n.Allergies, appendAllergy)
	}
	return append(b, "null"...)
}

// AppendFindingsJSON appends fs as json.Marshal writes a []Finding.
func AppendFindingsJSON(b []byte, fs []Finding) []byte { return appendList(b, fs, appendFinding) }

func appendList[T any](b []byte, list []T, one func([]byte, *T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = one(b, &list[i])
	}
	return append(b, ']')
}

// field appends ,"key":"value".
func field(b []byte, key, value string) []byte {
	b = append(b, ',')
	b = jsonval.AppendString(b, key)
	b = append(b, ':')
	return jsonval.AppendString(b, value)
}

func intField(b []byte, key string, v int) []byte {
	b = append(b, ',')
	b = jsonval.AppendString(b, key)
	b = append(b, ':')
	return strconv.AppendInt(b, int64(v), 10)
}

// optional appends a field tagged omitempty.
func optional(b []byte, key, value string) []byte {
	if value == "" {
		return b
	}
	return field(b, key, value)
}

func appendSpan(b []byte, s *Span) []byte {
	b = append(b, `{"text":`...)
	b = jsonval.AppendString(b, s.Text)
	b = intField(b, "start", s.Start)
	b = intField(b, "end", s.End)
	b = intField(b, "byte_start", s.ByteStart)
	return intField(b, "byte_end", s.ByteEnd)
}

func appendSection(b []byte, s *Section) []byte {
	b = append(b, `{"name":`...)
	b = jsonval.AppendString(b, s.Name)
	b = field(b, "title", s.Title)
	b = intField(b, "start", s.Start)
	b = intField(b, "end", s.End)
	b = intField(b, "byte_start", s.ByteStart)
	b = intField(b, "byte_end", s.ByteEnd)
	b = intField(b, "body_start", s.BodyStart)
	b = intField(b, "body_byte_start", s.BodyByteStart)
	return append(b, '}')
}

func appendFinding(b []byte, f *Finding) []byte {
	b = appendSpan(b, &f.Span)
	b = field(b, "concept", f.Concept)
	b = field(b, "negation", f.Negation)
	b = field(b, "temporality", f.Temporality)
	b = field(b, "experiencer", f.Experiencer)
	b = optional(b, "section", f.Section)
	if len(f.Triggers) > 0 {
		b = append(b, `,"triggers":`...)
		b = appendList(b, f.Triggers, appendTrigger)
	}
	return append(b, '}')
}

func appendTrigger(b []byte, t *Trigger) []byte {
	b = appendSpan(b, &t.Span)
	b = field(b, "class", t.Class)
	b = field(b, "value", t.Value)
	b = field(b, "source", t.Source)
	return append(b, '}')
}

func appendMedication(b []byte, m *Medication) []byte {
	b = appendSpan(b, &m.Span)
	b = field(b, "name", m.Name)
	b = optional(b, "dose", m.Dose)
	b = optional(b, "unit", m.Unit)
	b = optional(b, "route", m.Route)
	b = optional(b, "frequency", m.Frequency)
	b = optional(b, "section", m.Section)
	return append(b, '}')
}

func appendVital(b []byte, v *Vital) []byte {
	b = appendSpan(b, &v.Span)
	b = field(b, "name", v.Name)
	b = field(b, "value", v.Value)
	b = field(b, "unit", v.Unit)
	if v.UnitInferred {
		b = append(b, `,"unit_inferred":true`...)
	}
	b = optional(b, "section", v.Section)
	return append(b, '}')
}

func appendLab(b []byte, l *Lab) []byte {
	b = appendSpan(b, &l.Span)
	b = field(b, "name", l.Name)
	b = field(b, "value", l.Value)
	b = optional(b, "unit", l.Unit)
	b = optional(b, "flag", l.Flag)
	b = optional(b, "section", l.Section)
	return append(b, '}')
}

func appendAllergy(b []byte, a *Allergy) []byte {
	b = appendSpan(b, &a.Span)
	b = optional(b, "substance", a.Substance)
	b = optional(b, "reaction", a.Reaction)
	if a.NKDA {
		b = append(b, `,"nkda":true`...)
	}
	b = optional(b, "section", a.Section)
	return append(b, '}')
}
