package nlp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/nlp/rx/rxgen"
)

// TestRegexpTable holds rx_table.go to the patterns the package compiles
// (go test -run TestRegexpTable -update-rx rewrites it), and each pattern to
// regexp's answers on every note and sentence of testdata.
func TestRegexpTable(t *testing.T) {
	rxgen.Check(t, "rx_table.go", "nlp", "rxTable", rxTable.Requested(), rxTable.Progs)
	texts := rxCorpus(t, "testdata/*.txt", "testdata/notes/*.txt", "testdata/*.tsv", "testdata/notes/*.tsv")
	for _, expr := range rxTable.Requested() {
		rxgen.Same(t, expr, rxgen.Corpus(texts)...)
	}
}

// rxCorpus is every file matching the globs, whole and line by line.
func rxCorpus(t *testing.T, globs ...string) []string {
	var texts []string
	for _, g := range globs {
		files, err := filepath.Glob(g)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no files (%v)", g, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
			for _, line := range strings.Split(string(b), "\n") {
				texts = append(texts, line)
				texts = append(texts, strings.Split(line, "\t")...)
			}
		}
	}
	return texts
}
