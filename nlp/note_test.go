package nlp

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestAnalyzeNoteGolden pins the whole analysis of a discharge summary.
// Review the diff by eye before running with -update.
func TestAnalyzeNoteGolden(t *testing.T) {
	text, err := os.ReadFile("testdata/discharge_note.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(AnalyzeNote(string(text)), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const golden = "testdata/discharge_note.golden.json"
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
		t.Errorf("AnalyzeNote(%s) differs from %s; run go test -run TestAnalyzeNoteGolden -update ./nlp and review the diff", "discharge_note.txt", golden)
	}
}

func TestAnalyzeNote(t *testing.T) {
	type want struct{ text, concept, neg, temp, exp, section string }
	tests := []struct {
		name, note string
		want       []want
	}{
		{"findings inherit the family history section", "FAMILY HISTORY:\nDiabetes and hypertension.",
			[]want{{"Diabetes", "diabetes mellitus", Affirmed, Historical, Other, "family_history"}, {"hypertension", "hypertension", Affirmed, Historical, Other, "family_history"}}},
		{"past medical history is historical", "Past Medical History\nAsthma.",
			[]want{{"Asthma", "asthma", Affirmed, Historical, Patient, "past_medical_history"}}},
		{"discharge instructions are hypothetical", "Discharge Instructions:\nWatch your weight. Chest pain needs attention.",
			[]want{{"Chest pain", "chest pain", Affirmed, Hypothetical, Patient, "discharge_instructions"}}},
		{"a trigger overrides the section default", "HOSPITAL COURSE: Her fever resolved. No rash.",
			[]want{{"fever", "fever", Affirmed, Recent, Patient, "hospital_course"}, {"rash", "rash", Negated, Recent, Patient, "hospital_course"}}},
		{"an inline heading splits a sentence", "Cough for 2 days. ASSESSMENT: pneumonia",
			[]want{{"Cough", "cough", Affirmed, Recent, Patient, ""}, {"pneumonia", "pneumonia", Affirmed, Recent, Patient, "assessment_and_plan"}}},
		{"self-negating words are negated findings", "She is afebrile and anicteric.",
			[]want{{"afebrile", "fever", Negated, Recent, Patient, ""}, {"anicteric", "jaundice", Negated, Recent, Patient, ""}}},
		{"plurals and hyphens are folded", "Denies chest-pains and fevers.",
			[]want{{"chest-pains", "chest pain", Negated, Recent, Patient, ""}, {"fevers", "fever", Negated, Recent, Patient, ""}}},
		{"the longest lexicon entry wins", "Severe shortness of breath.",
			[]want{{"shortness of breath", "shortness of breath", Affirmed, Recent, Patient, ""}}},
		{"text without findings gives none", "Seen and examined. Plan discussed.", nil},
		{"empty text gives none", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := AnalyzeNote(tt.note)
			var got []want
			for _, f := range n.Findings {
				got = append(got, want{f.Text, f.Concept, f.Negation, f.Temporality, f.Experiencer, f.Section})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("findings %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("finding %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
			checkFindings(t, tt.note, n)
		})
	}
}

func TestSections(t *testing.T) {
	tests := []struct {
		name, note string
		want       []string // name:title
	}{
		{"headings with colons in capitals", "CHIEF COMPLAINT: cough\nHISTORY OF PRESENT ILLNESS: two days", []string{"chief_complaint:CHIEF COMPLAINT", "history_of_present_illness:HISTORY OF PRESENT ILLNESS"}},
		{"known headings in title case without colons", "Past Medical History\nAsthma\nFamily History\nNone", []string{"past_medical_history:Past Medical History", "family_history:Family History"}},
		{"abbreviated headings", "HPI: cough. PMH: asthma. FH: none.", []string{"history_of_present_illness:HPI", "past_medical_history:PMH", "family_history:FH"}},
		{"inline headings after a sentence end", "PREOPERATIVE DIAGNOSIS: Angina. PROCEDURE: Catheterization.", []string{"preoperative_diagnosis:PREOPERATIVE DIAGNOSIS", "procedures:PROCEDURE"}},
		{"the mtsamples colon-comma quirk", "SUBJECTIVE:, The patient is well.", []string{"history_of_present_illness:SUBJECTIVE"}},
		{"exam sub-headings stay in the exam", "PHYSICAL EXAM:\nHEENT: normal\nNeck: supple\nLungs: clear", []string{"physical_exam:PHYSICAL EXAM"}},
		{"an ordinary sentence with a colon is no heading", "Fever: none. The plan was: rest.", nil},
		{"a capitalised sentence is no heading", "The patient: doing well", nil},
		{"a negated all-caps line is no heading", "NO ACUTE DISTRESS\nok", nil},
		{"a trigger in capitals is no heading", "DENIES: fever, chills.", nil},
		{"a finding in capitals is no heading", "CHEST PAIN: none.\nFEVER: no", nil},
		{"assessment and plan variants", "Assessment and Plan:\n1. CHF\nA/P: stable", []string{"assessment_and_plan:Assessment and Plan", "assessment_and_plan:A/P"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range DefaultEngine().Sections(tt.note) {
				got = append(got, s.Name+":"+s.Title)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sections %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSectionSpansCoverTheirBodies(t *testing.T) {
	note := "HPI: cough.\n\nPMH:\nasthma"
	ss := DefaultEngine().Sections(note)
	if len(ss) != 2 {
		t.Fatalf("got %d sections", len(ss))
	}
	if got := note[ss[0].ByteStart:ss[0].ByteEnd]; got != "HPI: cough." {
		t.Errorf("first section %q", got)
	}
	if got := note[ss[1].BodyByteStart:ss[1].ByteEnd]; got != "asthma" {
		t.Errorf("second body %q", got)
	}
}

func TestAssert(t *testing.T) {
	tests := []struct {
		name, sentence, concept, text string
		neg, temp, exp                string
		partial, missing              bool
	}{
		{"the concept is found case-insensitively", "Denies CHEST PAIN.", "chest pain", "CHEST PAIN", Negated, Recent, Patient, false, false},
		{"extra spaces and line breaks are tolerated", "No chest\n   pain today.", "chest  pain", "chest\n   pain", Negated, Recent, Patient, false, false},
		{"plural and hyphen variants are found", "No chest-pains.", "chest pain", "chest-pains", Negated, Recent, Patient, false, false},
		{"a synonym stands in and is flagged", "He is afebrile.", "fever", "afebrile", Negated, Recent, Patient, true, false},
		{"a missing concept is decided from the sentence", "The patient denies fever.", "xyzzy", "", Negated, Recent, Patient, false, true},
		{"the concept's own words are no trigger", "Negative pressure wound therapy was continued.", "negative pressure wound therapy", "Negative pressure wound therapy", Affirmed, Recent, Patient, false, false},
		{"a leading heading gives its defaults", "FAMILY HISTORY: Mother with diabetes.", "diabetes", "diabetes", Affirmed, Historical, Other, false, false},
		{"the first mention is used", "Cough improved; no cough at night.", "cough", "Cough", Affirmed, Recent, Patient, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Assert(tt.sentence, tt.concept)
			var ce *ConceptError
			if (err != nil) != (tt.partial || tt.missing) {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				ce = err.(*ConceptError)
				if ce.Partial != tt.partial {
					t.Errorf("Partial = %v, want %v", ce.Partial, tt.partial)
				}
			}
			if f.Text != tt.text || f.Negation != tt.neg || f.Temporality != tt.temp || f.Experiencer != tt.exp {
				t.Errorf("got %q %s/%s/%s, want %q %s/%s/%s", f.Text, f.Negation, f.Temporality, f.Experiencer, tt.text, tt.neg, tt.temp, tt.exp)
			}
			if f.Text != "" && tt.sentence[f.ByteStart:f.ByteEnd] != f.Text {
				t.Errorf("offsets [%d,%d) do not point at %q", f.ByteStart, f.ByteEnd, f.Text)
			}
		})
	}
}

func TestNewEngineReportsBadLexicons(t *testing.T) {
	base := map[string]string{}
	for _, name := range []string{"negation.tsv", "temporality.tsv", "experiencer.tsv", "terminators.tsv", "findings.tsv", "sections.tsv", "section_defaults.tsv"} {
		b, err := readFS(LexiconFS(), name)
		if err != nil {
			t.Fatal(err)
		}
		base[name] = string(b)
	}
	tests := []struct{ name, file, add, want string }{
		{"an unknown value names its file and line", "negation.tsv", "maybe\tperhaps\tforward\n", "negation.tsv line"},
		{"an unknown direction is rejected", "temporality.tsv", "before\thistorical\tsideways\n", "sideways"},
		{"an undefined macro is rejected", "experiencer.tsv", "<kin> said\tpseudo\n", "<kin>"},
		{"a bad window is rejected", "negation.tsv", "nix\tnegated\tforward\tfew\n", "window"},
		{"an unknown terminator class is rejected", "terminators.tsv", "but\tsome\n", "class"},
		{"a bad section default is rejected", "section_defaults.tsv", "plan\tsoon\t-\n", "soon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := copyMap(base)
			fsys[tt.file] = base[tt.file] + tt.add
			_, err := NewEngine(fsys.FS())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	t.Run("an extended lexicon takes effect", func(t *testing.T) {
		fsys := copyMap(base)
		fsys["negation.tsv"] += "nix\tnegated\tforward\n"
		e, err := NewEngine(fsys.FS())
		if err != nil {
			t.Fatal(err)
		}
		if f, _ := e.Assert("Nix fever.", "fever"); f.Negation != Negated {
			t.Fatalf("negation %s", f.Negation)
		}
	})
}

// checkFindings verifies offsets of a note's findings and sections.
func checkFindings(t *testing.T, text string, n Note) {
	t.Helper()
	prev, runes := 0, 0 // runes counts text[:prev], kept incrementally
	valid := utf8.ValidString(text)
	for _, f := range n.Findings {
		if f.ByteStart < prev || f.ByteEnd <= f.ByteStart || f.ByteEnd > len(text) || text[f.ByteStart:f.ByteEnd] != f.Text {
			t.Fatalf("finding %q at [%d,%d) out of order or not in the text", f.Text, f.ByteStart, f.ByteEnd)
		}
		runes += utf8.RuneCountInString(text[prev:f.ByteStart])
		if valid && f.Start != runes {
			t.Fatalf("finding %q rune start %d, want %d", f.Text, f.Start, runes)
		}
		checkValues(t, f)
		prev = f.ByteStart
	}
	prev = 0
	for _, s := range n.Sections {
		if s.ByteStart < prev || s.ByteEnd < s.ByteStart || s.ByteEnd > len(text) || s.BodyByteStart < s.ByteStart || s.BodyByteStart > s.ByteEnd {
			t.Fatalf("section %+v out of order or outside the text", s)
		}
		prev = s.ByteEnd
	}
}

func checkValues(t *testing.T, f Finding) {
	t.Helper()
	if f.Negation != Affirmed && f.Negation != Negated && f.Negation != Possible ||
		f.Temporality != Recent && f.Temporality != Historical && f.Temporality != Hypothetical ||
		f.Experiencer != Patient && f.Experiencer != Other {
		t.Fatalf("finding %q has values %s/%s/%s", f.Text, f.Negation, f.Temporality, f.Experiencer)
	}
}

func FuzzAnalyzeNote(f *testing.F) {
	b, _ := os.ReadFile("testdata/discharge_note.txt")
	f.Add(string(b))
	for _, s := range []string{"", "HPI:", "No fever, chills, or", "FAMILY HISTORY: mother\n\nPMH", "\xff no \xfe fever", "if if if no no denies", ":,:,", "2 weeks history of"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzLen {
			t.Skip("long inputs are TestHugeInputs' job; here they only slow the search")
		}
		checkFindings(t, s, AnalyzeNote(s))
	})
}

func FuzzAssert(f *testing.F) {
	f.Add("Denies chest pain.", "chest pain")
	f.Add("FH: mother with DM", "dm")
	f.Add("", "")
	f.Add("no \xff fever", "\xff")
	f.Fuzz(func(t *testing.T, sentence, concept string) {
		if len(sentence)+len(concept) > maxFuzzLen {
			t.Skip("long inputs are TestHugeInputs' job")
		}
		fd, _ := Assert(sentence, concept)
		checkValues(t, fd)
		if fd.Text != "" && (fd.ByteEnd > len(sentence) || sentence[fd.ByteStart:fd.ByteEnd] != fd.Text) {
			t.Fatalf("span [%d,%d) %q not in the sentence", fd.ByteStart, fd.ByteEnd, fd.Text)
		}
	})
}

func FuzzSections(f *testing.F) {
	f.Add("HPI: x\nPMH\ny\nFAMILY HISTORY: z")
	f.Add("A: B: C:\n:\n\n")
	f.Fuzz(func(t *testing.T, s string) {
		checkFindings(t, s, Note{Sections: DefaultEngine().Sections(s)})
	})
}

// maxFuzzLen bounds fuzz inputs: a note is a few pages, and the fuzzer's
// spliced megabytes only slow the search for panics.
const maxFuzzLen = 32 << 10

// TestHugeInputs feeds a megabyte of run-on clinical text, the size the app
// accepts at most: it must finish (linearly, see maxUnitTokens) with valid
// offsets.
func TestHugeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("a megabyte takes seconds; -short skips it")
	}
	size := 1 << 20
	if runtime.GOOS == "js" {
		size = 128 << 10 // the same paths, at a cost the wasm test run can afford
	}
	for _, unit := range []string{"no fever, chills, cough, history of asthma, mother with diabetes, ", "denies fever\n", "1.\n", "x "} {
		s := strings.Repeat(unit, size/len(unit))
		checkFindings(t, s, AnalyzeNote(s))
		if f, _ := Assert(s, "asthma"); f.Text != "" && s[f.ByteStart:f.ByteEnd] != f.Text {
			t.Fatalf("Assert span [%d,%d) not %q", f.ByteStart, f.ByteEnd, f.Text)
		}
	}
}

// TestTriggers checks that each value other than the default names what
// set it, with a span that holds that text.
func TestTriggers(t *testing.T) {
	type trig struct{ class, value, source, text string }
	tests := []struct {
		name, note, finding string
		want                []trig
	}{
		{"a negation phrase", "He denies chest pain.", "chest pain", []trig{{"negation", Negated, SourcePhrase, "denies"}}},
		{"a hedge", "Possible pneumonia.", "pneumonia", []trig{{"negation", Possible, SourcePhrase, "Possible"}}},
		{"a history phrase", "History of asthma.", "asthma", []trig{{"temporality", Historical, SourcePhrase, "History of"}}},
		{"a time expression", "Pneumonia 5 years ago.", "Pneumonia", []trig{{"temporality", Historical, SourceTime, "5 years ago"}}},
		{"a relative", "Mother had breast cancer.", "breast cancer", []trig{{"experiencer", Other, SourcePhrase, "Mother"}}},
		{"a self-negating word", "She is afebrile.", "afebrile", []trig{{"negation", Negated, SourceSelf, "afebrile"}}},
		{"the section default names the heading", "FAMILY HISTORY:\nDiabetes.", "Diabetes", []trig{
			{"temporality", Historical, SourceSection, "FAMILY HISTORY"}, {"experiencer", Other, SourceSection, "FAMILY HISTORY"}}},
		{"a trigger outranks the section default", "PAST MEDICAL HISTORY: no asthma, but diabetes.", "asthma", []trig{
			{"negation", Negated, SourcePhrase, "no"}, {"temporality", Historical, SourceSection, "PAST MEDICAL HISTORY"}}},
		{"an allergy reaction outside an allergy section", "She is allergic to penicillin (rash).", "rash", []trig{
			{"temporality", Historical, SourceAllergy, "penicillin (rash)"}}},
		{"an affirmed recent finding has no trigger", "Cough today.", "Cough", nil},
		{"a Chinese negation", "患者无发热。", "发热", []trig{{"negation", Negated, SourcePhrase, "无"}}},
		{"a Chinese relative", "父亲患冠心病。", "冠心病", []trig{{"experiencer", Other, SourcePhrase, "父亲"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := AnalyzeNote(tt.note)
			var f *Finding
			for i := range n.Findings {
				if n.Findings[i].Text == tt.finding {
					f = &n.Findings[i]
				}
			}
			if f == nil {
				t.Fatalf("no finding %q in %+v", tt.finding, n.Findings)
			}
			var got []trig
			for _, tr := range f.Triggers {
				got = append(got, trig{tr.Class, tr.Value, tr.Source, tr.Text})
				if tr.Text != tt.note[tr.ByteStart:tr.ByteEnd] || tr.Start != utf8.RuneCountInString(tt.note[:tr.ByteStart]) || tr.End != utf8.RuneCountInString(tt.note[:tr.ByteEnd]) {
					t.Errorf("trigger %+v: its offsets do not hold its text", tr)
				}
			}
			if !equalSlices(got, tt.want) {
				t.Errorf("triggers %+v, want %+v", got, tt.want)
			}
		})
	}
}
