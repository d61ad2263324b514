package wasmbuild

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// The point of the trimmed copy: the app's browser build must not import
// net/http (and with it crypto/tls's initialisers), and must still build.
func TestTrimmedAppLinksNoNetHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the app for wasm")
	}
	repo := repoRoot(t)
	work := t.TempDir()
	modfile, err := Trim(repo, work)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool(), "list", "-modfile", modfile, "-deps", App.Pkg)
	cmd.Dir = repo
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for _, banned := range []string{"net/http", "crypto/tls", "crypto/x509", "crypto/ecdsa"} {
		for _, d := range deps {
			if d == banned {
				t.Errorf("the app's wasm build imports %s", banned)
			}
		}
	}
	if err := Build(repo, work, App, filepath.Join(work, "app.wasm")); err != nil {
		t.Fatal(err)
	}
}

// The browser build's Context.Encrypt and Decrypt only return an error
// (see edits), so no code of the app may call them.
func TestAppNeverCallsGoAppsEncryption(t *testing.T) {
	repo := repoRoot(t)
	for _, dir := range []string{"app", "cmd/app"} {
		err := filepath.WalkDir(filepath.Join(repo, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, call := range []string{".Encrypt(", ".Decrypt("} {
				if strings.Contains(string(src), call) {
					t.Errorf("%s calls %s: go-app's encryption is not in the browser build", p, call)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Edits are exact: a text that is not there once is an error, never a
// silent no-op (a go-app upgrade must fail here, not build something else).
func TestEditsRefuseTextThatIsNotThereExactlyOnce(t *testing.T) {
	for _, tc := range []struct{ name, content string }{
		{"a missing text is refused", "package app\n"},
		{"a text found twice is refused", "x x\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "f.go"), []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := applyEdits(dir, []edit{{"f.go", "x", "y"}}); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestEditsApplyToThePinnedGoApp(t *testing.T) {
	if _, err := Trim(repoRoot(t), t.TempDir()); err != nil {
		t.Fatal(err)
	}
}

// The linker writes the replace path into app.wasm's build information, so
// two builds from different scratch directories must name the copy alike
// (they once named a fresh temporary directory: every build of app.wasm
// differed, and with it the site's version).
func TestTrimNamesTheCopyAlikeEveryTime(t *testing.T) {
	repo := repoRoot(t)
	var mods []string
	for range 2 {
		modfile, err := Trim(repo, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(modfile)
		if err != nil {
			t.Fatal(err)
		}
		mods = append(mods, string(b))
	}
	if mods[0] != mods[1] {
		t.Fatalf("two trims wrote different go.mod files:\n%s\n---\n%s", mods[0], mods[1])
	}
	if !strings.Contains(mods[0], " => ./bin/go-app-") {
		t.Fatalf("the replace does not name the copy by a path relative to the repository:\n%s", mods[0])
	}
}

func TestPackageOfReadsTheLinkersNames(t *testing.T) {
	for _, tc := range []struct{ name, fn, want string }{
		{"a standard library function keeps its path", "encoding_json.Marshal", "encoding/json"},
		{"a nested standard package is written with slashes", "internal_runtime_maps.(*Map).Get", "internal/runtime/maps"},
		{"our own packages are written back as bedside/...", "github.com_bedside_health_bedside_engine_clinical_risk.init.2", "bedside/engine/clinical/risk"},
		{"a type's equality function counts for its package", "type_.eq.github.com_bedside_health_bedside_nlp.Span", "bedside/nlp"},
		{"another module is left as the linker wrote it", "github.com_maxence_charriere_go_app_v10_pkg_app.nodeManager.Mount", "github.com_maxence_charriere_go_app_v10_pkg_app"},
		{"a gonum package is found after its host's dot", "gonum.org_v1_gonum_mat.(*Dense).At", "gonum.org_v1_gonum_mat"},
		{"a runtime function", "runtime.mallocgc", "runtime"},
		{"a nameless function is counted apart", "", "(unnamed)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := packageOf(tc.fn); got != tc.want {
				t.Errorf("packageOf(%q) = %q, want %q", tc.fn, got, tc.want)
			}
		})
	}
}

func FuzzReadSizes(f *testing.F) {
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x0a\x05\x01\x03\x00\x01\x0b"))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x00\x0c\x04name\x01\x05\x01\x00\x02go"))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x02\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ReadSizes(b)
		if err == nil && s.Code+s.Data+s.Other > s.Total {
			t.Fatalf("sections %d+%d+%d exceed the file's %d bytes", s.Code, s.Data, s.Other, s.Total)
		}
	})
}
