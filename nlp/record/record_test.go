package record

import (
	"encoding/json"
	"testing"
)

// The app decodes these records from the worker's JSON and the public
// window.bedside.context API returns them: their names are a contract.
func TestJSONNames(t *testing.T) {
	sp := Span{Text: "fever", Start: 1, End: 6, ByteStart: 1, ByteEnd: 6}
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"a finding with its trigger", Finding{Span: sp, Concept: "fever", Negation: Negated, Temporality: Recent, Experiencer: Patient,
			Triggers: []Trigger{{Span: sp, Class: "negation", Value: Negated, Source: SourceSelf}}},
			`{"text":"fever","start":1,"end":6,"byte_start":1,"byte_end":6,"concept":"fever","negation":"negated","temporality":"recent","experiencer":"patient",` +
				`"triggers":[{"text":"fever","start":1,"end":6,"byte_start":1,"byte_end":6,"class":"negation","value":"negated","source":"self"}]}`},
		{"a medication without dose", Medication{Span: sp, Name: "furosemide"}, `{"text":"fever","start":1,"end":6,"byte_start":1,"byte_end":6,"name":"furosemide"}`},
		{"a vital sign with an inferred unit", Vital{Name: "temp", Value: "38", Unit: "Cel", UnitInferred: true},
			`{"text":"","start":0,"end":0,"byte_start":0,"byte_end":0,"name":"temp","value":"38","unit":"Cel","unit_inferred":true}`},
		{"a flagged lab", Lab{Name: "potassium", Value: "5.8", Flag: "H", Section: "labs"},
			`{"text":"","start":0,"end":0,"byte_start":0,"byte_end":0,"name":"potassium","value":"5.8","flag":"H","section":"labs"}`},
		{"no known allergies", Allergy{NKDA: true}, `{"text":"","start":0,"end":0,"byte_start":0,"byte_end":0,"nkda":true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.v)
			if err != nil || string(b) != tc.want {
				t.Errorf("got %s (%v)\nwant %s", b, err, tc.want)
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"English is en", "No fever, mild cough.", "en"},
		{"Chinese is zh", "患者发热三天", "zh"},
		{"a Chinese note with a drug's English name stays zh", "服用 aspirin 后头痛", "zh"},
		{"an English note quoting a Chinese name stays en", "Patient Mr 王 reports chest pain since morning", "en"},
		{"empty text is en", "", "en"},
		{"invalid UTF-8 is en", "\xff\xfe", "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Language(tc.text); got != tc.want {
				t.Errorf("Language(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}
