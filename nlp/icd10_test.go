package nlp

import (
	"regexp"
	"strings"
	"testing"
)

// icd10Shape is the shape of an ICD-10-CM (and WHO ICD-10) code: a letter,
// two characters of the category (the third may be a letter in ICD-10-CM,
// "F32.A"), then up to four after the dot.
var icd10Shape = regexp.MustCompile(`^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$`)

// TestICD10Column holds the curated column to its form: every code has the
// shape of a code, a concept is listed once with one code, and no code
// stands for two concepts (which would merge them in an export).
func TestICD10Column(t *testing.T) {
	concepts := map[string]int{}
	codes := map[string]string{}
	coded := 0
	err := readLines(mustRead("findings.tsv"), "findings.tsv", func(line int, f []string) error {
		if n, dup := concepts[f[0]]; dup {
			t.Errorf("line %d: concept %q already listed on line %d", line, f[0], n)
		}
		concepts[f[0]] = line
		if len(f) > 3 {
			t.Errorf("line %d: %d columns, want at most 3", line, len(f))
		}
		if len(f) < 3 || f[2] == "" {
			return nil
		}
		code := f[2]
		coded++
		if !icd10Shape.MatchString(code) || strings.Contains(code, " ") {
			t.Errorf("line %d: %q is not shaped like an ICD-10 code", line, code)
		}
		if other, dup := codes[code]; dup {
			t.Errorf("line %d: code %s is both %q and %q", line, code, other, f[0])
		}
		codes[code] = f[0]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if coded < len(concepts)*3/4 {
		t.Errorf("only %d of %d concepts have a code", coded, len(concepts))
	}
}

func TestICD10(t *testing.T) {
	for _, tc := range []struct{ concept, want string }{
		{"fever", "R50.9"}, {"chest pain", "R07.9"}, {"atrial fibrillation", "I48.91"},
		{"pneumonia", "J18.9"}, {"presyncope", ""}, {"not a concept", ""},
	} {
		t.Run(tc.concept, func(t *testing.T) {
			if got := ICD10(tc.concept); got != tc.want {
				t.Errorf("ICD10(%q) = %q, want %q", tc.concept, got, tc.want)
			}
		})
	}
	if !icd10Shape.MatchString("F32.A") || icd10Shape.MatchString("R50.") || icd10Shape.MatchString("r50.9") || icd10Shape.MatchString("R5") {
		t.Error("the shape regex does not tell codes from non-codes")
	}
}
