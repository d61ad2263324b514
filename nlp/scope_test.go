package nlp

import "testing"

// A negation's scope ends where the writer turns from what is absent to what
// is present; these sentences were written before the terminators were, as
// patients and notes say them.
func TestNegationScopeEnds(t *testing.T) {
	tests := []struct {
		name, sentence, concept, want string
	}{
		{"just ends a list of negated complaints", "no chest pain, no shortness of breath, just a mild cough for a week", "cough", Affirmed},
		{"only ends a negation", "no fever, only a cough", "cough", Affirmed},
		{"mainly ends a negation", "no chest pain, mainly a headache", "headache", Affirmed},
		{"instead ends a negation", "no pain, instead numbness in my leg", "numbness", Affirmed},
		{"rather ends a negation", "no itching, rather a burning feeling", "burning", Affirmed},
		{"but still ends a negation", "I have no fever but I have a headache", "headache", Affirmed},
		{"apart from that ends a negation", "no fever, apart from that a cough", "cough", Affirmed},
		{"a plain list stays negated", "no fever, chills or night sweats", "chills", Negated},
		{"the negated finding itself stays negated", "no fever, just a cough", "fever", Negated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Assert(tt.sentence, tt.concept)
			if err != nil {
				t.Fatal(err)
			}
			if f.Negation != tt.want {
				t.Errorf("%q in %q: %s, want %s", tt.concept, tt.sentence, f.Negation, tt.want)
			}
		})
	}
}
