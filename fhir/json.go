package fhir

import (
	"strconv"

	"github.com/bedside-health/bedside/nlp/jsonval"
)

// Number is a JSON number kept as written, as encoding/json's Number: the
// bundle's quantities keep the digits of the note.
type Number string

// MarshalJSON writes n as json.Marshal writes a json.Number: the literal,
// 0 when empty, an error when it is no JSON number.
func (n Number) MarshalJSON() ([]byte, error) { return appendNumber(nil, n) }

func appendNumber(b []byte, n Number) ([]byte, error) {
	if n == "" {
		return append(b, '0'), nil
	}
	if v, err := jsonval.Parse([]byte(n)); err != nil || v.Kind != jsonval.Number || v.Text != string(n) {
		return b, &invalidNumber{string(n)}
	}
	return append(b, n...), nil
}

type invalidNumber struct{ s string }

func (e *invalidNumber) Error() string { return "json: invalid number literal " + strconv.Quote(e.s) }

// writer appends the bundle's JSON as json.Marshal writes its types, field
// by field in the order of their declarations, without reflection: the
// inference worker writes bundles and links no encoding/json (issue 15).
type writer struct {
	b     []byte
	first bool // no member written yet in the object being written
	err   error
}

func (w *writer) open() { w.b, w.first = append(w.b, '{'), true }

func (w *writer) close() { w.b, w.first = append(w.b, '}'), false }

func (w *writer) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = jsonval.AppendString(w.b, k)
	w.b = append(w.b, ':')
}

func (w *writer) str(k, v string) {
	w.key(k)
	w.b = jsonval.AppendString(w.b, v)
}

// opt writes a string field tagged omitempty.
func (w *writer) opt(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

// list writes a slice field: null when nil unless omitempty, which leaves
// out an empty one.
func list[T any](w *writer, k string, v []T, omitEmpty bool, one func(*writer, *T)) {
	if omitEmpty && len(v) == 0 {
		return
	}
	w.key(k)
	if v == nil {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '[')
	for i := range v {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		one(w, &v[i])
	}
	w.b = append(w.b, ']')
	w.first = false
}

// ptr writes a pointer field tagged omitempty.
func ptr[T any](w *writer, k string, v *T, one func(*writer, *T)) {
	if v != nil {
		w.key(k)
		one(w, v)
	}
}

func (w *writer) coding(c *Coding) {
	w.open()
	w.opt("system", c.System)
	w.opt("code", c.Code)
	w.opt("display", c.Display)
	w.close()
}

func (w *writer) concept(c *CodeableConcept) {
	w.open()
	list(w, "coding", c.Coding, true, (*writer).coding)
	w.opt("text", c.Text)
	w.close()
}

func (w *writer) quantity(q *Quantity) {
	w.open()
	w.key("value")
	var err error
	if w.b, err = appendNumber(w.b, q.Value); err != nil && w.err == nil {
		w.err = err
	}
	w.opt("comparator", q.Comparator)
	w.opt("unit", q.Unit)
	w.opt("system", q.System)
	w.opt("code", q.Code)
	w.close()
}

func (w *writer) reference(r *Reference) {
	w.open()
	w.str("reference", r.Reference)
	w.close()
}

func (w *writer) annotation(a *Annotation) {
	w.open()
	w.str("text", a.Text)
	w.close()
}

func (w *writer) resource(r *Resource) {
	w.open()
	w.str("resourceType", r.ResourceType)
	w.str("id", r.ID)
	w.opt("status", r.Status)
	ptr(w, "clinicalStatus", r.ClinicalStatus, (*writer).concept)
	ptr(w, "verificationStatus", r.VerificationStatus, (*writer).concept)
	list(w, "category", r.Category, true, (*writer).concept)
	ptr(w, "code", r.Code, (*writer).concept)
	ptr(w, "medicationCodeableConcept", r.Medication, (*writer).concept)
	ptr(w, "subject", r.Subject, (*writer).reference)
	ptr(w, "patient", r.Patient, (*writer).reference)
	ptr(w, "valueQuantity", r.ValueQuantity, (*writer).quantity)
	list(w, "interpretation", r.Interpretation, true, (*writer).concept)
	list(w, "component", r.Component, true, (*writer).component)
	list(w, "dosage", r.Dosage, true, (*writer).dosage)
	list(w, "reaction", r.Reaction, true, (*writer).reaction)
	list(w, "note", r.Note, true, (*writer).annotation)
	w.close()
}

func (w *writer) component(c *Component) {
	w.open()
	w.key("code")
	w.concept(&c.Code)
	ptr(w, "valueQuantity", c.ValueQuantity, (*writer).quantity)
	w.close()
}

func (w *writer) dosage(d *Dosage) {
	w.open()
	w.opt("text", d.Text)
	ptr(w, "timing", d.Timing, (*writer).timing)
	if d.AsNeeded {
		w.key("asNeededBoolean")
		w.b = append(w.b, "true"...)
	}
	ptr(w, "route", d.Route, (*writer).concept)
	list(w, "doseAndRate", d.DoseAndRate, true, (*writer).doseAndRate)
	w.close()
}

func (w *writer) timing(t *Timing) {
	w.open()
	w.key("code")
	w.concept(&t.Code)
	w.close()
}

func (w *writer) doseAndRate(d *DoseAndRate) {
	w.open()
	ptr(w, "doseQuantity", d.DoseQuantity, (*writer).quantity)
	ptr(w, "doseRange", d.DoseRange, (*writer).rng)
	w.close()
}

func (w *writer) rng(r *Range) {
	w.open()
	ptr(w, "low", r.Low, (*writer).quantity)
	ptr(w, "high", r.High, (*writer).quantity)
	w.close()
}

func (w *writer) reaction(r *AllergyReaction) {
	w.open()
	list(w, "manifestation", r.Manifestation, false, (*writer).concept)
	w.close()
}

func (w *writer) entry(e *Entry) {
	w.open()
	w.str("fullUrl", e.FullURL)
	w.key("resource")
	w.resource(&e.Resource)
	w.close()
}

func (w *writer) bundle(b *BundleResource) {
	w.open()
	w.str("resourceType", b.ResourceType)
	w.str("id", b.ID)
	w.str("type", b.Type)
	list(w, "entry", b.Entry, false, (*writer).entry)
	w.close()
}

// marshalIndent returns what json.MarshalIndent(b, "", " ") returns.
func marshalIndent(b BundleResource) ([]byte, error) {
	w := &writer{b: make([]byte, 0, 4096)}
	w.bundle(&b)
	if w.err != nil {
		return nil, w.err
	}
	return jsonval.Indent(make([]byte, 0, 2*len(w.b)), w.b, "", " "), nil
}
