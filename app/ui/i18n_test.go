package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func TestTablesHaveTheSameKeys(t *testing.T) {
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("zh lacks %q", k)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("zh has %q, which en lacks", k)
		}
	}
}

var verb = regexp.MustCompile(`%[-+#0]*[0-9.]*[a-zA-Z%]`)

func TestTranslationsUseTheSameFormatVerbs(t *testing.T) {
	for k, e := range en {
		ev, zv := verb.FindAllString(e, -1), verb.FindAllString(zh[k], -1)
		if strings.Join(ev, " ") != strings.Join(zv, " ") {
			t.Errorf("%q: en has verbs %v, zh has %v", k, ev, zv)
		}
	}
}

// keyUse finds translation keys written as literals in the sources: the
// arguments of tr, trf, loading, tool, section, passField and Problem keys.
var keyUse = regexp.MustCompile(`(?:\btrf?|\bloading|Key:)\(?\s*"([a-z0-9_.-]+)"|"((?:nav|home|example|settings|card)\.[a-z0-9_.-]+)"`)

func TestEveryKeyInTheSourcesIsTranslated(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(b), -1) {
			k := m[1] + m[2]
			if strings.HasSuffix(k, ".") || !strings.Contains(k, ".") {
				continue // a prefix, completed at run time
			}
			seen[k] = true
		}
	}
	var missing []string
	for k := range seen {
		if _, ok := en[k]; !ok {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("keys used but not in the tables: %v", missing)
	}
	if len(seen) < 150 {
		t.Errorf("found only %d keys in the sources; the scan is broken", len(seen))
	}
}

func TestEveryModelNameIsTranslated(t *testing.T) {
	names := append([]string{symptomModel, specialtyModel, departmentModel, survivalModel}, riskModels...)
	for _, l := range Langs {
		for _, n := range names {
			for _, k := range []string{"model." + n + ".title"} {
				if _, ok := tables[l][k]; !ok {
					t.Errorf("%s lacks %q", l, k)
				}
			}
		}
		for _, n := range append(riskModels, survivalModel) {
			for _, s := range []string{".title", ".lead", ".outcome"} {
				if _, ok := tables[l]["risk."+n+s]; !ok {
					t.Errorf("%s lacks %q", l, "risk."+n+s)
				}
			}
		}
	}
}

func TestParseLang(t *testing.T) {
	for _, c := range []struct {
		tag  string
		want Lang
	}{
		{"zh-CN", Chinese}, {"zh", Chinese}, {"zh-Hans-CN", Chinese}, {"ZH_tw", Chinese},
		{"en-GB", English}, {"fr", English}, {"", English}, {"zhx", English},
	} {
		if got := ParseLang(c.tag); got != c.want {
			t.Errorf("ParseLang(%q) = %q, want %q", c.tag, got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	defer SetLang(English)
	cases := []struct {
		name string
		lang Lang
		got  func() string
		want string
	}{
		{"a known disease label is translated whatever its case", Chinese, func() string { return diseaseName("Psoriasis") }, "银屑病"},
		{"a lower-case dataset label gets a capitalised name", English, func() string { return diseaseName("allergy") }, "Allergy"},
		{"an unknown disease shows as the model wrote it", Chinese, func() string { return diseaseName("Scurvy") }, "Scurvy"},
		{"a specialty with punctuation is found", Chinese, func() string { return specialtyName("Obstetrics / Gynecology") }, "妇产科"},
		{"a WDBC column is built from measure and summary", English, func() string { return featureName("concave_points_worst", "") }, "Concave points (worst)"},
		{"a WDBC column in Chinese", Chinese, func() string { return featureName("radius_se", "") }, "半径（标准误）"},
		{"an unknown feature falls back to the card label", English, func() string { return featureName("mystery", "Mystery score") }, "Mystery score"},
		{"a category code is named", Chinese, func() string { return optionName("cp", 4) }, "无胸痛"},
		{"an unknown category code shows the number", English, func() string { return optionName("cp", 9) }, "9"},
		{"WDBC help joins measure and summary", English, func() string { return featureHelp("area_worst") }, "Area of the nucleus. Mean of the three largest values in the image."},
		{"a missing key shows the key, not an empty label", English, func() string { return tr("no.such.key") }, "no.such.key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			SetLang(c.lang)
			if got := c.got(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
