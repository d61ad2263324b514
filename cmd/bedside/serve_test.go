package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeFlags(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"a certificate without a key is refused", []string{"serve", "-tls-cert", "c.pem"}, "go together"},
		{"a site that was not built says how to build it", []string{"serve", "-root", t.TempDir()}, "make build"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := dispatch(c.args, nil, &out, &errb); code == 0 || !strings.Contains(errb.String(), c.want) {
				t.Fatalf("exit %d, stderr %q, want it to contain %q", code, errb.String(), c.want)
			}
		})
	}
}

func TestExportCommand(t *testing.T) {
	root := t.TempDir()
	web := filepath.Join(root, "web")
	os.MkdirAll(web, 0o755)
	os.WriteFile(filepath.Join(web, "app.wasm"), []byte("\x00asm"), 0o644)
	dir := filepath.Join(t.TempDir(), "site")
	var out, errb bytes.Buffer
	if code := dispatch([]string{"export", "-root", root, dir}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, f := range []string{"index.html", "404.html", "app-worker.js", "web/app.wasm", "symptoms.html"} {
		t.Run("the static site has "+f, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("export without a directory prints usage", func(t *testing.T) {
		var errb bytes.Buffer
		if code := dispatch([]string{"export"}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage") {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	})
}
