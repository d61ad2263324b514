package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// importGraph lists the module's packages with the module's packages each
// imports (tests excluded: a test may reach across layers to get real
// weights). Both the native and the js/wasm builds count, since app/ui and
// app/platform import different files in each.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..")
	out, err := exec.Command("go", "list", "-m").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	module := strings.TrimSpace(string(out))
	graph := map[string][]string{}
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("go list %v: %v\n%s", env, err, stderr)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Fields(line)
			if len(f) == 0 {
				continue
			}
			pkg := rel(module, f[0])
			if _, ok := graph[pkg]; !ok {
				graph[pkg] = nil
			}
			for _, imp := range f[1:] {
				if r := rel(module, imp); r != imp {
					graph[pkg] = append(graph[pkg], r)
				}
			}
		}
	}
	return graph
}

// rel makes a path of this module relative to its root ("engine/clinical");
// other paths come back unchanged.
func rel(module, path string) string {
	if path == module {
		return "."
	}
	if r, ok := strings.CutPrefix(path, module+"/"); ok {
		return r
	}
	return path
}

// under reports whether pkg is dir or one of its subpackages.
func under(pkg, dir string) bool {
	return pkg == dir || strings.HasPrefix(pkg, dir+"/")
}

// TestImportLayers keeps the layers apart: nlp is a leaf, the engine is
// generic (no clinical knowledge, no text processing), and the UI talks to
// models only through the engine/clinical contract, so that each layer can
// be moved, split or replaced without the others. The rules are written by
// prefix so that packages added or moved later are held to them too.
func TestImportLayers(t *testing.T) {
	graph := importGraph(t)
	if len(graph) == 0 {
		t.Fatal("go list found no imports within the module")
	}
	rules := []struct {
		name string
		// applies reports whether the rule constrains the importer pkg.
		applies func(pkg string) bool
		// forbidden returns why importing imp is not allowed, or "".
		forbidden func(imp string) string
	}{
		{
			name:    "nlp imports nothing of this module outside nlp",
			applies: func(p string) bool { return under(p, "nlp") },
			forbidden: func(imp string) string {
				if !under(imp, "nlp") {
					return "nlp is a leaf"
				}
				return ""
			},
		},
		{
			// the FHIR writer turns an nlp.Note into resources; the worker
			// and the command line both use it, so it may depend on neither
			name:    "fhir imports nothing of this module but nlp",
			applies: func(p string) bool { return under(p, "fhir") },
			forbidden: func(imp string) string {
				if !under(imp, "nlp") && !under(imp, "fhir") {
					return "fhir writes nlp's results and depends on nothing else"
				}
				return ""
			},
		},
		{
			name:    "the generic engine imports nothing from engine/clinical",
			applies: func(p string) bool { return under(p, "engine") && !under(p, "engine/clinical") },
			forbidden: func(imp string) string {
				if under(imp, "engine/clinical") {
					return "the engine knows nothing of clinical tasks"
				}
				return ""
			},
		},
		{
			name:    "app/ui imports from the engine only the engine/clinical contract",
			applies: func(p string) bool { return p == "app/ui" },
			forbidden: func(imp string) string {
				if under(imp, "engine") && imp != "engine/clinical" {
					return "the UI reaches models only through the engine/clinical contract"
				}
				return ""
			},
		},
		{
			name:    "among engine packages only engine/clinical and its subpackages import nlp",
			applies: func(p string) bool { return under(p, "engine") && !under(p, "engine/clinical") },
			forbidden: func(imp string) string {
				if under(imp, "nlp") {
					return "text processing belongs to the clinical tasks, not the generic engine"
				}
				return ""
			},
		},
	}
	pkgs := make([]string, 0, len(graph))
	for p := range graph {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, r := range rules {
		t.Run(r.name, func(t *testing.T) {
			checked := 0
			for _, p := range pkgs {
				if !r.applies(p) {
					continue
				}
				checked++
				seen := map[string]bool{}
				for _, imp := range graph[p] {
					if seen[imp] {
						continue
					}
					seen[imp] = true
					if why := r.forbidden(imp); why != "" {
						t.Errorf("%s imports %s: %s", p, imp, why)
					}
				}
			}
			if checked == 0 {
				t.Errorf("no package of the module is constrained by this rule; were the packages renamed?")
			}
		})
	}
}

// The rules above must catch what they are meant to, or a typo in a prefix
// would let every import through.
func TestImportRulesCatchViolations(t *testing.T) {
	for _, tc := range []struct{ pkg, dir string }{
		{"nlp", "nlp"}, {"nlp/x", "nlp"}, {"engine/clinical/risk", "engine/clinical"},
	} {
		if !under(tc.pkg, tc.dir) {
			t.Errorf("under(%q, %q) = false", tc.pkg, tc.dir)
		}
	}
	for _, tc := range []struct{ pkg, dir string }{
		{"nlpx", "nlp"}, {"engine/clinicalx", "engine/clinical"}, {"app/uix", "app/ui"},
	} {
		if under(tc.pkg, tc.dir) {
			t.Errorf("under(%q, %q) = true", tc.pkg, tc.dir)
		}
	}
	if got := rel("m", "m/engine"); got != "engine" {
		t.Errorf("rel = %q", got)
	}
	if got := rel("m", "mx/engine"); got != "mx/engine" {
		t.Errorf("rel = %q", got)
	}
}

// TestAppLinksNoNoteReader keeps the note reader out of app.wasm: the app
// shows nlp's records (nlp/record) and sends text to the worker, which
// links nlp, its lexicons, regular expressions and stemmer: in the app they
// cost 117 KB of brotli on the wire (1,838,960 -> 1,722,314 bytes).
func TestAppLinksNoNoteReader(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./cmd/app")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./cmd/app: %v", err)
	}
	module, err := exec.Command("go", "list", "-m").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	deps, ours := map[string][]string{}, map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			p := rel(strings.TrimSpace(string(module)), f[0])
			deps[p], ours[p] = f[1:], p != f[0]
		}
	}
	if !ours["app/ui"] {
		t.Fatalf("app/ui is not among the app's packages; did go list run on the app? %d packages", len(deps))
	}
	if why := appLinksNoNoteReader(deps, ours); why != "" {
		t.Error(why)
	}
}

// appLinksNoNoteReader says what of the note reader a package graph (path,
// relative to the module for ours -> its imports) holds, or "".
func appLinksNoNoteReader(deps map[string][]string, ours map[string]bool) string {
	var bad []string
	for p, imps := range deps {
		switch {
		case p == "nlp/record":
		case ours[p] && (under(p, "nlp") || under(p, "fhir")), strings.HasPrefix(p, "github.com/kljensen/snowball"):
			bad = append(bad, p+" is linked")
		case ours[p]:
			// go-app imports regexp, but only our code could make the
			// linker keep it.
			for _, imp := range imps {
				if imp == "regexp" {
					bad = append(bad, p+" imports "+imp)
				}
			}
		}
	}
	sort.Strings(bad)
	return strings.Join(bad, "; ")
}

func TestAppRuleCatchesTheNoteReader(t *testing.T) {
	for _, tc := range []struct {
		name string
		deps map[string][]string
		want string
	}{
		{"records alone pass", map[string][]string{"app/ui": {"nlp/record"}, "nlp/record": {"unicode"}, "regexp": {"regexp/syntax"}, "go-app": {"regexp"}}, ""},
		{"nlp is caught", map[string][]string{"app/ui": {"nlp"}, "nlp": {"regexp"}}, "nlp is linked"},
		{"a package below nlp is caught", map[string][]string{"nlp/lexicon": nil}, "nlp/lexicon is linked"},
		{"the FHIR writer is caught", map[string][]string{"fhir": {"nlp"}}, "fhir is linked"},
		{"the stemmer is caught", map[string][]string{"github.com/kljensen/snowball/english": nil}, "snowball/english is linked"},
		{"a regular expression of ours is caught", map[string][]string{"engine/clinical": {"regexp"}}, "engine/clinical imports regexp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ours := map[string]bool{}
			for p := range tc.deps {
				ours[p] = !strings.Contains(p, ".") && p != "regexp" && p != "go-app"
			}
			got := appLinksNoNoteReader(tc.deps, ours)
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// The worker's patterns (triage, note extraction) run from tables compiled
// ahead of time (nlp/rx) and its hashes are plain Go (weights: SHA-256;
// FHIR ids: SHA-1), so it links no regexp and no crypto package: either
// would bring back ~60 KB of brotli. Its JSON is read and written by
// engine/jsonval and nlp/jsonval, without reflection: encoding/json, even
// imported for one call, links its encoder and decoder through its
// package initialisation and costs ~73 KB of brotli (issue 15).
func TestWorkerLinksNoRegexpCryptoOrJSON(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./cmd/worker")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./cmd/worker: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/bedside-health/bedside/nlp") {
		t.Fatalf("nlp is not among the worker's %d packages; did go list run on the worker?", len(deps))
	}
	for _, d := range deps {
		if workerMayNotLink(d) {
			t.Errorf("the worker links %s", d)
		}
	}
}

// workerMayNotLink reports whether the worker must do without package d.
func workerMayNotLink(d string) bool {
	return d == "regexp" || d == "regexp/syntax" || d == "crypto" || strings.HasPrefix(d, "crypto/") || d == "encoding/json"
}

func TestWorkerRuleCatchesWhatItMust(t *testing.T) {
	for _, d := range []string{"regexp", "regexp/syntax", "crypto", "crypto/sha256", "encoding/json"} {
		if !workerMayNotLink(d) {
			t.Errorf("%s passes", d)
		}
	}
	for _, d := range []string{"encoding/binary", "encoding/hex", "reflect", "github.com/bedside-health/bedside/engine/jsonval"} {
		if workerMayNotLink(d) {
			t.Errorf("%s is refused", d)
		}
	}
}
