package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

func runContextOn(t *testing.T, in string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = dispatch([]string{"context"}, strings.NewReader(in), &o, &e)
	return o.String(), e.String(), code
}

func TestContextCommand(t *testing.T) {
	tests := []struct {
		name, in, want, warn string
		code                 int
	}{
		{
			name: "rows get the three columns",
			in:   "id\tconcept\tsentence\n1\tfever\tHe denies fever or chills.\n2\tcough\tShe has a productive cough.\n",
			want: "id\tconcept\tsentence\tnegation\ttemporality\texperiencer\n1\tfever\tHe denies fever or chills.\tnegated\trecent\tpatient\n2\tcough\tShe has a productive cough.\taffirmed\trecent\tpatient\n",
		},
		{
			name: "column order does not matter and other columns pass through",
			in:   "sentence\tnote\tconcept\nMother with breast cancer.\tx\tbreast cancer\n",
			want: "sentence\tnote\tconcept\tnegation\ttemporality\texperiencer\nMother with breast cancer.\tx\tbreast cancer\taffirmed\trecent\tother\n",
		},
		{
			name: "a bare quote is an ordinary character",
			in:   "concept\tsentence\nmass\tA 5\" mass, no \"tenderness\" noted.\n",
			want: "concept\tsentence\tnegation\ttemporality\texperiencer\nmass\tA 5\" mass, no \"tenderness\" noted.\taffirmed\trecent\tpatient\n",
		},
		{
			name: "a CSV-quoted field is read unquoted and written as it came",
			in:   "concept\tsentence\nfever\t\"He said \"\"no fever\"\"\tthen left.\"\n",
			want: "concept\tsentence\tnegation\ttemporality\texperiencer\nfever\t\"He said \"\"no fever\"\"\tthen left.\"\tnegated\trecent\tpatient\n",
		},
		{
			name: "a quoted field may span lines",
			in:   "concept\tsentence\nfever\t\"History of\nfever.\"\nrash\tNo rash.\n",
			want: "concept\tsentence\tnegation\ttemporality\texperiencer\nfever\t\"History of\nfever.\"\taffirmed\thistorical\tpatient\nrash\tNo rash.\tnegated\trecent\tpatient\n",
		},
		{
			name: "a quote that never closes is literal and the next row survives",
			in:   "concept\tsentence\nfever\t\"No fever\nrash\tNo rash.\n",
			want: "concept\tsentence\tnegation\ttemporality\texperiencer\nfever\t\"No fever\tnegated\trecent\tpatient\nrash\tNo rash.\tnegated\trecent\tpatient\n",
		},
		{
			name: "existing output columns are replaced, not duplicated",
			in:   "concept\tsentence\tnegation\nfever\tNo fever.\tAffirmed\n",
			want: "concept\tsentence\tnegation\ttemporality\texperiencer\nfever\tNo fever.\tnegated\trecent\tpatient\n",
			warn: "already has a negation column",
		},
		{
			name: "a concept not in its sentence is still decided and warned about",
			in:   "concept\tsentence\npyrexia\tThe patient denies fever.\n",
			want: "concept\tsentence\tnegation\ttemporality\texperiencer\npyrexia\tThe patient denies fever.\tnegated\trecent\tpatient\n",
			warn: "row 2",
		},
		{
			name: "a short row is padded and warned about",
			in:   "concept\tsentence\tid\nfever\n",
			want: "concept\tsentence\tid\tnegation\ttemporality\texperiencer\nfever\t\t\taffirmed\trecent\tpatient\n",
			warn: "lacks the concept or sentence",
		},
		{
			name: "invalid UTF-8 is written back as is",
			in:   "concept\tsentence\nfever\tno fever \xff\n",
			want: "concept\tsentence\tnegation\ttemporality\texperiencer\nfever\tno fever \xff\tnegated\trecent\tpatient\n",
			warn: "not valid UTF-8",
		},
		{
			name: "CRLF line ends and a BOM are accepted",
			in:   "\ufeffconcept\tsentence\r\nfever\tNo fever.\r\n",
			want: "concept\tsentence\tnegation\ttemporality\texperiencer\nfever\tNo fever.\tnegated\trecent\tpatient\n",
		},
		{
			name: "a header without the sentence column is unusable",
			in:   "concept\ttext\nfever\tNo fever.\n",
			warn: "no sentence column", code: 2,
		},
		{
			name: "empty input is unusable",
			in:   "",
			warn: "empty", code: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runContextOn(t, tt.in)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			if tt.code == 0 && out != tt.want {
				t.Errorf("output\n%q\nwant\n%q", out, tt.want)
			}
			if tt.warn != "" && !strings.Contains(errOut, tt.warn) {
				t.Errorf("stderr %q does not mention %q", errOut, tt.warn)
			}
			if tt.warn == "" && errOut != "" {
				t.Errorf("unexpected stderr: %s", errOut)
			}
		})
	}
}

func FuzzTSVReader(f *testing.F) {
	for _, s := range []string{"a\tb\n", "\"x\"\"y\"\tz\n", "\"open\nclose\"\tq\n", "\"\t\"\n\"", "5\" mass\t\"\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := newTSVReader(strings.NewReader(s))
		var raws []string
		for i := 0; i < 10000; i++ {
			fs, err := r.next(2)
			if err == io.EOF {
				break
			}
			if len(fs) == 0 {
				t.Fatal("a record with no fields")
			}
			raws = append(raws, strings.Join(rawFields(fs), "\t"))
		}
		// nothing is lost: the records are the input's lines
		want := strings.ReplaceAll(s, "\r\n", "\n")
		got := strings.Join(raws, "\n")
		if strings.TrimSuffix(want, "\n") != got && !strings.Contains(s, "\r") {
			t.Fatalf("records %q do not reassemble the input %q", got, s)
		}
	})
}

func FuzzContextCommand(f *testing.F) {
	f.Add("concept\tsentence\nfever\tNo fever.\n")
	f.Add("sentence\tconcept\n\"a\tb\"\t\"\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		var o, e bytes.Buffer
		code := contextTSV(strings.NewReader(s), &o, &e, contextOptions{why: true})
		if code != 0 && code != 2 {
			t.Fatalf("exit %d", code)
		}
	})
}

func TestContextWhyAndScore(t *testing.T) {
	in := "concept\tsentence\tnegation\ttemporality\texperiencer\n" +
		"fever\tHe denies fever.\tnegated\trecent\tpatient\n" +
		"asthma\tHistory of asthma.\taffirmed\trecent\tpatient\n" +
		"cough\tCough today.\tnegated\trecent\tpatient\n"
	var o, e bytes.Buffer
	if code := dispatch([]string{"context", "-why", "-score"}, strings.NewReader(in), &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	want := "concept\tsentence\tnegation\ttemporality\texperiencer\ttriggers\n" +
		"fever\tHe denies fever.\tnegated\trecent\tpatient\tnegation=negated:\"denies\"@3-9(phrase)\n" +
		"asthma\tHistory of asthma.\taffirmed\thistorical\tpatient\ttemporality=historical:\"History of\"@0-10(phrase)\n" +
		"cough\tCough today.\taffirmed\trecent\tpatient\t\n"
	if o.String() != want {
		t.Errorf("output\n%s\nwant\n%s", o.String(), want)
	}
	// gold: fever negated (tp), cough negated but predicted affirmed (fn);
	// temporality right on fever and cough, wrong on asthma
	if !strings.Contains(e.String(), "3 rows: negation precision 1.000 recall 0.500 F1 0.667 (tp 1 fp 0 fn 1); temporality accuracy 0.667; experiencer accuracy 1.000") {
		t.Errorf("score line missing: %s", e.String())
	}
	var o2, e2 bytes.Buffer
	if code := dispatch([]string{"context", "-score"}, strings.NewReader("concept\tsentence\nfever\tNo fever.\n"), &o2, &e2); code != 2 {
		t.Errorf("-score without gold columns: exit %d, want 2", code)
	}
}

func TestFHIRCommand(t *testing.T) {
	var o, e bytes.Buffer
	if code := dispatch([]string{"fhir"}, strings.NewReader("Denies fever. BP 120/80 mmHg. Aspirin 81 mg PO daily. Allergies: PCN (rash)."), &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	for _, want := range []string{`"resourceType": "Bundle"`, `"type": "collection"`, `"code": "refuted"`, `"code": "mm[Hg]"`, `"resourceType": "MedicationStatement"`, `"resourceType": "AllergyIntolerance"`} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("output lacks %s", want)
		}
	}
	o.Reset()
	if code := dispatch([]string{"fhir"}, strings.NewReader("  \n"), &o, &e); code != 2 {
		t.Errorf("an empty note: exit %d, want 2", code)
	}
}

// The fixture's gold names things as an annotator would ("blood pressure",
// "K", "Lasix 40 mg" for furosemide), gives one wrong value (Plt 999) and
// one mention the note does not hold (ferritin); the rest of what the
// reader finds in the note is not in this gold and counts as false alarms.
func TestNoteScoreCommand(t *testing.T) {
	var o, e bytes.Buffer
	if code := dispatch([]string{"notescore", "testdata/notescore"}, strings.NewReader(""), &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	for _, want := range []string{
		"medication\t0.250\t1.000\t0.400\t2\t6\t0",
		"vital\t0.286\t1.000\t0.444\t2\t5\t0",
		"lab\t0.154\t0.500\t0.235\t2\t11\t2",
		"allergy\t0.333\t1.000\t0.500\t1\t2\t0",
	} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, o.String())
		}
	}
	if code := dispatch([]string{"notescore", t.TempDir()}, strings.NewReader(""), &o, &e); code != 1 {
		t.Errorf("a directory without notes: exit %d, want 1", code)
	}
}

func TestFoldValue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{{"1,250", "1250"}, {"37.0", "37"}, {"140 / 90", "140/90"}, {"0.50", "0.5"}, {"100", "100"}} {
		if got := foldValue(tc.in); got != tc.want {
			t.Errorf("foldValue(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNoteScoreOwnNotes holds extraction on the notes written for it
// (nlp/testdata/notes, written after the extractor, so not blind) to
// floors a little below what was measured: precision 1.000 and recall
// 0.979 overall (46 of 47 gold mentions, no false alarm).
func TestNoteScoreOwnNotes(t *testing.T) {
	var o, e bytes.Buffer
	if code := dispatch([]string{"notescore", "../../nlp/testdata/notes"}, strings.NewReader(""), &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	t.Log("\n" + o.String())
	for _, line := range strings.Split(o.String(), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 7 || f[0] == "kind" {
			continue
		}
		var p, r float64
		fmt.Sscan(f[1], &p)
		fmt.Sscan(f[2], &r)
		if p < 0.95 || r < 0.9 {
			t.Errorf("%s: precision %.3f recall %.3f below the floors 0.95 / 0.90", f[0], p, r)
		}
	}
}
