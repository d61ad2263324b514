// Package wasmbuild builds Bedside's two WebAssembly binaries the way they
// ship, for `make build` (through `bedside wasm`) and the browser tests alike,
// so that what the tests load is what users download.
//
// go-app keeps its HTTP server (Handler) in the same package as the browser
// runtime, so every go-app program compiled to wasm imports net/http, and the
// package initialisers of crypto/tls's dependencies (ecdsa, ecdh, hpke,
// mlkem, math/big...) stay linked although the browser never runs a line of
// them: a go-app "hello world" is 1.40 MB brotli with them and 1.06 MB
// without. The app is therefore built against a copy of go-app's pkg/app in
// which the server-only code is left out of js/wasm builds (three exact edits
// below, checked against the pinned version), through a temporary go.mod with
// a replace directive. Native builds (the server, the tests) use go-app as
// published.
package wasmbuild

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// GoAppModule is the module trimmed for the browser; GoAppVersion the only
// version the edits are known to fit (Trim refuses any other).
const (
	GoAppModule  = "github.com/maxence-charriere/go-app/v10"
	GoAppVersion = "v10.1.11"
)

// edit is one exact replacement in a file of go-app's pkg/app. Each must match
// exactly once, so a go-app upgrade fails loudly here instead of building a
// subtly different app.
type edit struct {
	file, old, new string
}

var edits = []edit{
	// The HTTP handler and its static-site generator: server only.
	{"pkg/app/http.go", "package app\n", "//go:build !wasm\n\npackage app\n"},
	// LocalDir serves files from disk for the server; in the browser only its
	// Resolve method is reachable, so the embedded file server goes.
	{"pkg/app/resource.go", "\t\"net/http\"\n", ""},
	{"pkg/app/resource.go", "\t\tHandler:   http.FileServer(http.Dir(directory)),\n", ""},
	{"pkg/app/resource.go", "\thttp.Handler\n\tdirectory string\n", "\tdirectory string\n"},
	// The wasm stub of GenerateStaticWebsite names *Handler, now absent.
	// Context.Encrypt and Decrypt (AES-GCM under a key kept next to the data,
	// in local storage) are unused here: Bedside seals its history with
	// WebCrypto (app/platform). Reflection keeps every exported method of
	// Context linked, and with them AES, GCM and the FIPS module's self
	// tests: ~10 KB brotli. In the browser build they now return an error;
	// TestAppNeverCallsGoAppsEncryption keeps it so.
	{"pkg/app/wasm.go", "func GenerateStaticWebsite(dir string, h *Handler, pages ...string) error {\n\tpanic(errors.New(\"unsupported instruction\").\n\t\tWithTag(\"architecture\", runtime.GOARCH))\n}\n",
		"var (\n\t_ = errors.New\n\t_ = runtime.GOARCH\n)\n\n" +
			"func encrypt(key string, v []byte) ([]byte, error) { return nil, errors.New(\"encryption is not in this build\") }\n\n" +
			"func decrypt(key string, v []byte) ([]byte, error) { return nil, errors.New(\"decryption is not in this build\") }\n"},
	{"pkg/app/crypto.go", "package app\n", "//go:build !wasm\n\npackage app\n"},
}

// goTool is the go command of the running toolchain when there is one (tests
// run with GOROOT set), else the one on PATH.
func goTool() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			return p
		}
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// moduleDir is where the go command keeps the pinned go-app.
func moduleDir(repo string) (string, error) {
	cmd := exec.Command(goTool(), "list", "-m", "-f", "{{.Version}} {{.Dir}}", GoAppModule)
	cmd.Dir = repo
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("locating %s: %w", GoAppModule, err)
	}
	version, dir, ok := strings.Cut(strings.TrimSpace(string(out)), " ")
	if !ok || dir == "" {
		if err := exec.Command(goTool(), "mod", "download", GoAppModule).Run(); err != nil {
			return "", fmt.Errorf("%s is not downloaded: %w", GoAppModule, err)
		}
		return moduleDir(repo)
	}
	if version != GoAppVersion {
		return "", fmt.Errorf("go.mod pins %s %s; the wasm edits fit %s only (update wasmbuild)", GoAppModule, version, GoAppVersion)
	}
	return dir, nil
}

// Trim writes a copy of go-app's pkg/app and pkg/errors (the only packages
// the app imports) with the edits applied, and into dir go.mod and go.sum
// files for the repository with a replace directive to that copy. It returns
// the path of that go.mod, for `go build -modfile`.
//
// The copy lives at a fixed place inside the repository (bin/, named by
// go-app's version and a hash of the edits) and the replace names it by a
// relative path, because the linker writes the replace path into the
// binary's build information: a copy in a fresh temporary directory made
// every build of app.wasm differ, and with it the site's version, so every
// rebuild would have sent every user a new app.wasm.
func Trim(repo, dir string) (string, error) {
	rel, err := trimmedCopy(repo)
	if err != nil {
		return "", err
	}
	mod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		return "", err
	}
	mod = append(mod, fmt.Sprintf("\nreplace %s => ./%s\n", GoAppModule, filepath.ToSlash(rel))...)
	modfile := filepath.Join(dir, "wasm.mod")
	if err := os.WriteFile(modfile, mod, 0o644); err != nil {
		return "", err
	}
	if err := copyFile(filepath.Join(repo, "go.sum"), filepath.Join(dir, "wasm.sum")); err != nil {
		return "", err
	}
	return modfile, nil
}

// trimmedCopy makes the edited copy under repo/bin unless it is there, and
// returns its path relative to repo. Builds run concurrently (the browser
// test packages each build the app): the copy is written to a temporary
// directory and renamed into place, so a copy that exists is whole.
func trimmedCopy(repo string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", GoAppModule, GoAppVersion)
	for _, e := range edits {
		fmt.Fprintf(h, "%q %q %q\n", e.file, e.old, e.new)
	}
	rel := filepath.Join("bin", fmt.Sprintf("go-app-%s-%x", GoAppVersion, h.Sum(nil)[:6]))
	final := filepath.Join(repo, rel)
	if _, err := os.Stat(filepath.Join(final, "go.mod")); err == nil {
		return rel, nil
	}
	src, err := moduleDir(repo)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(final), ".go-app-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for _, pkg := range []string{"pkg/app", "pkg/errors"} {
		if err := copyGoFiles(filepath.Join(src, pkg), filepath.Join(tmp, pkg)); err != nil {
			return "", err
		}
	}
	if err := applyEdits(tmp, edits); err != nil {
		return "", err
	}
	// go.mod last: its presence is what marks a copy whole.
	if err := copyFile(filepath.Join(src, "go.mod"), filepath.Join(tmp, "go.mod")); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		if _, serr := os.Stat(filepath.Join(final, "go.mod")); serr == nil {
			return rel, nil // another build made it first
		}
		return "", err
	}
	return rel, nil
}

func applyEdits(root string, edits []edit) error {
	for _, e := range edits {
		path := filepath.Join(root, e.file)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := bytes.Count(data, []byte(e.old)); n != 1 {
			return fmt.Errorf("go-app %s: expected text found %d times, not once (%q); go-app changed, update wasmbuild", e.file, n, e.old)
		}
		data = bytes.Replace(data, []byte(e.old), []byte(e.new), 1)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// copyGoFiles copies a package's non-test Go files (read-only in the module
// cache, writable in the copy).
func copyGoFiles(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if err := copyFile(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("no Go files in %s", from)
	}
	return nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// Target is one wasm binary: its main package, build tags, and whether it
// links go-app (and so is built against the trimmed copy).
type Target struct {
	Pkg   string
	Tags  string
	GoApp bool
	// KeepSymbols builds without -s -w: the same code with the function
	// names that ReadSizes needs.
	KeepSymbols bool
}

// App and Worker are the two binaries of the site. Only the app links go-app;
// the worker is built as is.
var (
	App    = Target{Pkg: "./cmd/app", GoApp: true}
	Worker = Target{Pkg: "./cmd/worker"}
)

// Build compiles t for GOOS=js GOARCH=wasm into out, small and reproducible
// (-trimpath, no symbol tables, then Shrink); targets that import go-app are built against
// the trimmed copy made in work (a scratch directory).
func Build(repo, work string, t Target, out string) error {
	args := []string{"build", "-trimpath", "-ldflags", "-s -w", "-o", out}
	if t.KeepSymbols {
		args = []string{"build", "-trimpath", "-o", out}
	}
	if t.Tags != "" {
		args = append(args, "-tags", t.Tags)
	}
	if t.GoApp {
		modfile, err := Trim(repo, work)
		if err != nil {
			return err
		}
		args = append(args, "-modfile", modfile)
	}
	cmd := exec.Command(goTool(), append(args, t.Pkg)...)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", t.Pkg, err, out)
	}
	if t.KeepSymbols {
		return nil
	}
	bin, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	small, _, err := Shrink(bin)
	if err != nil {
		return fmt.Errorf("shrink %s: %w", t.Pkg, err)
	}
	return os.WriteFile(out, small, 0o644)
}
