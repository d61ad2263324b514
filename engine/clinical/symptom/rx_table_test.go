package symptom

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/nlp/rx/rxgen"
)

// TestRegexpTable holds rx_table.go to the patterns the triage rules and
// the model compile (go test -run TestRegexpTable -update-rx rewrites it),
// and each pattern to regexp's answers on every message of testdata.
func TestRegexpTable(t *testing.T) {
	rxgen.Check(t, "rx_table.go", "symptom", "rxTable", rxTable.Requested(), rxTable.Progs)
	files, err := filepath.Glob("testdata/*.tsv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata (%v)", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			texts = append(texts, strings.Split(line, "\t")...)
		}
	}
	for _, expr := range rxTable.Requested() {
		rxgen.Same(t, expr, rxgen.Corpus(texts)...)
	}
}
