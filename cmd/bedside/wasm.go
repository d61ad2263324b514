package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/bedside-health/bedside/app/wasmbuild"
)

func init() {
	register("wasm", command{"build web/app.wasm or web/worker.wasm as shipped, or say what their bytes are (-sizes)", runWasm})
}

var wasmTargets = map[string]wasmbuild.Target{"app": wasmbuild.App, "worker": wasmbuild.Worker}

func runWasm(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wasm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the binary here (replaced only when its bytes change)")
	sizes := fs.Bool("sizes", false, "print a table of the binary's bytes by Go package instead")
	top := fs.Int("top", 25, "with -sizes, packages listed before the rest are summed")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	t, ok := wasmTargets[fs.Arg(0)]
	if fs.NArg() != 1 || !ok || (*out == "") == !*sizes {
		fmt.Fprintln(stderr, "usage: bedside wasm -o FILE app|worker\n       bedside wasm -sizes [-top 25] app|worker")
		return 2
	}
	repo, err := repoRoot()
	if err != nil {
		fmt.Fprintln(stderr, "bedside wasm:", err)
		return 1
	}
	work, err := os.MkdirTemp("", "bedside-wasm-")
	if err != nil {
		fmt.Fprintln(stderr, "bedside wasm:", err)
		return 1
	}
	defer os.RemoveAll(work)
	if *sizes {
		if err := printSizes(stdout, repo, work, fs.Arg(0), t, *top); err != nil {
			fmt.Fprintln(stderr, "bedside wasm:", err)
			return 1
		}
		return 0
	}
	tmp := filepath.Join(work, "out.wasm")
	if err := wasmbuild.Build(repo, work, t, tmp); err != nil {
		fmt.Fprintln(stderr, "bedside wasm:", err)
		return 1
	}
	if err := replaceIfChanged(tmp, *out); err != nil {
		fmt.Fprintln(stderr, "bedside wasm:", err)
		return 1
	}
	return 0
}

// repoRoot is the directory of the main module's go.mod.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run inside the Bedside repository")
	}
	return filepath.Dir(mod), nil
}

// replaceIfChanged keeps dst's modification time when the build gave the
// same bytes, so `bedside precompress` (brotli 11, slow) skips it.
func replaceIfChanged(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return os.WriteFile(dst, data, 0o755)
}

// printSizes builds the binary twice: as shipped (for the bytes on the wire)
// and with symbols (same code, plus the names that say which package each
// function belongs to).
func printSizes(w io.Writer, repo, work, name string, t wasmbuild.Target, top int) error {
	shipped := filepath.Join(work, "shipped.wasm")
	if err := wasmbuild.Build(repo, work, t, shipped); err != nil {
		return err
	}
	named := filepath.Join(work, "named.wasm")
	t.KeepSymbols = true
	if err := wasmbuild.Build(repo, work, t, named); err != nil {
		return err
	}
	data, err := os.ReadFile(shipped)
	if err != nil {
		return err
	}
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, 11)
	bw.Write(data)
	if err := bw.Close(); err != nil {
		return err
	}
	withNames, err := os.ReadFile(named)
	if err != nil {
		return err
	}
	s, err := wasmbuild.ReadSizes(withNames)
	if err != nil {
		return err
	}
	kb := func(n int) string { return fmt.Sprintf("%.1f", float64(n)/1024) }
	pct := func(n int) string { return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(len(data))) }
	// The shipped binary has no names (ReadSizes says so) but its sections
	// are counted all the same; its data is Shrink's, not the named build's.
	sh, _ := wasmbuild.ReadSizes(data)
	if sh == nil {
		sh = s
	}
	fmt.Fprintf(w, "%s.wasm: %s KB, %s KB brotli 11 (code %s KB, data %s KB, other %s KB)\n\n",
		name, kb(len(data)), kb(br.Len()), kb(sh.Code), kb(sh.Data), kb(len(data)-sh.Code-sh.Data))
	fmt.Fprintln(w, "| package | code KB | share of the binary | functions |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	rest, restFuncs, restN := 0, 0, 0
	for i, p := range s.Packages {
		if i >= top {
			rest += p.Code
			restFuncs += p.Funcs
			restN++
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d |\n", p.Package, kb(p.Code), pct(p.Code), p.Funcs)
	}
	if restN > 0 {
		fmt.Fprintf(w, "| %d other packages | %s | %s | %d |\n", restN, kb(rest), pct(rest), restFuncs)
	}
	fmt.Fprintf(w, "| data: type descriptors, strings, function tables, embedded files | %s | %s | |\n", kb(s.Data), pct(s.Data))
	// The named build has the same code and data as the shipped one before
	// Shrink, so Shrink on it says what Shrink did to the shipped binary.
	if _, st, err := wasmbuild.Shrink(withNames); err == nil {
		fmt.Fprintf(w, "\nShrink (app/wasmbuild): %d data segments -> %d; %s KB of pclntab file and line tables zeroed.\n",
			st.SegmentsBefore, st.SegmentsAfter, kb(st.LineTableBytes))
	}
	return nil
}
