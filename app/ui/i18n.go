package ui

import (
	"fmt"
	"strings"
)

// Lang is a UI language.
type Lang string

const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// Langs lists the languages offered in settings, in display order.
var Langs = []Lang{English, Chinese}

// tables holds every string the UI shows. Keys for data-driven names
// (diseases, specialties, features, sections) are built from the model's own
// labels, so a label the tables do not know still shows, untranslated.
var tables = map[Lang]map[string]string{
	English: en,
	Chinese: zh,
}

// current is the language every render uses. It is only touched on the UI
// goroutine (and by tests), so it needs no lock.
var current = English

// SetLang switches the UI language; unknown codes fall back to English.
func SetLang(l Lang) { current = ParseLang(string(l)) }

// ParseLang maps a browser or stored language tag to a UI language: any
// Chinese tag gives 简体中文, anything else English.
func ParseLang(tag string) Lang {
	t := strings.ToLower(strings.TrimSpace(tag))
	if t == "zh" || strings.HasPrefix(t, "zh-") || strings.HasPrefix(t, "zh_") {
		return Chinese
	}
	return English
}

// htmlLang is the value for <html lang>.
func (l Lang) htmlLang() string {
	if l == Chinese {
		return "zh-Hans"
	}
	return "en"
}

// tr returns the string for key in the current language, falling back to
// English and then to the key itself so that a gap shows up on screen
// instead of an empty label.
func tr(key string) string {
	if s, ok := tables[current][key]; ok {
		return s
	}
	if s, ok := en[key]; ok {
		return s
	}
	return key
}

// Text returns the string for key in language l, as tr does for the
// current one: for what is rendered outside the components (the server's
// loading line, which holds every language because the server cannot know
// the visitor's).
func Text(l Lang, key string) string {
	if s, ok := tables[ParseLang(string(l))][key]; ok {
		return s
	}
	if s, ok := en[key]; ok {
		return s
	}
	return key
}

// trf formats the string for key with args.
func trf(key string, args ...any) string { return fmt.Sprintf(tr(key), args...) }

// trOr returns the string for key, or fallback when no table has it: used
// for names that come from a model (a new class label, a section heading).
func trOr(key, fallback string) string {
	if s, ok := tables[current][key]; ok {
		return s
	}
	if s, ok := en[key]; ok {
		return s
	}
	return fallback
}

func normKey(label string) string {
	return strings.ToLower(strings.TrimSpace(label))
}

// diseaseName is the display name of a symptom-model class.
func diseaseName(label string) string { return trOr("disease."+normKey(label), label) }

// diseaseDesc is the one-line description of a symptom-model class, or "".
func diseaseDesc(label string) string { return trOr("disease."+normKey(label)+".desc", "") }

// specialtyName is the display name of a note-specialty class.
func specialtyName(label string) string { return trOr("specialty."+normKey(label), label) }

// departmentName is the display name of a department-model class: its
// labels are the Chinese clinic names of the data.
func departmentName(label string) string { return trOr("department."+normKey(label), label) }

// className names a class of any text model.
func className(model, label string) string {
	switch model {
	case specialtyModel:
		return specialtyName(label)
	case departmentModel:
		return departmentName(label)
	}
	return diseaseName(label)
}

// wdbcStats are the three summaries of each WDBC nucleus measure.
var wdbcStats = []string{"_mean", "_se", "_worst"}

// featureName is the display name of a tabular or survival input. WDBC's 30
// columns are built from 10 measures times 3 summaries.
func featureName(name, fallback string) string {
	if s, ok := lookup("feature." + name); ok {
		return s
	}
	for _, st := range wdbcStats {
		if m, ok := strings.CutSuffix(name, st); ok {
			if ms, ok := lookup("measure." + m); ok {
				return trf("stat"+st, ms)
			}
		}
	}
	if fallback != "" {
		return fallback
	}
	return name
}

// featureHelp is the help text of an input, or "".
func featureHelp(name string) string {
	if s, ok := lookup("help." + name); ok {
		return s
	}
	for _, st := range wdbcStats {
		if m, ok := strings.CutSuffix(name, st); ok {
			if ms, ok := lookup("measurehelp." + m); ok {
				return ms + " " + tr("stathelp"+st)
			}
		}
	}
	return ""
}

// optionName names one code of a categorical input.
func optionName(feature string, code float64) string {
	c := formatNumber(code)
	return trOr("opt."+feature+"."+c, c)
}

func lookup(key string) (string, bool) {
	if s, ok := tables[current][key]; ok {
		return s, true
	}
	s, ok := en[key]
	return s, ok
}
