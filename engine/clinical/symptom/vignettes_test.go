package symptom

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// vignetteAge reads the age and sex a vignette opens with ("A 6-week-old
// baby girl", "A 30-year-old woman who is 34 weeks pregnant").
var (
	vignetteAge      = regexp.MustCompile(`(?i)^an? (\d+)-(year|month|week)-old (?:baby )?(man|woman|boy|girl)`)
	vignettePregnant = regexp.MustCompile(`(\d+) weeks pregnant`)
)

// aboutFromVignette is what someone filling in the structured step for the
// vignette's patient would answer.
func aboutFromVignette(t *testing.T, text string) *clinical.About {
	t.Helper()
	m := vignetteAge.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("vignette does not open with an age and sex: %q", text)
	}
	n, _ := strconv.Atoi(m[1])
	a := &clinical.About{Who: "other", Sex: map[string]string{"man": "male", "boy": "male", "woman": "female", "girl": "female"}[m[3]]}
	switch {
	case m[2] == "week" || m[2] == "month" && n < 3:
		a.Age = "under-3-months"
	case m[2] == "month" || n < 5:
		a.Age = "3-months-to-4-years"
	case n < 16:
		a.Age = "5-to-15"
	case n < 65:
		a.Age = "16-to-64"
	default:
		a.Age = "65-plus"
	}
	if p := vignettePregnant.FindStringSubmatch(text); p != nil {
		a.Pregnant = true
		a.Weeks, _ = strconv.Atoi(p[1])
	}
	return a
}

// TestVignettes runs the clinical vignettes of testdata/vignettes.tsv
// (third person, age and sex first, as symptom checkers are evaluated
// with) through the shipped model, from the text alone and with the
// structured step filled in as the vignette states it. Every emergency
// must be caught either way, and no self-care case may become an
// emergency; the rest is logged as a confusion table for the report.
func TestVignettes(t *testing.T) {
	p := shipped(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "vignettes.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	predict := func(text string, about *clinical.About) *clinical.TextPrediction {
		b, _ := json.Marshal(struct {
			Text  string          `json:"text"`
			About *clinical.About `json:"about,omitempty"`
		}{text, about})
		out, err := p.Predict(b)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		return out.(*clinical.TextPrediction)
	}
	confusion := map[string]map[string]int{}
	n := map[string]int{}
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || strings.HasPrefix(f[0], "#") {
			continue
		}
		expect, text := f[1], f[2]
		n[expect]++
		for _, with := range []struct {
			name  string
			about *clinical.About
		}{{"text alone", nil}, {"with the structured step", aboutFromVignette(t, text)}} {
			got := predict(text, with.about).Triage
			if got == nil {
				t.Fatalf("%q: no triage", text)
			}
			if with.about == nil {
				if confusion[expect] == nil {
					confusion[expect] = map[string]int{}
				}
				confusion[expect][got.Level]++
			}
			switch {
			case expect == Emergency && got.Level != Emergency:
				t.Errorf("emergency missed (%s): %q -> %s %v", with.name, text, got.Level, got.RedFlags)
			case expect == SelfCare && got.Level == Emergency:
				t.Errorf("self-care sent to emergency (%s): %q -> %v", with.name, text, got.RedFlags)
			}
		}
	}
	if n[Emergency] < 10 || n[SeeDoctor] < 10 || n[SelfCare] < 10 {
		t.Fatalf("vignettes per level: %v", n)
	}
	right := 0
	for level, row := range confusion {
		right += row[level]
		t.Logf("expected %-10s -> %v", level, row)
	}
	t.Logf("correct triage from the text alone: %d of %d", right, n[Emergency]+n[SeeDoctor]+n[SelfCare])
}
