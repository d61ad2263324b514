package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// TestShippedCardsAreTranslated checks every class and input of the models
// in web/models against the tables, so a retrained model with a new label
// cannot slip in untranslated.
func TestShippedCardsAreTranslated(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shippedDir, "*.card.json"))
	if len(files) == 0 {
		t.Fatal("no model cards in web/models")
	}
	loadShipped(t) // every model the manifest lists has its card
	defer SetLang(English)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c clinical.Card
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		t.Run(c.Name, func(t *testing.T) {
			for _, l := range Langs {
				if _, ok := tables[l]["model."+c.Name+".title"]; !ok {
					t.Errorf("%s: no title for model %q", l, c.Name)
				}
				for _, label := range c.Labels {
					prefix := "disease."
					switch c.Name {
					case specialtyModel:
						prefix = "specialty."
					case departmentModel:
						prefix = "department."
					}
					if _, ok := tables[l][prefix+normKey(label)]; !ok {
						t.Errorf("%s: class %q is not translated", l, label)
					}
				}
				SetLang(l)
				for _, in := range c.Inputs {
					if featureName(in.Name, "") == in.Name {
						t.Errorf("%s: input %q is not translated", l, in.Name)
					}
					for _, code := range in.Categories {
						if optionName(in.Name, code) == formatNumber(code) {
							t.Errorf("%s: option %v of %q is not named", l, code, in.Name)
						}
					}
				}
				for _, m := range append(c.Metrics, c.Baselines...) {
					if metricName(m.Name) == m.Name {
						t.Errorf("%s: metric %q is not translated", l, m.Name)
					}
				}
			}
		})
	}
}

func TestShippedTriageRulesAreTranslated(t *testing.T) {
	c := shippedCard(t, symptomModel)
	if len(c.TriageRules) == 0 {
		t.Fatal("the shipped symptom card lists no triage rules")
	}
	for _, r := range c.TriageRules {
		for _, l := range Langs {
			if _, ok := tables[l]["flag."+r.ID]; !ok {
				t.Errorf("%s: red flag %q has no words", l, r.ID)
			}
		}
	}
}
