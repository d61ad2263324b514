package ui

import (
	"math"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

func TestCheckText(t *testing.T) {
	cases := []struct {
		name, text string
		want       string // problem key, "" for none
	}{
		{"an ordinary description passes", "itchy red patches on my elbows, no fever", ""},
		{"Chinese text passes the checks", "我的手肘上有发痒的红斑，没有发烧", ""},
		{"emoji are allowed", "my head hurts 🤕 since yesterday", ""},
		{"empty text is refused", "", "err.text.empty"},
		{"only spaces and newlines are refused", "  \n\t ", "err.text.empty"},
		{"one megabyte of text is refused with the count", strings.Repeat("a", 1<<20), "err.text.long"},
		{"a NUL character is refused", "fever\x00cough", "err.text.char"},
		{"invalid UTF-8 is refused", "fever \xff\xfe", "err.text.utf8"},
		{"only digits are refused", "123 456", "err.text.noletters"},
		{"the replacement character is refused", "fever \uFFFD", "err.text.char"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := checkText(c.text, maxSymptomChars)
			got := ""
			if p != nil {
				got = p.Key
			}
			if got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
	t.Run("the length message names both numbers", func(t *testing.T) {
		msg := checkText(strings.Repeat("a", 1<<20), maxSymptomChars).String()
		if !strings.Contains(msg, "1,048,576") || !strings.Contains(msg, "5,000") {
			t.Errorf("message %q", msg)
		}
	})
	t.Run("the bad character's position is one-based, in characters", func(t *testing.T) {
		if p := checkText("é\x01", maxSymptomChars); p == nil || p.Args[0] != 2 {
			t.Errorf("got %+v", p)
		}
	})
}

func TestParseField(t *testing.T) {
	glucose := clinical.Feature{Name: "glucose", Unit: "mg/dL", Min: 40, Max: 400, Default: 110}
	insulin := clinical.Feature{Name: "insulin", Min: 10, Max: 900, Optional: true}
	cp := clinical.Feature{Name: "cp", Min: 1, Max: 4, Categories: []float64{1, 2, 3, 4}}
	cases := []struct {
		name    string
		f       clinical.Feature
		raw     string
		want    float64
		missing bool
		problem string
	}{
		{"a plain number", glucose, "120", 120, false, ""},
		{"surrounding spaces are ignored", glucose, "  98.5 ", 98.5, false, ""},
		{"a decimal comma is read as a point", glucose, "98,5", 98.5, false, ""},
		{"full-width digits from a Chinese keyboard are read", glucose, "１２０", 120, false, ""},
		{"the range ends are allowed", glucose, "400", 400, false, ""},
		{"empty is refused when required", glucose, "", 0, false, "err.field.empty"},
		{"empty is missing when optional", insulin, " ", 0, true, ""},
		{"letters are refused", glucose, "abc", 0, false, "err.field.number"},
		{"NaN is refused", glucose, "NaN", 0, false, "err.field.number"},
		{"infinity is refused", glucose, "Inf", 0, false, "err.field.number"},
		{"an overflowing exponent is refused", glucose, "1e400", 0, false, "err.field.number"},
		{"below the range is refused", glucose, "39.9", 0, false, "err.field.range"},
		{"above the range is refused", glucose, "4000", 0, false, "err.field.range"},
		{"a negative value is refused", glucose, "-5", 0, false, "err.field.range"},
		{"a listed category is accepted", cp, "3", 3, false, ""},
		{"an unlisted category is refused", cp, "2.5", 0, false, "err.field.category"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, p := parseField(c.f, c.raw)
			got := ""
			if p != nil {
				got = p.Key
			}
			if got != c.problem {
				t.Fatalf("problem %q, want %q", got, c.problem)
			}
			if p == nil && (v.Value != c.want || v.Missing != c.missing) {
				t.Errorf("got %+v, want %v missing=%v", v, c.want, c.missing)
			}
		})
	}
	t.Run("the range message gives the range and the unit", func(t *testing.T) {
		_, p := parseField(glucose, "4000")
		if msg := p.String(); !strings.Contains(msg, "40") || !strings.Contains(msg, "400 mg/dL") {
			t.Errorf("message %q", msg)
		}
	})
}

func TestFormInput(t *testing.T) {
	fs := []clinical.Feature{
		{Name: "age", Min: 18, Max: 100, Default: 50},
		{Name: "insulin", Min: 10, Max: 900, Optional: true},
	}
	t.Run("missing optional inputs are left out", func(t *testing.T) {
		in, probs := formInput(fs, map[string]string{"age": "61", "insulin": ""})
		if len(probs) != 0 || in["age"] != 61 || len(in) != 1 {
			t.Errorf("input %v problems %v", in, probs)
		}
	})
	t.Run("any bad field withholds the whole input", func(t *testing.T) {
		in, probs := formInput(fs, map[string]string{"age": "abc", "insulin": "5"})
		if in != nil || len(probs) != 2 {
			t.Errorf("input %v problems %v", in, probs)
		}
	})
	t.Run("defaults fill every field and pass validation", func(t *testing.T) {
		in, probs := formInput(fs[:1], defaults(fs[:1]))
		if len(probs) != 0 || in["age"] != 50 {
			t.Errorf("input %v problems %v", in, probs)
		}
	})
}

func TestSnapKeepsExamplesValid(t *testing.T) {
	size := clinical.Feature{Name: "size", Categories: []float64{1, 2, 3}}
	if got := snap(size, 100); got != 3 {
		t.Errorf("snap to categories = %v", got)
	}
	age := clinical.Feature{Name: "age", Min: 20, Max: 80}
	if got := snap(age, 95); got != 80 {
		t.Errorf("snap to range = %v", got)
	}
	for model, exs := range examplePatients {
		for _, ex := range exs {
			for k, v := range ex.Values {
				if math.IsNaN(v) || v < 0 {
					t.Errorf("%s %s: %s = %v", model, ex.Key, k, v)
				}
			}
		}
	}
	if n := len(examplePatients["wdbc"][0].Values); n != 30 {
		t.Errorf("a WDBC example has %d values, want 30", n)
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{formatPercent(0.004), "<1%"},
		{formatPercent(0.995), ">99%"},
		{formatPercent(0.234), "23%"},
		{formatPercent(math.NaN()), "—"},
		{formatInt(1048576), "1,048,576"},
		{formatInt(-1000), "-1,000"},
		{formatInt(999), "999"},
		{formatNumber(0.0001), "0.0001"},
		{formatNumber(1e6), "1000000"},
		{formatMetric(0.9123, 0.88, 0.94), "0.912 (0.880–0.940)"},
		{formatMetric(0.5, 0, 0), "0.500"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
