package nlp

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
)

// The Chinese lexicons share the English files' formats and the English
// canonical names, so a Chinese note and an English one give the same
// concepts, sections and values. They are separate files because Chinese
// is matched character by character, not word by word.
const (
	zhNeg = iota
	zhTemp
	zhExp
	zhClasses
)

var zhClassFiles = [zhClasses]string{"zh_negation.tsv", "zh_temporality.tsv", "zh_experiencer.tsv"}

var zhClassNames = [zhClasses]string{"negation", "temporality", "experiencer"}

const (
	zFwd = 1 << iota
	zBwd
)

type zrule struct {
	value   string // a context value, "pseudo", "terminate", or a concept / section name
	dir     int
	window  int    // -1: the default windows
	only    string // for "terminate": the one value it stops, "" all
	negForm bool   // a finding form that negates itself
	phrase  string
}

type ztrie struct {
	next map[string]*ztrie
	r    *zrule
}

func (t *ztrie) add(keys []string, r *zrule) {
	n := t
	for _, k := range keys {
		if n.next == nil {
			n.next = map[string]*ztrie{}
		}
		c := n.next[k]
		if c == nil {
			c = &ztrie{}
			n.next[k] = c
		}
		n = c
	}
	if n.r == nil || n.r.value == "terminate" {
		n.r = r // a class's own rule outranks a shared terminator
	}
}

// longest returns the longest rule starting at units[i], not running into
// a unit marked in skip, and where it ends.
func (t *ztrie) longest(us []zunit, i int, skip []bool) (*zrule, int) {
	var best *zrule
	end := i
	n := t
	for k := i; k < len(us); k++ {
		if skip != nil && skip[k] {
			break
		}
		n = n.next[us[k].key]
		if n == nil {
			break
		}
		if n.r != nil {
			best, end = n.r, k+1
		}
	}
	return best, end
}

type zhLexicon struct {
	classes  [zhClasses]*ztrie
	findings *ztrie
	headings *ztrie
	concepts map[string]string // Chinese form -> canonical, for Assert
}

func phraseUnits(p string) []string {
	us := zhUnits(p, nil)
	keys := make([]string, len(us))
	for i, u := range us {
		keys[i] = u.key
	}
	return keys
}

var zhValues = [zhClasses]map[string]bool{
	{Negated: true, Possible: true, "pseudo": true, "terminate": true},
	{Historical: true, Hypothetical: true, "pseudo": true, "terminate": true},
	{Other: true, "pseudo": true, "terminate": true},
}

// loadZhLexicon compiles the zh_*.tsv files of fsys. english is the set of
// canonical concepts and section names of the English lexicons, which the
// Chinese ones must use.
func loadZhLexicon(fsys fs.FS, concepts, sections map[string]bool) (*zhLexicon, error) {
	lx := &zhLexicon{findings: &ztrie{}, headings: &ztrie{}, concepts: map[string]string{}}
	read := func(name string, fn func(line int, f []string) error) error {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return &LexiconError{name, 0, err.Error()}
		}
		return readLines(b, name, fn)
	}
	for c := range lx.classes {
		lx.classes[c] = &ztrie{}
		name := zhClassFiles[c]
		err := read(name, func(_ int, f []string) error {
			if len(f) < 2 {
				return fmt.Errorf("want phrase<TAB>value[<TAB>direction[<TAB>window]], got %q", f[0])
			}
			r := &zrule{value: f[1], window: -1, dir: zFwd, phrase: f[0]}
			if !zhValues[c][r.value] {
				return fmt.Errorf("value %q is not one of %s", r.value, strings.Join(sortedKeys(zhValues[c]), ", "))
			}
			if len(f) > 2 && f[2] != "" {
				switch f[2] {
				case "forward":
				case "backward":
					r.dir = zBwd
				case "both":
					r.dir = zFwd | zBwd
				default:
					return fmt.Errorf("direction %q is not forward, backward or both", f[2])
				}
			}
			if len(f) > 3 && f[3] != "" {
				w, err := strconv.Atoi(f[3])
				if err != nil || w < 0 {
					return fmt.Errorf("window %q is not a count of characters", f[3])
				}
				r.window = w
			}
			keys := phraseUnits(f[0])
			if len(keys) == 0 {
				return fmt.Errorf("empty phrase")
			}
			lx.classes[c].add(keys, r)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err := read("zh_terminators.tsv", func(_ int, f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want phrase<TAB>classes, got %q", f[0])
		}
		keys := phraseUnits(f[0])
		if len(keys) == 0 {
			return fmt.Errorf("empty phrase")
		}
		for _, cl := range strings.Split(f[1], ",") {
			cl = strings.TrimSpace(cl)
			ok := false
			for c := range lx.classes {
				switch {
				case cl == "all" || cl == zhClassNames[c]:
					lx.classes[c].add(keys, &zrule{value: "terminate", phrase: f[0]})
					ok = true
				case zhValues[c][cl] && cl != "pseudo" && cl != "terminate":
					lx.classes[c].add(keys, &zrule{value: "terminate", only: cl, phrase: f[0]})
					ok = true
				}
			}
			if !ok {
				return fmt.Errorf("class %q is not all, negation, temporality, experiencer or a context value", cl)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = read("zh_findings.tsv", func(_ int, f []string) error {
		if len(f) < 2 || f[0] == "" || f[1] == "" {
			return fmt.Errorf("want canonical<TAB>form|form|..., got %q", strings.Join(f, "\t"))
		}
		if concepts != nil && !concepts[f[0]] {
			return fmt.Errorf("concept %q is not a canonical name of findings.tsv", f[0])
		}
		for _, form := range strings.Split(f[1], "|") {
			form = strings.TrimSpace(form)
			neg := strings.HasPrefix(form, "!")
			form = strings.TrimPrefix(form, "!")
			keys := phraseUnits(form)
			if len(keys) == 0 {
				continue
			}
			lx.findings.add(keys, &zrule{value: f[0], negForm: neg, phrase: form})
			lx.concepts[strings.Join(keys, "")] = f[0]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = read("zh_sections.tsv", func(_ int, f []string) error {
		if len(f) < 2 || f[1] == "" {
			return fmt.Errorf("want heading<TAB>canonical, got %q", f[0])
		}
		name, slug := strings.CutPrefix(f[1], "+")
		if sections != nil && !slug && !sections[name] {
			return fmt.Errorf("section %q is not a canonical name of sections.tsv (write +%s for a heading English has no name for)", name, name)
		}
		keys := phraseUnits(f[0])
		if len(keys) == 0 {
			return fmt.Errorf("empty heading")
		}
		lx.headings.add(keys, &zrule{value: name, phrase: f[0]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return lx, nil
}

// englishNames reads the canonical concept and section names of the
// English lexicons, which the Chinese ones are checked against. Sections
// the English file has no heading for keep the slug an English heading
// would get (zh_sections.tsv lists them with a leading "+").
func englishNames(fsys fs.FS) (concepts, sections map[string]bool, err error) {
	concepts, sections = map[string]bool{}, map[string]bool{}
	b, err := fs.ReadFile(fsys, "findings.tsv")
	if err != nil {
		return nil, nil, err
	}
	if err := readLines(b, "findings.tsv", func(_ int, f []string) error {
		concepts[f[0]] = true
		return nil
	}); err != nil {
		return nil, nil, err
	}
	if b, err = fs.ReadFile(fsys, "sections.tsv"); err != nil {
		return nil, nil, err
	}
	if err := readLines(b, "sections.tsv", func(_ int, f []string) error {
		if len(f) > 1 {
			sections[f[1]] = true
		}
		return nil
	}); err != nil {
		return nil, nil, err
	}
	return concepts, sections, nil
}

var zhDefault = sync.OnceValues(func() (*zhLexicon, error) {
	fsys := LexiconFS()
	concepts, sections, err := englishNames(fsys)
	if err != nil {
		return nil, err
	}
	return loadZhLexicon(fsys, concepts, sections)
})

func zhLex() *zhLexicon {
	lx, err := zhDefault()
	if err != nil {
		panic(err) // the embedded lexicons are part of the build; tests catch this
	}
	return lx
}

// pseudoEnd returns where the longest pseudo-trigger of any class that
// starts at us[i] ends, or i.
func (lx *zhLexicon) pseudoEnd(us []zunit, i int) int {
	end := i
	for _, t := range lx.classes {
		if r, e := t.longest(us, i, nil); r != nil && r.value == "pseudo" && e > end {
			end = e
		}
	}
	return end
}
