package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// msgConsts reads the Msg* constants of engine/clinical from its sources, so
// that a code added there without being added to MessageCodes is caught here
// rather than shown to a reader as its raw code.
func msgConsts(t *testing.T) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "..", "engine", "clinical")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, "Msg") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						out[n.Name] = v
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("found no Msg constants in %s", dir)
	}
	return out
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

func placeholders(s string) []string {
	p := placeholder.FindAllString(s, -1)
	sort.Strings(p)
	return slices.Compact(p)
}

func TestMessagesTranslated(t *testing.T) {
	codes := clinical.MessageCodes()
	t.Run("MessageCodes lists every Msg constant once", func(t *testing.T) {
		for name, code := range msgConsts(t) {
			if !slices.Contains(codes, code) {
				t.Errorf("clinical.%s (%q) is missing from clinical.MessageCodes", name, code)
			}
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if seen[c] {
				t.Errorf("clinical.MessageCodes lists %q twice", c)
			}
			seen[c] = true
		}
	})
	t.Run("every code has an English and a 简体中文 string", func(t *testing.T) {
		for _, c := range codes {
			key, ok := messageKeys[c]
			if !ok {
				t.Errorf("message code %q has no string key in messageKeys", c)
				continue
			}
			if en[key] == "" {
				t.Errorf("message code %q: no English string for %q", c, key)
			}
			if zh[key] == "" {
				t.Errorf("message code %q: no 简体中文 string for %q", c, key)
			}
		}
	})
	t.Run("messageKeys names no code that clinical does not define", func(t *testing.T) {
		for c := range messageKeys {
			if !slices.Contains(codes, c) {
				t.Errorf("messageKeys has %q, which is not in clinical.MessageCodes", c)
			}
		}
	})
	t.Run("both languages use the same placeholders", func(t *testing.T) {
		for k, e := range en {
			z, ok := zh[k]
			if !ok {
				continue // TestTablesHaveTheSameKeys reports it
			}
			if pe, pz := placeholders(e), placeholders(z); !slices.Equal(pe, pz) {
				t.Errorf("%q: English has placeholders %v, 简体中文 has %v", k, pe, pz)
			}
		}
	})
}
