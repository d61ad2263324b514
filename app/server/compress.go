package server

import (
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// compressible lists the extensions worth a precompressed copy; images are
// already compressed.
var compressible = map[string]bool{
	".wasm": true, ".js": true, ".json": true, ".css": true, ".svg": true,
	".html": true, ".safetensors": true, ".webmanifest": true, ".txt": true,
}

// Precompress writes NAME.br and NAME.gz next to every compressible file of
// 1 KiB or more under dir, skipping copies already newer than their file.
// quality is brotli's 0..11; builds use 11, tests something fast.
func Precompress(dir string, quality int) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !compressible[strings.ToLower(filepath.Ext(p))] {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() < 1024 {
			return err
		}
		for _, c := range []struct {
			ext string
			w   func(io.Writer) io.WriteCloser
		}{
			{".br", func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, quality) }},
			{".gz", func(w io.Writer) io.WriteCloser { z, _ := gzip.NewWriterLevel(w, gzip.BestCompression); return z }},
		} {
			if ci, err := os.Stat(p + c.ext); err == nil && !ci.ModTime().Before(info.ModTime()) {
				continue
			}
			if err := compressFile(p, p+c.ext, c.w); err != nil {
				return fmt.Errorf("precompress %s: %w", p, err)
			}
		}
		return nil
	})
}

func compressFile(src, dst string, newWriter func(io.Writer) io.WriteCloser) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := newWriter(out)
	_, err = io.Copy(w, in)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}
