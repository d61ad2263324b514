package nlp

import (
	"strings"
	"testing"
)

func TestPipelineSteps(t *testing.T) {
	tests := []struct {
		name, spec, in, want string
	}{
		{"no steps keeps raw tokens", "", "No Fever.", "No|Fever|."},
		{"lowercase folds Unicode", "lower", "ÉCHO Fever", "écho|fever"},
		{"punctuation goes, possessives go, inner marks go", "punct", "patient's b.i.d. s/p, well-known!", "patient|bid|sp|wellknown"},
		{"numbers keep their shape", "numbers", "BP 140/90 T 38.5°C 2x/day 1,000 T2DM", "BP|<num>/<num>|T|<num>°C|<num>x/day|<num>|T2DM"},
		{"stopwords keep negations", "lower,stopwords", "The patient has no fever and is not in pain without chills", "patient|no|fever|not|pain|without|chills"},
		{"stopwords keep context words", "lower,stopwords", "If it recurs, as it did two years ago", "if|recurs|,|two|years|ago"},
		{"stemming uses Snowball English", "lower,stem", "fevers coughing vomited", "fever|cough|vomit"},
		{"abbreviations expand in any case", "abbrev", "SOB and HTN, sob", "shortness|of|breath|and|hypertension|,|shortness|of|breath"},
		{"dotted dosing expands", "abbrev", "b.i.d. p.r.n", "twice|daily|as|needed"},
		{"the default spec chains everything", DefaultSpec, "Pt c/o SOB & fevers x 3 days, denies CP.", "pt|complain|short|breath|fever|x|<num>|day|deni|chest|pain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePipeline(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Strings(tt.in), "|"); got != tt.want {
				t.Errorf("%q on %q = %q, want %q", tt.spec, tt.in, got, tt.want)
			}
		})
	}
}

func TestExpandedTermsKeepTheAbbreviationOffsets(t *testing.T) {
	text := "Pt has SOB."
	terms := NewPipeline(ExpandAbbreviations).Terms(text)
	for _, term := range terms[2:5] {
		if text[term.ByteStart:term.ByteEnd] != "SOB" || term.Start != 7 || term.End != 10 {
			t.Errorf("term %q points at %q [%d,%d), want SOB [7,10)", term.Text, text[term.ByteStart:term.ByteEnd], term.Start, term.End)
		}
	}
}

func TestParsePipeline(t *testing.T) {
	t.Run("the spec round-trips", func(t *testing.T) {
		p, err := ParsePipeline(DefaultSpec)
		if err != nil || p.String() != DefaultSpec {
			t.Fatalf("ParsePipeline(%q) = %v, %v", DefaultSpec, p, err)
		}
	})
	t.Run("an unknown step is named in the error", func(t *testing.T) {
		_, err := ParsePipeline("lower,lemmatize")
		if err == nil || !strings.Contains(err.Error(), `"lemmatize"`) {
			t.Fatalf("err = %v, want one naming lemmatize", err)
		}
	})
}

func TestNoNegationIsAStopword(t *testing.T) {
	for _, w := range []string{"no", "not", "nor", "never", "without", "none", "neither", "cannot", "denies", "don't", "isn't", "if", "ago", "history"} {
		if IsStopword(w) {
			t.Errorf("%q is a stopword; it carries clinical meaning", w)
		}
	}
	if !IsStopword("The") {
		t.Error(`"The" should be a stopword`)
	}
}

func TestAbbreviation(t *testing.T) {
	if got, ok := Abbreviation("HTN"); !ok || got != "hypertension" {
		t.Errorf("Abbreviation(HTN) = %q, %v", got, ok)
	}
	if _, ok := Abbreviation("fever"); ok {
		t.Error("fever is not an abbreviation")
	}
}
