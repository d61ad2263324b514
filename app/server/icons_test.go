package server

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite web/icons from Icons()")

func TestIcons(t *testing.T) {
	dir := filepath.Join("..", "..", "web", "icons")
	if *update {
		if err := WriteIcons(dir); err != nil {
			t.Fatal(err)
		}
	}
	sizes := map[string]int{"icon-192.png": 192, "icon-512.png": 512, "maskable-512.png": 512}
	for name, want := range Icons() {
		t.Run("the committed "+name+" is what Icons draws", func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("%v (run go test ./app/server -run TestIcons -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("web/icons/%s is stale: run go test ./app/server -run TestIcons -update", name)
			}
			if size, ok := sizes[name]; ok {
				cfg, err := png.DecodeConfig(bytes.NewReader(got))
				if err != nil || cfg.Width != size || cfg.Height != size {
					t.Fatalf("%s is %dx%d (%v), want %dx%d", name, cfg.Width, cfg.Height, err, size, size)
				}
			}
		})
	}
}
