package nlp

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Term is a token on its way through a Pipeline: its current text and the
// offsets of the original token it came from (a term made by expanding an
// abbreviation keeps the abbreviation's offsets), so a model's attention
// over terms can be drawn on the original text.
type Term struct {
	Text               string
	Kind               TokenKind
	Start, End         int // runes
	ByteStart, ByteEnd int
}

// TermsOf turns tokens into terms with the same text and offsets.
func TermsOf(toks []Token) []Term {
	out := make([]Term, len(toks))
	for i, t := range toks {
		out[i] = Term{t.Text, t.Kind, t.Start, t.End, t.ByteStart, t.ByteEnd}
	}
	return out
}

// Step is one normalisation step. Steps rewrite the term slice in place
// where they can and return the result.
type Step struct {
	Name  string
	Apply func([]Term) []Term
}

// The built-in steps, by the names ParsePipeline knows.
var (
	// Lowercase folds case with Unicode rules.
	Lowercase = Step{"lower", lowercase}
	// StripPunctuation drops punctuation tokens, drops a possessive "'s" and
	// removes the punctuation inside words ("b.i.d." -> "bid", "s/p" -> "sp").
	// Emoji and other symbols stay.
	StripPunctuation = Step{"punct", stripPunct}
	// NormalizeNumbers replaces every run of digits in a number token with
	// "<num>", keeping units and shapes: "38.5°C" -> "<num>°C", "140/90" ->
	// "<num>/<num>". Words with digits ("T2DM") are left alone.
	NormalizeNumbers = Step{"numbers", normalizeNumbers}
	// RemoveStopwords drops English function words but keeps negations
	// ("no", "not", "without", "never", "denies", "n't" forms) and words that
	// carry clinical context ("if", "ago", "before", "after", "history").
	RemoveStopwords = Step{"stopwords", removeStopwords}
	// Stem applies the Snowball English stemmer to word terms.
	Stem = Step{"stem", stem}
	// ExpandAbbreviations replaces a clinical abbreviation or synonym by its
	// expansion ("SOB" -> "shortness of breath", "b.i.d." -> "twice daily"),
	// each word a term with the abbreviation's offsets. It matches case-
	// insensitively, so it can run before or after Lowercase.
	ExpandAbbreviations = Step{"abbrev", expandAbbreviations}
)

var stepsByName = map[string]Step{}

func init() {
	for _, s := range []Step{Lowercase, StripPunctuation, NormalizeNumbers, RemoveStopwords, Stem, ExpandAbbreviations, ZhChars} {
		stepsByName[s.Name] = s
	}
}

// Pipeline runs tokenization and then its steps in order.
type Pipeline struct {
	steps []Step
}

// NewPipeline returns a pipeline running steps in the order given. No steps
// means terms are the raw tokens.
func NewPipeline(steps ...Step) *Pipeline {
	return &Pipeline{steps: append([]Step(nil), steps...)}
}

// DefaultSpec is the pipeline the text models use unless told otherwise.
const DefaultSpec = "abbrev,lower,numbers,punct,stopwords,stem"

// ParsePipeline builds a pipeline from its String form: step names joined
// by commas, e.g. DefaultSpec. An empty spec is the pipeline with no steps.
// A model stores the spec next to its weights so that training and
// prediction normalise alike.
func ParsePipeline(spec string) (*Pipeline, error) {
	p := &Pipeline{}
	if strings.TrimSpace(spec) == "" {
		return p, nil
	}
	for _, name := range strings.Split(spec, ",") {
		s, ok := stepsByName[strings.TrimSpace(name)]
		if !ok {
			return nil, fmt.Errorf("nlp: unknown pipeline step %q in %q (known: abbrev, lower, punct, numbers, stopwords, stem, zhchars)", strings.TrimSpace(name), spec)
		}
		p.steps = append(p.steps, s)
	}
	return p, nil
}

// String returns the spec ParsePipeline reads back.
func (p *Pipeline) String() string {
	names := make([]string, len(p.steps))
	for i, s := range p.steps {
		names[i] = s.Name
	}
	return strings.Join(names, ",")
}

// Terms tokenizes text and runs the steps.
func (p *Pipeline) Terms(text string) []Term {
	return p.Apply(TermsOf(Tokenize(text)))
}

// Apply runs the steps on terms. It may reuse the slice.
func (p *Pipeline) Apply(terms []Term) []Term {
	for _, s := range p.steps {
		terms = s.Apply(terms)
	}
	return terms
}

// Strings returns only the texts of Terms(text), what a vocabulary reads.
func (p *Pipeline) Strings(text string) []string {
	terms := p.Terms(text)
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Text
	}
	return out
}

func lowercase(ts []Term) []Term {
	for i := range ts {
		ts[i].Text = lower(ts[i].Text)
	}
	return ts
}

func stripPunct(ts []Term) []Term {
	out := ts[:0]
	for _, t := range ts {
		if t.Kind == Punct {
			continue
		}
		if t.Kind == Word || t.Kind == Number {
			s := t.Text
			for _, suf := range []string{"'s", "'S", "’s", "’S"} {
				if strings.HasSuffix(s, suf) && len(s) > len(suf) {
					s = s[:len(s)-len(suf)]
				}
			}
			// a number keeps its inner marks ("<num>/<num>", "2x/day"): they are its shape
			if t.Kind == Number {
				s = strings.TrimRightFunc(s, isPunct)
			} else if strings.IndexFunc(s, isPunct) >= 0 {
				s = strings.Map(func(r rune) rune {
					if isPunct(r) {
						return -1
					}
					return r
				}, s)
			}
			if s == "" {
				continue
			}
			t.Text = s
		}
		out = append(out, t)
	}
	return out
}

func normalizeNumbers(ts []Term) []Term {
	for i, t := range ts {
		if t.Kind != Number {
			continue
		}
		var b strings.Builder
		s := t.Text
		for j := 0; j < len(s); {
			r, sz := utf8.DecodeRuneInString(s[j:])
			if !isDigit(r) {
				b.WriteString(s[j : j+sz])
				j += sz
				continue
			}
			// a digit run with its decimal point or thousands commas
			for j < len(s) {
				r, sz = utf8.DecodeRuneInString(s[j:])
				if isDigit(r) || (r == '.' || r == ',') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
					j += sz
					continue
				}
				break
			}
			b.WriteString("<num>")
		}
		ts[i].Text = b.String()
	}
	return ts
}

func removeStopwords(ts []Term) []Term {
	out := ts[:0]
	for _, t := range ts {
		if t.Kind == Word && IsStopword(t.Text) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func stem(ts []Term) []Term {
	// a text repeats its words; Snowball costs microseconds a word
	cache := make(map[string]string, len(ts)/2+1)
	for i, t := range ts {
		if t.Kind != Word || !hasLetter(t.Text) {
			continue
		}
		s, ok := cache[t.Text]
		if !ok {
			s = english.Stem(t.Text, false)
			cache[t.Text] = s
		}
		ts[i].Text = s
	}
	return ts
}

func expandAbbreviations(ts []Term) []Term {
	abbr := abbreviationMap()
	var out []Term
	for i, t := range ts {
		exp, ok := lookupAbbreviation(abbr, t)
		if !ok {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]Term, 0, len(ts)+8), ts[:i]...)
		}
		for _, w := range exp {
			nt := t
			nt.Text, nt.Kind = w, Word
			out = append(out, nt)
		}
	}
	if out == nil {
		return ts
	}
	return out
}
