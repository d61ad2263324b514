package fhir

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/nlp"
)

var update = flag.Bool("update", false, "rewrite the golden bundle")

// Value sets of the R4 elements the bundle writes.
var (
	clinicalCodes   = map[string]bool{"active": true, "recurrence": true, "relapse": true, "inactive": true, "remission": true, "resolved": true}
	verCodes        = map[string]bool{"unconfirmed": true, "provisional": true, "differential": true, "confirmed": true, "refuted": true, "entered-in-error": true}
	obsStatus       = map[string]bool{"registered": true, "preliminary": true, "final": true, "amended": true, "corrected": true, "cancelled": true, "entered-in-error": true, "unknown": true}
	medStatus       = map[string]bool{"active": true, "completed": true, "entered-in-error": true, "intended": true, "stopped": true, "on-hold": true, "unknown": true, "not-taken": true}
	allergyClinical = map[string]bool{"active": true, "inactive": true, "resolved": true}
	// the UCUM codes the reader's units map to; a unit outside it is text only
	ucumCodes = map[string]bool{}
)

func init() {
	for _, c := range ucum {
		ucumCodes[c] = true
	}
}

// validate checks a bundle's JSON against the required elements and value
// sets of R4 for the resource types written, as a generic map so that it
// reads the JSON and not the Go types.
func validate(t *testing.T, data []byte) map[string]int {
	t.Helper()
	var b map[string]any
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if b["resourceType"] != "Bundle" || b["type"] != "collection" {
		t.Fatalf("not a collection Bundle: %v %v", b["resourceType"], b["type"])
	}
	counts := map[string]int{}
	entries, _ := b["entry"].([]any)
	patient := ""
	ids := map[string]bool{}
	for i, e := range entries {
		em := e.(map[string]any)
		url, _ := em["fullUrl"].(string)
		r, _ := em["resource"].(map[string]any)
		if r == nil || !strings.HasPrefix(url, "urn:uuid:") {
			t.Fatalf("entry %d: fullUrl %q, resource %v", i, url, r)
		}
		if ids[url] {
			t.Errorf("entry %d: fullUrl %s repeated", i, url)
		}
		ids[url] = true
		typ, _ := r["resourceType"].(string)
		counts[typ]++
		if id, _ := r["id"].(string); "urn:uuid:"+id != url {
			t.Errorf("entry %d: id %q does not match fullUrl %s", i, id, url)
		}
		code := func(key string) string {
			cc, _ := r[key].(map[string]any)
			cs, _ := cc["coding"].([]any)
			if len(cs) == 0 {
				return ""
			}
			c, _ := cs[0].(map[string]any)
			s, _ := c["code"].(string)
			return s
		}
		ref := func(key string) {
			m, _ := r[key].(map[string]any)
			if m == nil || m["reference"] != patient {
				t.Errorf("entry %d %s: %s is %v, want the patient %s", i, typ, key, r[key], patient)
			}
		}
		hasCode := func() {
			cc, _ := r["code"].(map[string]any)
			if cc == nil || cc["text"] == nil && cc["coding"] == nil {
				t.Errorf("entry %d %s: no code", i, typ)
			}
		}
		checkQuantity := func(q map[string]any) {
			if _, ok := q["value"].(float64); !ok {
				t.Errorf("entry %d %s: quantity value %v is not a number", i, typ, q["value"])
			}
			if sys, ok := q["system"]; ok && (sys != SystemUCUM || !ucumCodes[q["code"].(string)]) {
				t.Errorf("entry %d %s: quantity %v not in UCUM", i, typ, q)
			}
		}
		switch typ {
		case "Patient":
			patient = url
		case "Condition":
			ref("subject")
			hasCode()
			ver := code("verificationStatus")
			if !verCodes[ver] {
				t.Errorf("entry %d: verificationStatus %q", i, ver)
			}
			cl := code("clinicalStatus")
			if ver == "refuted" && cl != "" {
				t.Errorf("entry %d: a refuted condition with clinicalStatus %q", i, cl)
			}
			if ver != "refuted" && !clinicalCodes[cl] {
				t.Errorf("entry %d: clinicalStatus %q", i, cl)
			}
			cc := r["code"].(map[string]any)
			if cs, ok := cc["coding"].([]any); ok {
				c := cs[0].(map[string]any)
				if c["system"] != SystemICD10 || !icdShape(c["code"].(string)) {
					t.Errorf("entry %d: coding %v", i, c)
				}
			}
		case "Observation":
			ref("subject")
			hasCode()
			if !obsStatus[r["status"].(string)] {
				t.Errorf("entry %d: status %v", i, r["status"])
			}
			if q, ok := r["valueQuantity"].(map[string]any); ok {
				checkQuantity(q)
			} else if cs, ok := r["component"].([]any); ok && len(cs) == 2 {
				for _, c := range cs {
					checkQuantity(c.(map[string]any)["valueQuantity"].(map[string]any))
				}
			} else {
				t.Errorf("entry %d: an observation without a value", i)
			}
		case "MedicationStatement":
			ref("subject")
			if !medStatus[r["status"].(string)] {
				t.Errorf("entry %d: status %v", i, r["status"])
			}
			if r["medicationCodeableConcept"] == nil {
				t.Errorf("entry %d: no medication", i)
			}
		case "AllergyIntolerance":
			ref("patient")
			hasCode()
			if !allergyClinical[code("clinicalStatus")] {
				t.Errorf("entry %d: clinicalStatus %q", i, code("clinicalStatus"))
			}
			if rs, ok := r["reaction"].([]any); ok {
				for _, x := range rs {
					if ms, _ := x.(map[string]any)["manifestation"].([]any); len(ms) == 0 {
						t.Errorf("entry %d: a reaction without a manifestation", i)
					}
				}
			}
		default:
			t.Errorf("entry %d: unexpected resource type %q", i, typ)
		}
	}
	if counts["Patient"] != 1 {
		t.Errorf("%d patients, want 1", counts["Patient"])
	}
	return counts
}

func icdShape(s string) bool {
	if len(s) < 3 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	return !strings.ContainsAny(s, " ,") && (len(s) == 3 || s[3] == '.' && len(s) > 4 && len(s) <= 8)
}

func TestBundleGolden(t *testing.T) {
	text, err := os.ReadFile("../nlp/testdata/clinic_note.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Marshal(string(text), nlp.AnalyzeNote(string(text)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	counts := validate(t, got)
	for typ, min := range map[string]int{"Condition": 3, "Observation": 15, "MedicationStatement": 7, "AllergyIntolerance": 3} {
		if counts[typ] < min {
			t.Errorf("%d %s resources, want at least %d", counts[typ], typ, min)
		}
	}
	const golden = "testdata/clinic_note.bundle.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the bundle differs from %s; run go test ./fhir -args -update and review the diff", golden)
	}
}

// find returns the resources of a type in a note's bundle.
func find(t *testing.T, note, typ string) []Resource {
	t.Helper()
	data, err := Marshal(note, nlp.AnalyzeNote(note), Options{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, data)
	var out []Resource
	for _, e := range Bundle(note, nlp.AnalyzeNote(note), Options{}).Entry {
		if e.Resource.ResourceType == typ {
			out = append(out, e.Resource)
		}
	}
	return out
}

func coding(cc *CodeableConcept) string {
	if cc == nil || len(cc.Coding) == 0 {
		return ""
	}
	return cc.Coding[0].Code
}

func TestConditions(t *testing.T) {
	tests := []struct {
		name, note                string
		n                         int
		icd, verification, clinic string
	}{
		{"an affirmed finding is a confirmed active condition", "Cough today.", 1, "R05.9", "confirmed", "active"},
		{"a negated finding is refuted, with no clinical status", "Denies fever.", 1, "R50.9", "refuted", ""},
		{"a possible finding is unconfirmed", "Possible pneumonia.", 1, "J18.9", "unconfirmed", "active"},
		{"a historical finding is inactive", "History of asthma.", 1, "J45.909", "confirmed", "inactive"},
		{"a hypothetical finding is no condition", "Return if you develop chest pain.", 0, "", "", ""},
		{"a relative's finding is no condition of the patient", "Mother had breast cancer.", 0, "", "", ""},
		{"a concept without a code keeps its name as text", "Presyncope.", 1, "", "confirmed", "active"},
		{"an allergy's reaction is no condition", "Allergies: penicillin (rash).", 0, "", "", ""},
		{"an inline allergy's reaction is no condition", "She is allergic to penicillin (rash).", 0, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := find(t, tt.note, "Condition")
			if len(cs) != tt.n {
				t.Fatalf("%d conditions, want %d", len(cs), tt.n)
			}
			if tt.n == 0 {
				return
			}
			c := cs[0]
			if got := coding(c.Code); got != tt.icd || c.Code.Text == "" {
				t.Errorf("code %q (%q), want %q", got, c.Code.Text, tt.icd)
			}
			if got := coding(c.VerificationStatus); got != tt.verification {
				t.Errorf("verificationStatus %q, want %q", got, tt.verification)
			}
			if got := coding(c.ClinicalStatus); got != tt.clinic {
				t.Errorf("clinicalStatus %q, want %q", got, tt.clinic)
			}
		})
	}
}

func TestObservations(t *testing.T) {
	tests := []struct {
		name, note             string
		loinc, value, ucumCode string
		comparator, interp     string
	}{
		{"heart rate per minute", "HR 96", "8867-4", "96", "/min", "", ""},
		{"temperature in Celsius", "T 37.1°C", "8310-5", "37.1", "Cel", "", ""},
		{"temperature in Fahrenheit", "Temp 101.2 F", "8310-5", "101.2", "[degF]", "", ""},
		{"saturation in percent", "SpO2 91%", "59408-5", "91", "%", "", ""},
		{"weight in kilograms", "Weight 82 kg", "29463-7", "82", "kg", "", ""},
		{"a lab with its unit and high flag", "Cr 1.9 mg/dL (H)", "", "1.9", "mg/dL", "", "H"},
		{"a lab in mEq per litre", "K 3.1 mEq/L L", "", "3.1", "meq/L", "", "L"},
		{"a lab with a comparator", "Troponin <0.01 ng/mL", "", "0.01", "ng/mL", "<", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os := find(t, tt.note, "Observation")
			if len(os) != 1 {
				t.Fatalf("%d observations, want 1", len(os))
			}
			o := os[0]
			if got := coding(o.Code); got != tt.loinc {
				t.Errorf("code %q, want %q", got, tt.loinc)
			}
			q := o.ValueQuantity
			if q == nil || string(q.Value) != tt.value || q.Code != tt.ucumCode || q.System != SystemUCUM || q.Comparator != tt.comparator {
				t.Errorf("value %+v, want %s %s %s", q, tt.comparator, tt.value, tt.ucumCode)
			}
			if got := ""; len(o.Interpretation) > 0 {
				got = coding(&o.Interpretation[0])
				if got != tt.interp {
					t.Errorf("interpretation %q, want %q", got, tt.interp)
				}
			} else if tt.interp != "" {
				t.Errorf("no interpretation, want %q", tt.interp)
			}
		})
	}
	t.Run("blood pressure as systolic and diastolic components in mm[Hg]", func(t *testing.T) {
		os := find(t, "BP 148/92 mmHg", "Observation")
		if len(os) != 1 || len(os[0].Component) != 2 || coding(os[0].Code) != "85354-9" {
			t.Fatalf("got %+v", os)
		}
		for i, want := range []string{"148", "92"} {
			c := os[0].Component[i]
			if string(c.ValueQuantity.Value) != want || c.ValueQuantity.Code != "mm[Hg]" {
				t.Errorf("component %d = %+v", i, c.ValueQuantity)
			}
		}
	})
}

func TestMedicationStatements(t *testing.T) {
	ms := find(t, "MEDICATIONS:\nAlbuterol 2 puffs inhaled q4-6h prn\nLasix 40 mg PO BID\n", "MedicationStatement")
	if len(ms) != 2 {
		t.Fatalf("%d statements, want 2", len(ms))
	}
	a, l := ms[0], ms[1]
	if a.Status != "active" || a.Medication.Text != "albuterol" || !a.Dosage[0].AsNeeded || a.Dosage[0].Timing.Code.Text != "Q4-6H" || a.Dosage[0].Route.Text != "INH" {
		t.Errorf("albuterol %+v", a.Dosage[0])
	}
	if q := l.Dosage[0].DoseAndRate[0].DoseQuantity; l.Medication.Text != "furosemide" || q == nil || q.Value != "40" || q.Code != "mg" {
		t.Errorf("furosemide %+v", l.Dosage[0])
	}
	if ms := find(t, "He was given IV furosemide.", "MedicationStatement"); len(ms) != 1 || ms[0].Status != "unknown" {
		t.Errorf("a drug outside a medication list: %+v", ms)
	}
}

func TestAllergyIntolerances(t *testing.T) {
	as := find(t, "Allergies: Penicillin (rash). NKDA to anything else? No: NKDA.", "AllergyIntolerance")
	if len(as) < 2 {
		t.Fatalf("%d allergies", len(as))
	}
	if as[0].Code.Text != "penicillin" || len(as[0].Reaction) != 1 || as[0].Reaction[0].Manifestation[0].Text != "rash" {
		t.Errorf("penicillin %+v", as[0])
	}
	if coding(as[1].Code) != "409137002" || as[1].Code.Coding[0].System != SystemSNOMED {
		t.Errorf("NKDA %+v", as[1].Code)
	}
}

func TestQuantity(t *testing.T) {
	for _, tc := range []struct{ in, value, comp string }{
		{"1,250", "1250", ""}, {".5", "0.5", ""}, {"007", "7", ""}, {"≥ 60", "60", ">="}, {"abc", "", ""}, {"", "", ""},
	} {
		q := quantity(tc.in, "mg")
		if tc.value == "" {
			if q != nil {
				t.Errorf("quantity(%q) = %+v, want none", tc.in, q)
			}
			continue
		}
		if q == nil || string(q.Value) != tc.value || q.Comparator != tc.comp {
			t.Errorf("quantity(%q) = %+v, want %s%s", tc.in, q, tc.comp, tc.value)
		}
	}
}

func FuzzBundle(f *testing.F) {
	for _, s := range []string{"BP 148/92, HR 96. Denies fever.", "Allergies: PCN (rash)", "Aspirin 81 mg PO daily", "Na 131 (L)", "体温 37.5℃", "K 007", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		data, err := Marshal(s, nlp.AnalyzeNote(s), Options{})
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		validate(t, data)
	})
}

// plainNumber is the regexp it replaced, -?(0|[1-9][0-9]*)(\.[0-9]+)?,
// checked against that regexp on a table and by fuzzing.
var plainNumberRE = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$`)

func TestPlainNumberIsTheJSONNumberWithoutExponent(t *testing.T) {
	for _, tc := range []struct {
		name, v string
	}{
		{"a whole number", "140"}, {"a decimal", "37.5"}, {"a negative", "-2.25"}, {"zero", "0"},
		{"a leading zero", "007"}, {"an exponent", "1e3"}, {"a trailing dot", "5."}, {"a bare dot", ".5"},
		{"a sign alone", "-"}, {"empty", ""}, {"two dots", "1.2.3"}, {"a plus sign", "+1"}, {"zero point five", "0.5"},
		{"minus zero", "-0"}, {"letters", "abc"}, {"a space", "1 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := plainNumber(tc.v), plainNumberRE.MatchString(tc.v); got != want {
				t.Errorf("plainNumber(%q) = %v, the pattern says %v", tc.v, got, want)
			}
		})
	}
}

func FuzzPlainNumber(f *testing.F) {
	for _, s := range []string{"140", "-0.5", "007", "1e3", "", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if got, want := plainNumber(v), plainNumberRE.MatchString(v); got != want {
			t.Fatalf("plainNumber(%q) = %v, the pattern says %v", v, got, want)
		}
	})
}
