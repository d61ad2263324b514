package nlp

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMedications(t *testing.T) {
	type med struct{ text, name, dose, unit, route, freq string }
	tests := []struct {
		name, note string
		want       []med
	}{
		{"a full prescription line", "Aspirin 81 mg PO daily", []med{{"Aspirin 81 mg PO daily", "aspirin", "81", "mg", "PO", "QD"}}},
		{"a brand name gives the generic", "Lasix 40mg IV BID", []med{{"Lasix 40mg IV BID", "furosemide", "40", "mg", "IV", "BID"}}},
		{"words for route and frequency", "Metoprolol tartrate 25 mg by mouth twice daily", []med{{"Metoprolol tartrate 25 mg by mouth twice daily", "metoprolol", "25", "mg", "PO", "BID"}}},
		{"an interval with as needed", "Albuterol 2 puffs inhaled q4-6h prn wheezing", []med{{"Albuterol 2 puffs inhaled q4-6h prn", "albuterol", "2", "puff", "INH", "Q4-6H PRN"}}},
		{"the longest name wins", "Insulin glargine 20 units SC qhs", []med{{"Insulin glargine 20 units SC qhs", "insulin glargine", "20", "units", "SC", "QHS"}}},
		{"a route written before the name", "He was given IV furosemide.", []med{{"IV furosemide", "furosemide", "", "", "IV", ""}}},
		{"a name alone is still a medication", "Atrial fibrillation, on warfarin.", []med{{"warfarin", "warfarin", "", "", "", ""}}},
		{"an unlisted drug with dose and frequency", "Xylofen 10 mg PO daily", []med{{"Xylofen 10 mg PO daily", "xylofen", "10", "mg", "PO", "QD"}}},
		{"an unlisted word with a dose alone is no drug", "Received 40 mg in the ED.", nil},
		{"prn is not read as a rectal route", "Tylenol 650 mg prn", []med{{"Tylenol 650 mg prn", "acetaminophen", "650", "mg", "", "PRN"}}},
		{"a thousands separator in the dose", "Vancomycin 1,250 mg IV q12h", []med{{"Vancomycin 1,250 mg IV q12h", "vancomycin", "1,250", "mg", "IV", "Q12H"}}},
		{"a drug in an allergy list is not prescribed", "Allergies: penicillin (rash).", nil},
		{"Chinese dose and Latin frequency", "阿司匹林 100mg qd", []med{{"阿司匹林 100mg qd", "aspirin", "100", "mg", "", "QD"}}},
		{"Chinese route and frequency", "美托洛尔 25mg 口服 每日两次", []med{{"美托洛尔 25mg 口服 每日两次", "metoprolol", "25", "mg", "PO", "BID"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := AnalyzeNote(tt.note)
			var got []med
			for _, m := range n.Medications {
				got = append(got, med{m.Text, m.Name, m.Dose, m.Unit, m.Route, m.Frequency})
			}
			if !equalSlices(got, tt.want) {
				t.Errorf("medications %+v, want %+v", got, tt.want)
			}
			checkMentions(t, tt.note, n)
		})
	}
}

func TestVitals(t *testing.T) {
	type vital struct {
		text, name, value, unit string
		inferred                bool
	}
	tests := []struct {
		name, note string
		want       []vital
	}{
		{"a vitals line with single-letter labels", "T 37.1°C, BP 148/92, HR 96, RR 22, SpO2 91% on room air.", []vital{
			{"T 37.1°C", "temp", "37.1", "Cel", false}, {"BP 148/92", "bp", "148/92", "mmHg", true},
			{"HR 96", "hr", "96", "/min", true}, {"RR 22", "rr", "22", "/min", true}, {"SpO2 91% on room air", "spo2", "91", "%", false}}},
		{"words for labels and units", "Blood pressure was 120/80 mmHg and heart rate 72 bpm.", []vital{
			{"Blood pressure was 120/80 mmHg", "bp", "120/80", "mmHg", false}, {"heart rate 72 bpm", "hr", "72", "/min", false}}},
		{"a Fahrenheit temperature without a unit", "Tmax 101.3, pulse 110.", []vital{
			{"Tmax 101.3", "temp", "101.3", "[degF]", true}, {"pulse 110", "hr", "110", "/min", true}}},
		{"a saturation with its oxygen", "Saturating 94% on 2L NC.", []vital{{"94% on 2L", "spo2", "94", "%", false}}},
		{"a labelled saturation on room air", "SpO2 91% on RA.", []vital{{"SpO2 91% on RA", "spo2", "91", "%", false}}},
		{"weight and height with units", "Weight 82.5 kg, height 178 cm.", []vital{
			{"Weight 82.5 kg", "weight", "82.5", "kg", false}, {"height 178 cm", "height", "178", "cm", false}}},
		{"pounds", "Wt 180 lbs", []vital{{"Wt 180 lbs", "weight", "180", "[lb_av]", false}}},
		{"a heart rate named by its rhythm", "He was tachycardic to 131.", []vital{{"tachycardic to 131", "hr", "131", "/min", true}}},
		{"a value out of range is no vital sign", "T 12 vertebra, HR 900.", nil},
		{"a diastolic above the systolic is no blood pressure", "BP 80/120", nil},
		{"Chinese vitals", "体温 37.5℃，心率 88次/分，血压 140/90mmHg，呼吸 18次/分。", []vital{
			{"体温 37.5℃", "temp", "37.5", "Cel", false}, {"心率 88次/分", "hr", "88", "/min", false},
			{"血压 140/90mmHg", "bp", "140/90", "mmHg", false}, {"呼吸 18次/分", "rr", "18", "/min", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := AnalyzeNote(tt.note)
			var got []vital
			for _, v := range n.Vitals {
				got = append(got, vital{v.Text, v.Name, v.Value, v.Unit, v.UnitInferred})
			}
			if !equalSlices(got, tt.want) {
				t.Errorf("vitals %+v, want %+v", got, tt.want)
			}
			checkMentions(t, tt.note, n)
		})
	}
}

func TestLabs(t *testing.T) {
	type lab struct{ text, name, value, unit, flag string }
	tests := []struct {
		name, note string
		want       []lab
	}{
		{"a chemistry line with flags", "Na 131 (L), K 5.8 H, Cr 1.9 mg/dL.", []lab{
			{"Na 131 (L)", "sodium", "131", "", "L"}, {"K 5.8 H", "potassium", "5.8", "", "H"}, {"Cr 1.9 mg/dL", "creatinine", "1.9", "mg/dL", ""}}},
		{"a count with its unit and flag", "WBC 14.2 K/uL (H), Hgb 9.8 g/dL L", []lab{
			{"WBC 14.2 K/uL (H)", "wbc", "14.2", "10*3/uL", "H"}, {"Hgb 9.8 g/dL L", "hemoglobin", "9.8", "g/dL", "L"}}},
		{"a comparator belongs to the value", "Troponin <0.01 ng/mL.", []lab{{"Troponin <0.01 ng/mL", "troponin", "<0.01", "ng/mL", ""}}},
		{"a linking word before the value", "Her potassium was 3.1 mmol/L and hemoglobin A1c of 8.2%.", []lab{
			{"potassium was 3.1 mmol/L", "potassium", "3.1", "mmol/L", ""}, {"hemoglobin A1c of 8.2%", "hba1c", "8.2", "%", ""}}},
		{"a flag letter that starts a word is no flag", "Hgb 10.2 Lungs clear", []lab{{"Hgb 10.2", "hemoglobin", "10.2", "", ""}}},
		{"the units mg and pt are not magnesium and prothrombin time", "aspirin 81 mg 2 tablets, pt 2 visits", []lab(nil)},
		{"a lab name without a number is no result", "Troponins were negative.", nil},
		{"strength grades are not potassium", "K 4/5 strength", nil},
		{"a trend verb before the value", "Creatinine rose to 2.1 mg/dL.", []lab{{"Creatinine rose to 2.1 mg/dL", "creatinine", "2.1", "mg/dL", ""}}},
		{"a goal range is no result", "Goal hemoglobin 7-9, INR 2-3.", nil},
		{"a condition is no result", "Replete potassium if K < 3.5.", nil},
		{"Chinese labs with arrows", "肌钙蛋白I 2.3ng/mL↑，血钾 3.2mmol/L↓", []lab{
			{"肌钙蛋白I 2.3ng/mL↑", "troponin", "2.3", "ng/mL", "H"}, {"血钾 3.2mmol/L↓", "potassium", "3.2", "mmol/L", "L"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := AnalyzeNote(tt.note)
			var got []lab
			for _, l := range n.Labs {
				got = append(got, lab{l.Text, l.Name, l.Value, l.Unit, l.Flag})
			}
			if !equalSlices(got, tt.want) {
				t.Errorf("labs %+v, want %+v", got, tt.want)
			}
			checkMentions(t, tt.note, n)
		})
	}
}

func TestAllergies(t *testing.T) {
	type allergy struct {
		text, substance, reaction string
		nkda                      bool
	}
	tests := []struct {
		name, note string
		want       []allergy
	}{
		{"a section list with reactions in brackets and after separators", "ALLERGIES: Penicillin (rash), sulfa - hives, codeine: nausea and vomiting.", []allergy{
			{"Penicillin (rash)", "penicillin", "rash", false}, {"sulfa - hives", "sulfa", "hives", false}, {"codeine: nausea and vomiting", "codeine", "nausea and vomiting", false}}},
		{"a bulleted section list", "Allergies:\n- PCN\n- Latex (hives)\n", []allergy{
			{"PCN", "penicillin", "", false}, {"Latex (hives)", "latex", "hives", false}}},
		{"allergic to in a sentence", "She is allergic to shellfish and iodine.", []allergy{
			{"shellfish", "shellfish", "", false}, {"iodine", "iodine", "", false}}},
		{"an allergy named by its substance", "History of sulfa allergy.", []allergy{{"sulfa allergy", "sulfa", "", false}}},
		{"no known drug allergies", "Allergies: NKDA.", []allergy{{"NKDA", "", "", true}}},
		{"no known allergies written out", "No known drug allergies.", []allergy{{"No known drug allergies", "", "", true}}},
		{"seasonal allergies name no substance", "Seasonal allergies.", nil},
		{"a unit at a line end is no allergen of the next heading", "Wt 80 kg\n\nAllergies: none", nil},
		{"Chinese allergy with reaction", "过敏史：青霉素（皮疹）。", []allergy{{"青霉素（皮疹）", "penicillin", "皮疹", false}}},
		{"Chinese allergy to a drug", "对头孢曲松过敏。", []allergy{{"头孢曲松过敏", "ceftriaxone", "", false}}},
		{"Chinese denial of allergies", "否认药物过敏史。", []allergy{{"否认药物过敏史", "", "", true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := AnalyzeNote(tt.note)
			var got []allergy
			for _, a := range n.Allergies {
				got = append(got, allergy{a.Text, a.Substance, a.Reaction, a.NKDA})
			}
			if !equalSlices(got, tt.want) {
				t.Errorf("allergies %+v, want %+v", got, tt.want)
			}
			checkMentions(t, tt.note, n)
		})
	}
}

// Words inside a measurement are not findings: RA is room air there.
func TestMeasurementWordsAreNotFindings(t *testing.T) {
	n := AnalyzeNote("SpO2 91% on RA. History of RA.")
	var got []string
	for _, f := range n.Findings {
		got = append(got, f.Text+"@"+f.Concept)
	}
	if len(got) != 1 || got[0] != "RA@arthritis" || n.Findings[0].Start != 27 {
		t.Errorf("findings %q, want only the RA of the history", got)
	}
}

// A reaction listed under allergies is what a drug once did, not a finding
// of this visit.
func TestAllergyReactionsAreNotPresentFindings(t *testing.T) {
	for _, note := range []string{
		"ALLERGIES: Penicillin (rash).",
		"Allergies:\nPenicillin (rash)",
		"The patient is allergic to penicillin (rash).",
		"过敏史：青霉素（皮疹）。",
	} {
		t.Run(note, func(t *testing.T) {
			n := AnalyzeNote(note)
			found := false
			for _, f := range n.Findings {
				if f.Concept == "rash" {
					found = true
					if f.Temporality == Recent && f.Negation == Affirmed {
						t.Errorf("rash read as present and recent: %+v", f)
					}
				}
			}
			if !found {
				t.Errorf("no rash finding in %+v", n.Findings)
			}
		})
	}
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkMentions holds every extracted mention to its offsets: in range,
// the rune offsets agreeing with the byte ones, the text the span's, and
// each kind in increasing, non-overlapping order.
func checkMentions(t *testing.T, text string, n Note) {
	t.Helper()
	check := func(kind string, ss []Span) {
		prev := -1
		for _, s := range ss {
			if s.ByteStart < 0 || s.ByteStart >= s.ByteEnd || s.ByteEnd > len(text) {
				t.Fatalf("%s %+v: bytes out of range of %d", kind, s, len(text))
			}
			if s.ByteStart < prev {
				t.Errorf("%s %+v starts before the previous one ends (%d)", kind, s, prev)
			}
			prev = s.ByteEnd
			if s.Text != text[s.ByteStart:s.ByteEnd] {
				t.Errorf("%s text %q, the span holds %q", kind, s.Text, text[s.ByteStart:s.ByteEnd])
			}
			if s.Start != utf8.RuneCountInString(text[:s.ByteStart]) || s.End != utf8.RuneCountInString(text[:s.ByteEnd]) {
				t.Errorf("%s %+v: rune offsets disagree with byte offsets", kind, s)
			}
		}
	}
	var ss []Span
	for _, m := range n.Medications {
		ss = append(ss, m.Span)
	}
	check("medication", ss)
	ss = ss[:0]
	for _, v := range n.Vitals {
		ss = append(ss, v.Span)
	}
	check("vital", ss)
	ss = ss[:0]
	for _, l := range n.Labs {
		ss = append(ss, l.Span)
	}
	check("lab", ss)
	ss = ss[:0]
	for _, a := range n.Allergies {
		ss = append(ss, a.Span)
	}
	check("allergy", ss)
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Aspirin 81 mg PO daily", "BP 148/92 mmHg HR 96", "Na 131 (L), K 5.8 H", "ALLERGIES: Penicillin (rash), sulfa - hives",
		"过敏史：青霉素（皮疹）", "阿司匹林 100mg qd", "体温 37.5℃，血压 140/90mmHg", "Allergies: (((,", "K 4.1\xff H", "T 37\u00a0C",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := AnalyzeNote(s)
		if n.Medications == nil || n.Vitals == nil || n.Labs == nil || n.Allergies == nil {
			t.Fatalf("a nil list would marshal as null: %+v", n)
		}
		if !utf8.ValidString(s) {
			return // rune offsets count one per bad byte; the byte checks below still hold
		}
		checkMentions(t, s, n)
	})
}

// TestClinicNoteGolden pins medications, vital signs, labs and allergies
// of a clinic note written for this purpose. Review the diff by eye
// before running with -update.
func TestClinicNoteGolden(t *testing.T) {
	for _, name := range []string{"clinic_note", "zh_clinic_note"} {
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile("testdata/" + name + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			n := AnalyzeNote(string(text))
			checkMentions(t, string(text), n)
			got, err := json.MarshalIndent(n, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := "testdata/" + name + ".golden.json"
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
				t.Errorf("AnalyzeNote(%s.txt) differs from %s; run go test -run TestClinicNoteGolden ./nlp -args -update and review the diff", name, golden)
			}
		})
	}
}

var _ = strings.TrimSpace
