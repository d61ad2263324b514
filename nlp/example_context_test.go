package nlp_test

import (
	"encoding/json"
	"fmt"

	"github.com/bedside-health/bedside/nlp"
)

func ExampleAnalyzeNote() {
	note := "HPI: Denies fever or chills. Possible pneumonia.\nFAMILY HISTORY: Mother with diabetes."
	n := nlp.AnalyzeNote(note)
	for _, s := range n.Sections {
		fmt.Printf("section %s %q\n", s.Name, s.Title)
	}
	for _, f := range n.Findings {
		fmt.Printf("%s [%d,%d) %s %s %s %s\n", f.Text, f.Start, f.End, f.Negation, f.Temporality, f.Experiencer, f.Section)
	}
	// Output:
	// section history_of_present_illness "HPI"
	// section family_history "FAMILY HISTORY"
	// fever [12,17) negated recent patient history_of_present_illness
	// chills [21,27) negated recent patient history_of_present_illness
	// pneumonia [38,47) possible recent patient history_of_present_illness
	// diabetes [77,85) affirmed historical other family_history
}

func ExampleAssert() {
	f, err := nlp.Assert("She has a history of asthma but denies wheezing.", "wheezing")
	fmt.Println(f.Negation, f.Temporality, f.Experiencer, err)
	f, _ = nlp.Assert("Her mother had breast cancer at age 45.", "breast cancer")
	fmt.Println(f.Negation, f.Temporality, f.Experiencer)
	f, _ = nlp.Assert("Return to the ED if you develop chest pain.", "Chest Pain")
	fmt.Println(f.Negation, f.Temporality, f.Experiencer)
	// Output:
	// negated recent patient <nil>
	// affirmed historical other
	// affirmed hypothetical patient
}

func ExampleNote_json() {
	b, _ := json.Marshal(nlp.AnalyzeNote("No rash."))
	fmt.Println(string(b))
	// Output:
	// {"sections":[],"findings":[{"text":"rash","start":3,"end":7,"byte_start":3,"byte_end":7,"concept":"rash","negation":"negated","temporality":"recent","experiencer":"patient","triggers":[{"text":"No","start":0,"end":2,"byte_start":0,"byte_end":2,"class":"negation","value":"negated","source":"phrase"}]}],"medications":[],"vitals":[],"labs":[],"allergies":[]}
}
