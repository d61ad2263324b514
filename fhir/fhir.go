// Package fhir writes a note's analysis (nlp.Note) as a FHIR R4 Bundle of
// type collection: findings as Condition, vital signs and labs as
// Observation with UCUM units, medications as MedicationStatement and
// allergies as AllergyIntolerance, all about one Patient entry that
// stands for whoever the note is about.
//
// What is left out, on purpose: hypothetical findings (discharge
// instructions: "call if you have fever" is no condition) and findings of
// someone else (family history belongs in FamilyMemberHistory, which this
// package does not write), and reactions of an allergy (they are in its
// AllergyIntolerance). A negated finding is a Condition whose
// verificationStatus is refuted; a possible one is unconfirmed; a
// historical one has clinicalStatus inactive (the note says it was in the
// past, not that it resolved). Codes are the ICD-10-CM codes of the
// findings lexicon (nlp.ICD10) and LOINC for vital signs; medications,
// labs and allergens carry their names as text, since the reader maps no
// drug or lab terminology it could vouch for.
//
// The package imports only nlp, so the command line and the inference
// worker (window.bedside.fhir) both use it and neither depends on the
// other; the app asks the worker, since nlp's lexicon is not in app.wasm.
package fhir

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/nlp"
)

// Code systems used.
const (
	SystemICD10      = "http://hl7.org/fhir/sid/icd-10-cm"
	SystemLOINC      = "http://loinc.org"
	SystemUCUM       = "http://unitsofmeasure.org"
	SystemSNOMED     = "http://snomed.info/sct"
	SystemClinical   = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	SystemVerStatus  = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	SystemObsCat     = "http://terminology.hl7.org/CodeSystem/observation-category"
	SystemInterp     = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
	SystemAllergyCln = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
	SystemCondCat    = "http://terminology.hl7.org/CodeSystem/condition-category"
)

// Coding, CodeableConcept, Quantity, Reference are the FHIR data types used.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

type Quantity struct {
	Value      Number `json:"value"`
	Comparator string `json:"comparator,omitempty"`
	Unit       string `json:"unit,omitempty"`
	System     string `json:"system,omitempty"`
	Code       string `json:"code,omitempty"`
}

type Reference struct {
	Reference string `json:"reference"`
}

type Annotation struct {
	Text string `json:"text"`
}

// Resource is one entry's resource; only the fields of its type are set.
type Resource struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`

	// Condition, Observation, MedicationStatement, AllergyIntolerance
	Status             string            `json:"status,omitempty"`
	ClinicalStatus     *CodeableConcept  `json:"clinicalStatus,omitempty"`
	VerificationStatus *CodeableConcept  `json:"verificationStatus,omitempty"`
	Category           []CodeableConcept `json:"category,omitempty"`
	Code               *CodeableConcept  `json:"code,omitempty"`
	Medication         *CodeableConcept  `json:"medicationCodeableConcept,omitempty"`
	Subject            *Reference        `json:"subject,omitempty"`
	Patient            *Reference        `json:"patient,omitempty"`
	ValueQuantity      *Quantity         `json:"valueQuantity,omitempty"`
	Interpretation     []CodeableConcept `json:"interpretation,omitempty"`
	Component          []Component       `json:"component,omitempty"`
	Dosage             []Dosage          `json:"dosage,omitempty"`
	Reaction           []AllergyReaction `json:"reaction,omitempty"`
	Note               []Annotation      `json:"note,omitempty"`
}

type Component struct {
	Code          CodeableConcept `json:"code"`
	ValueQuantity *Quantity       `json:"valueQuantity,omitempty"`
}

type Dosage struct {
	Text        string           `json:"text,omitempty"`
	Timing      *Timing          `json:"timing,omitempty"`
	AsNeeded    bool             `json:"asNeededBoolean,omitempty"`
	Route       *CodeableConcept `json:"route,omitempty"`
	DoseAndRate []DoseAndRate    `json:"doseAndRate,omitempty"`
}

type Timing struct {
	Code CodeableConcept `json:"code"`
}

type DoseAndRate struct {
	DoseQuantity *Quantity `json:"doseQuantity,omitempty"`
	DoseRange    *Range    `json:"doseRange,omitempty"`
}

type Range struct {
	Low  *Quantity `json:"low,omitempty"`
	High *Quantity `json:"high,omitempty"`
}

type AllergyReaction struct {
	Manifestation []CodeableConcept `json:"manifestation"`
}

type Entry struct {
	FullURL  string   `json:"fullUrl"`
	Resource Resource `json:"resource"`
}

// BundleResource is a FHIR R4 Bundle.
type BundleResource struct {
	ResourceType string  `json:"resourceType"`
	ID           string  `json:"id"`
	Type         string  `json:"type"`
	Entry        []Entry `json:"entry"`
}

// vitalLOINC are the codes of the FHIR vital signs profiles.
var vitalLOINC = map[string]Coding{
	"bp":     {SystemLOINC, "85354-9", "Blood pressure panel with all children optional"},
	"hr":     {SystemLOINC, "8867-4", "Heart rate"},
	"temp":   {SystemLOINC, "8310-5", "Body temperature"},
	"spo2":   {SystemLOINC, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"},
	"rr":     {SystemLOINC, "9279-1", "Respiratory rate"},
	"weight": {SystemLOINC, "29463-7", "Body weight"},
	"height": {SystemLOINC, "8302-2", "Body height"},
}

var (
	systolic  = Coding{SystemLOINC, "8480-6", "Systolic blood pressure"}
	diastolic = Coding{SystemLOINC, "8462-4", "Diastolic blood pressure"}
)

// ucum maps the units the reader writes to UCUM codes; a unit not listed
// is kept as text without a code.
var ucum = map[string]string{
	"mmHg": "mm[Hg]", "mm[Hg]": "mm[Hg]", "/min": "/min", "Cel": "Cel", "[degF]": "[degF]", "%": "%",
	"kg": "kg", "[lb_av]": "[lb_av]", "cm": "cm", "m": "m", "[in_i]": "[in_i]",
	"mg/dL": "mg/dL", "mmol/L": "mmol/L", "mEq/L": "meq/L", "umol/L": "umol/L", "g/dL": "g/dL", "g/L": "g/L",
	"mg/L": "mg/L", "ng/mL": "ng/mL", "ng/dL": "ng/dL", "ng/L": "ng/L", "pg/mL": "pg/mL", "ug/L": "ug/L",
	"U/L": "U/L", "mU/L": "mU/L", "u[IU]/mL": "u[IU]/mL", "m[IU]/mL": "m[IU]/mL", "10*3/uL": "10*3/uL",
	"10*9/L": "10*9/L", "/uL": "/uL", "mm/h": "mm/h", "s": "s", "fL": "fL", "pg": "pg", "mL/min": "mL/min",
	"mL/min/{1.73_m2}": "mL/min/{1.73_m2}",
	// doses
	"mg": "mg", "mcg": "ug", "g": "g", "mL": "mL", "units": "[IU]", "mEq": "meq", "mmol": "mmol",
	"tablet": "{tablet}", "capsule": "{capsule}", "puff": "{puff}", "drop": "{drop}", "spray": "{spray}", "patch": "{patch}",
	"mg/kg": "mg/kg", "mcg/kg/min": "ug/kg/min", "mg/h": "mg/h", "units/h": "[IU]/h",
}

// plainNumber reports whether v is a JSON number without exponent:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?. Checked by hand, not by regexp, which the
// worker that writes bundles does not link otherwise.
func plainNumber(v string) bool {
	v = strings.TrimPrefix(v, "-")
	whole, frac, hasFrac := strings.Cut(v, ".")
	if whole == "" || (len(whole) > 1 && whole[0] == '0') || !digits(whole) {
		return false
	}
	return !hasFrac || (frac != "" && digits(frac))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// quantity makes a Quantity of a written number, or nil when it is not one.
func quantity(value, unit string) *Quantity {
	v := strings.ReplaceAll(strings.TrimSpace(value), ",", "")
	q := &Quantity{}
	for _, c := range []string{"<=", ">=", "<", ">", "≤", "≥"} {
		if rest, ok := strings.CutPrefix(v, c); ok {
			q.Comparator = map[string]string{"≤": "<=", "≥": ">="}[c]
			if q.Comparator == "" {
				q.Comparator = c
			}
			v = strings.TrimSpace(rest)
			break
		}
	}
	if strings.HasPrefix(v, ".") {
		v = "0" + v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || v == "" || f != f {
		return nil
	}
	if !plainNumber(v) {
		v = strconv.FormatFloat(f, 'f', -1, 64) // "007", "1e3": JSON wants a plain number
	}
	q.Value = Number(v)
	if unit != "" {
		q.Unit = unit
		if c, ok := ucum[unit]; ok {
			q.System, q.Code = SystemUCUM, c
		}
	}
	return q
}

// Options name the bundle.
type Options struct {
	// Seed makes the ids: the same note and seed give the same bundle.
	// Empty uses the note's text.
	Seed string
}

// Bundle builds the collection for a note analysis of text.
func Bundle(text string, n nlp.Note, opt Options) BundleResource {
	seed := opt.Seed
	if seed == "" {
		seed = text
	}
	uuid := func(kind string, i int) string {
		h := sum1([]byte(seed + "\x00" + kind + "\x00" + strconv.Itoa(i)))
		h[6] = h[6]&0x0f | 0x50 // a name-based (version 5) UUID
		h[8] = h[8]&0x3f | 0x80
		return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
	}
	b := BundleResource{ResourceType: "Bundle", ID: uuid("bundle", 0), Type: "collection"}
	pid := uuid("patient", 0)
	b.Entry = append(b.Entry, Entry{FullURL: "urn:uuid:" + pid, Resource: Resource{ResourceType: "Patient", ID: pid}})
	subject := &Reference{Reference: "urn:uuid:" + pid}
	add := func(kind string, i int, r Resource) {
		r.ID = uuid(kind, i)
		b.Entry = append(b.Entry, Entry{FullURL: "urn:uuid:" + r.ID, Resource: r})
	}
	for i, f := range n.Findings {
		if r, ok := condition(f, subject); ok {
			add("condition", i, r)
		}
	}
	for i, v := range n.Vitals {
		if r, ok := vitalObservation(v, subject); ok {
			add("vital", i, r)
		}
	}
	for i, l := range n.Labs {
		if r, ok := labObservation(l, subject); ok {
			add("lab", i, r)
		}
	}
	for i, m := range n.Medications {
		add("medication", i, medicationStatement(m, subject))
	}
	for i, a := range n.Allergies {
		add("allergy", i, allergyIntolerance(a, subject))
	}
	return b
}

// Marshal is Bundle as indented JSON.
func Marshal(text string, n nlp.Note, opt Options) ([]byte, error) {
	return marshalIndent(Bundle(text, n, opt))
}

func concept(system, code, display string) *CodeableConcept {
	return &CodeableConcept{Coding: []Coding{{System: system, Code: code, Display: display}}}
}

// condition writes a finding of the patient that the note asserts,
// refutes or raises; hypothetical findings and other people's are no
// condition of the patient.
func condition(f nlp.Finding, subject *Reference) (Resource, bool) {
	if f.Temporality == nlp.Hypothetical || f.Experiencer != nlp.Patient || f.Section == "allergies" {
		return Resource{}, false
	}
	for _, t := range f.Triggers {
		if t.Source == nlp.SourceAllergy {
			return Resource{}, false // the reaction of an allergy, written in its AllergyIntolerance
		}
	}
	r := Resource{ResourceType: "Condition", Subject: subject,
		Category: []CodeableConcept{*concept(SystemCondCat, "encounter-diagnosis", "Encounter Diagnosis")},
		Code:     &CodeableConcept{Text: f.Concept},
		Note:     []Annotation{{Text: fmt.Sprintf("%q at characters %d-%d", f.Text, f.Start, f.End)}},
	}
	if code := nlp.ICD10(f.Concept); code != "" {
		r.Code.Coding = []Coding{{System: SystemICD10, Code: code, Display: f.Concept}}
	}
	switch f.Negation {
	case nlp.Negated:
		// a refuted condition has no clinical status to give
		r.VerificationStatus = concept(SystemVerStatus, "refuted", "Refuted")
	case nlp.Possible:
		r.VerificationStatus = concept(SystemVerStatus, "unconfirmed", "Unconfirmed")
	default:
		r.VerificationStatus = concept(SystemVerStatus, "confirmed", "Confirmed")
	}
	if f.Negation != nlp.Negated {
		if f.Temporality == nlp.Historical {
			r.ClinicalStatus = concept(SystemClinical, "inactive", "Inactive")
		} else {
			r.ClinicalStatus = concept(SystemClinical, "active", "Active")
		}
	}
	return r, true
}

func vitalObservation(v nlp.Vital, subject *Reference) (Resource, bool) {
	code, ok := vitalLOINC[v.Name]
	if !ok {
		return Resource{}, false
	}
	r := Resource{ResourceType: "Observation", Status: "final", Subject: subject,
		Category: []CodeableConcept{*concept(SystemObsCat, "vital-signs", "Vital Signs")},
		Code:     &CodeableConcept{Coding: []Coding{code}, Text: v.Name},
	}
	if v.Name == "bp" {
		sys, dia, ok := strings.Cut(v.Value, "/")
		qs, qd := quantity(sys, v.Unit), quantity(dia, v.Unit)
		if !ok || qs == nil || qd == nil {
			return Resource{}, false
		}
		r.Component = []Component{
			{Code: CodeableConcept{Coding: []Coding{systolic}}, ValueQuantity: qs},
			{Code: CodeableConcept{Coding: []Coding{diastolic}}, ValueQuantity: qd},
		}
		return r, true
	}
	if r.ValueQuantity = quantity(v.Value, v.Unit); r.ValueQuantity == nil {
		return Resource{}, false
	}
	if v.UnitInferred {
		r.Note = []Annotation{{Text: "unit not written in the note; implied by the value"}}
	}
	return r, true
}

func labObservation(l nlp.Lab, subject *Reference) (Resource, bool) {
	r := Resource{ResourceType: "Observation", Status: "final", Subject: subject,
		Category: []CodeableConcept{*concept(SystemObsCat, "laboratory", "Laboratory")},
		Code:     &CodeableConcept{Text: l.Name},
	}
	if r.ValueQuantity = quantity(l.Value, l.Unit); r.ValueQuantity == nil {
		return Resource{}, false
	}
	switch l.Flag {
	case "H":
		r.Interpretation = []CodeableConcept{*concept(SystemInterp, "H", "High")}
	case "L":
		r.Interpretation = []CodeableConcept{*concept(SystemInterp, "L", "Low")}
	}
	return r, true
}

// medicationStatement: a drug in a medication list is taken now (active);
// one named elsewhere may be given, stopped or planned, which the reader
// does not tell, so its status is unknown.
func medicationStatement(m nlp.Medication, subject *Reference) Resource {
	status := "unknown"
	switch m.Section {
	case "medications", "discharge_medications":
		status = "active"
	}
	d := Dosage{Text: strings.Join(strings.Fields(m.Text), " ")}
	if m.Route != "" {
		d.Route = &CodeableConcept{Text: m.Route}
	}
	freq := strings.TrimSpace(strings.TrimSuffix(m.Frequency, "PRN"))
	if freq != "" {
		d.Timing = &Timing{Code: CodeableConcept{Text: freq}}
	}
	d.AsNeeded = strings.HasSuffix(m.Frequency, "PRN")
	if m.Dose != "" {
		if lo, hi, ok := strings.Cut(m.Dose, "-"); ok {
			if ql, qh := quantity(lo, m.Unit), quantity(hi, m.Unit); ql != nil && qh != nil {
				d.DoseAndRate = []DoseAndRate{{DoseRange: &Range{Low: ql, High: qh}}}
			}
		} else if q := quantity(m.Dose, m.Unit); q != nil {
			d.DoseAndRate = []DoseAndRate{{DoseQuantity: q}}
		}
	}
	return Resource{ResourceType: "MedicationStatement", Status: status, Subject: subject,
		Medication: &CodeableConcept{Text: m.Name}, Dosage: []Dosage{d}}
}

// allergyIntolerance: an allergy the note lists is active; "no known drug
// allergies" is the SNOMED CT situation that says so.
func allergyIntolerance(a nlp.Allergy, subject *Reference) Resource {
	r := Resource{ResourceType: "AllergyIntolerance", Patient: subject,
		ClinicalStatus: concept(SystemAllergyCln, "active", "Active")}
	if a.NKDA {
		r.Code = concept(SystemSNOMED, "409137002", "No known drug allergy")
		r.Code.Text = strings.Join(strings.Fields(a.Text), " ")
		return r
	}
	r.Code = &CodeableConcept{Text: a.Substance}
	if a.Reaction != "" {
		r.Reaction = []AllergyReaction{{Manifestation: []CodeableConcept{{Text: a.Reaction}}}}
	}
	return r
}
