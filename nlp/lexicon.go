package nlp

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The lexicons are data, not code: add a line to a file under lexicon/ and
// rebuild. Each file says its format in its header comment.
//
//go:embed lexicon/*.tsv lexicon/*.txt
var lexiconFS embed.FS

// LexiconFS is the embedded lexicon directory, for callers that want to
// extend it: copy the files, add lines, and pass the result to NewEngine.
func LexiconFS() fs.FS {
	sub, err := fs.Sub(lexiconFS, "lexicon")
	if err != nil {
		panic(err)
	}
	return sub
}

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

// readFS reads a lexicon file from fsys, naming it in the error.
func readFS(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("nlp: lexicon %s: %w", name, err)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("nlp: lexicon %s is not UTF-8", name)
	}
	return b, nil
}

func mustRead(name string) []byte {
	b, err := lexiconFS.ReadFile("lexicon/" + name)
	if err != nil {
		panic("nlp: embedded lexicon missing: " + name) // a build defect, not bad input
	}
	return b
}

// sortedKeys fixes the order of a map's keys, so that messages and tie
// breaks do not depend on map iteration.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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

// IsStopword reports whether the curated stopword list (case-insensitive)
// holds w. Negations are never stopwords.
func IsStopword(w string) bool {
	return stopwords()[lower(w)]
}

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

func lookupAbbreviation(abbr map[string][]string, t Term) ([]string, bool) {
	if t.Kind != Word {
		return nil, false
	}
	k := lower(t.Text)
	if exp, ok := abbr[k]; ok {
		return exp, true
	}
	for _, alt := range []string{k + ".", strings.TrimSuffix(k, ".")} {
		if exp, ok := abbr[alt]; ok {
			return exp, true
		}
	}
	return nil, false
}

// phrasePath splits a lexicon phrase into word keys and "<name>" macros.
func phrasePath(phrase string, macros map[string]*macro) ([]pathItem, error) {
	var path []pathItem
	for phrase != "" {
		i := strings.IndexByte(phrase, '<')
		lit := phrase
		if i >= 0 {
			lit = phrase[:i]
		}
		for _, k := range phraseKeys(lit) {
			path = append(path, pathItem{key: k})
		}
		if i < 0 {
			break
		}
		j := strings.IndexByte(phrase[i:], '>')
		if j < 0 {
			return nil, fmt.Errorf("unclosed macro in %q", phrase)
		}
		name := phrase[i+1 : i+j]
		mc, ok := macros[name]
		if !ok {
			return nil, fmt.Errorf("unknown macro <%s>", name)
		}
		path = append(path, pathItem{slot: mc})
		phrase = phrase[i+j+1:]
	}
	return path, nil
}

// loadTriggers reads a class file (negation.tsv, ...) into m.
func loadTriggers(m *matcher, data []byte, file string, values map[string]bool) error {
	macros := map[string]*macro{}
	return readLines(data, file, func(line int, f []string) error {
		if strings.HasPrefix(f[0], "@") {
			if len(f) < 2 {
				return fmt.Errorf("macro %s has no alternatives", f[0])
			}
			macros[f[0][1:]] = compileMacro(m.in, strings.Split(f[1], "|"))
			return nil
		}
		if len(f) < 2 {
			return fmt.Errorf("want phrase<TAB>value[<TAB>direction[<TAB>window]], got %q", f[0])
		}
		r := rule{value: f[1], window: -1}
		if !values[r.value] {
			return fmt.Errorf("value %q is not one of %s", r.value, strings.Join(sortedKeys(values), ", "))
		}
		dir := "forward"
		if len(f) > 2 && f[2] != "" {
			dir = f[2]
		}
		switch dir {
		case "forward":
			r.dir = forward
		case "backward":
			r.dir = backward
		case "both":
			r.dir = forward | backward
		default:
			return fmt.Errorf("direction %q is not forward, backward or both", dir)
		}
		if len(f) > 3 && f[3] != "" {
			w, err := strconv.Atoi(f[3])
			if err != nil || w < 0 {
				return fmt.Errorf("window %q is not a count of words", f[3])
			}
			r.window = w
		}
		path, err := phrasePath(f[0], macros)
		if err != nil {
			return err
		}
		if len(path) == 0 {
			return fmt.Errorf("empty phrase")
		}
		m.addPath(path, &r)
		return nil
	})
}

// loadTerminators adds the shared terminators to the matchers of the
// classes each line names.
func loadTerminators(ms [numClasses]*matcher, data []byte, file string) error {
	return readLines(data, file, func(line int, f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want phrase<TAB>classes, got %q", f[0])
		}
		type target struct {
			class int
			only  string
		}
		var targets []target
		for _, c := range strings.Split(f[1], ",") {
			switch c = strings.TrimSpace(c); c {
			case "all":
				targets = append(targets, target{negationClass, ""}, target{temporalityClass, ""}, target{experiencerClass, ""})
			case "negation":
				targets = append(targets, target{negationClass, ""})
			case "temporality":
				targets = append(targets, target{temporalityClass, ""})
			case "experiencer":
				targets = append(targets, target{experiencerClass, ""})
			case Negated, Possible:
				targets = append(targets, target{negationClass, c})
			case Historical, Hypothetical:
				targets = append(targets, target{temporalityClass, c})
			case Other:
				targets = append(targets, target{experiencerClass, c})
			default:
				return fmt.Errorf("class %q is not all, negation, temporality, experiencer or a trigger value", c)
			}
		}
		for _, tg := range targets {
			ms[tg.class].add(&rule{keys: phraseKeys(f[0]), value: "terminate", window: -1, only: tg.only})
		}
		return nil
	})
}

// lexiconNames reads a lexicon line's canonical name and its "|"-separated
// forms (the canonical name first), trimmed, with their marks ("!", "=").
func lexiconNames(f []string) ([]string, error) {
	if f[0] == "" {
		return nil, fmt.Errorf("empty canonical name")
	}
	names := []string{f[0]}
	if len(f) > 1 && f[1] != "" {
		names = append(names, strings.Split(f[1], "|")...)
	}
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
	}
	return names, nil
}

// loadFindings adds each finding's canonical name and synonyms, the rule's
// value being the canonical name.
func loadFindings(m *matcher, data []byte, file string) error {
	return readLines(data, file, func(line int, f []string) error {
		names, err := lexiconNames(f)
		if err != nil {
			return err
		}
		for _, n := range names {
			neg := strings.HasPrefix(n, "!")
			if n = strings.TrimPrefix(n, "!"); n != "" {
				m.add(&rule{keys: phraseKeys(n), value: f[0], window: -1, negForm: neg})
			}
		}
		return nil
	})
}

func loadSections(data []byte, file string) (map[string]string, error) {
	m := map[string]string{}
	err := readLines(data, file, func(line int, f []string) error {
		if len(f) < 2 || f[1] == "" {
			return fmt.Errorf("want header<TAB>canonical, got %q", f[0])
		}
		m[headerKey(f[0])] = f[1]
		return nil
	})
	return m, err
}

func loadSectionDefaults(data []byte, file string) (map[string]sectionInfo, error) {
	m := map[string]sectionInfo{}
	err := readLines(data, file, func(line int, f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("want canonical<TAB>temporality<TAB>experiencer")
		}
		si := sectionInfo{f[1], f[2]}
		if si.temporality == "-" {
			si.temporality = ""
		}
		if si.experiencer == "-" {
			si.experiencer = ""
		}
		if si.temporality != "" && si.temporality != "historical" && si.temporality != "hypothetical" && si.temporality != "recent" {
			return fmt.Errorf("temporality %q is not recent, historical or hypothetical", f[1])
		}
		if si.experiencer != "" && si.experiencer != "other" && si.experiencer != "patient" {
			return fmt.Errorf("experiencer %q is not patient or other", f[2])
		}
		m[f[0]] = si
		return nil
	})
	return m, err
}

var icd10Codes = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	err := readLines(mustRead("findings.tsv"), "findings.tsv", func(_ int, f []string) error {
		if len(f) > 2 && f[2] != "" {
			m[f[0]] = f[2]
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	return m
})

// ICD10 returns the ICD-10-CM code curated for a built-in finding's
// canonical concept (the Concept of a Finding), or "" when the lexicon
// gives none: no single code fits it, or it is not a built-in concept.
func ICD10(concept string) string { return icd10Codes()[concept] }
