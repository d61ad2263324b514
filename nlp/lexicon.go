package nlp

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"sync"
)

// The lexicons are data, not code: add a line to a file under lexicon/ and
// rebuild. Each file says its format in its header comment.
//
//go:embed lexicon/*.tsv lexicon/*.txt
var lexiconFS embed.FS

// LexiconError names the file and line of a malformed lexicon entry.
type LexiconError struct {
	File string
	Line int
	Msg  string
}

func (e *LexiconError) Error() string {
	return fmt.Sprintf("nlp: lexicon %s line %d: %s", e.File, e.Line, e.Msg)
}

// readLines calls fn with the tab-separated fields of each non-blank,
// non-comment line of the named embedded file.
func readLines(data []byte, file string, fn func(line int, fields []string) error) error {
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if err := fn(n, fields); err != nil {
			if le, ok := err.(*LexiconError); ok {
				return le
			}
			return &LexiconError{file, n, err.Error()}
		}
	}
	return sc.Err()
}

func mustRead(name string) []byte {
	b, err := lexiconFS.ReadFile("lexicon/" + name)
	if err != nil {
		panic("nlp: embedded lexicon missing: " + name) // a build defect, not bad input
	}
	return b
}

var stopwords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	err := readLines(mustRead("stopwords.txt"), "stopwords.txt", func(_ int, f []string) error {
		m[strings.ToLower(f[0])] = true
		return nil
	})
	if err != nil {
		panic(err)
	}
	return m
})

var abbreviationMap = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	err := readLines(mustRead("abbreviations.tsv"), "abbreviations.tsv", func(_ int, f []string) error {
		if len(f) < 2 || f[0] == "" || f[1] == "" {
			return fmt.Errorf("want form<TAB>expansion, got %q", strings.Join(f, "\t"))
		}
		m[strings.ToLower(f[0])] = strings.Fields(strings.ToLower(f[1]))
		return nil
	})
	if err != nil {
		panic(err)
	}
	return m
})

// Abbreviation returns the expansion of a clinical abbreviation or synonym
// ("SOB" -> "shortness of breath"), case-insensitively.
func Abbreviation(form string) (string, bool) {
	exp, ok := lookupAbbreviation(abbreviationMap(), Term{Text: form, Kind: Word})
	return strings.Join(exp, " "), ok
}
