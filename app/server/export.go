package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
)

// Export writes the site as plain files into dir, for any static host or
// CDN: every page prerendered, go-app's scripts and manifest, the service
// worker, and a copy of web/ (wasm, worker, weights, icons) without the
// precompressed copies, which plain hosts would not negotiate.
//
// A page is written as ROUTE.html (what GitHub Pages, Netlify and most CDNs
// serve for /ROUTE), and 404.html is the app shell so that hosts which fall
// back to it still open the right page. After the first visit the service
// worker answers every route itself, online or not.
func (s *Site) Export(dir string, pages []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	files := map[string]string{
		"/":                     "index.html",
		"/app.js":               "app.js",
		"/wasm_exec.js":         "wasm_exec.js",
		"/app-worker.js":        "app-worker.js",
		"/manifest.webmanifest": "manifest.webmanifest",
		"/app.css":              "app.css",
	}
	for _, p := range pages {
		if p == "/" || p == "" {
			continue
		}
		files[p] = strings.TrimPrefix(p, "/") + ".html"
	}
	for u, name := range files {
		err := fetchTo(srv.URL+u, filepath.Join(dir, filepath.FromSlash(name)))
		if err == errNotRouted {
			continue // a page the UI does not have (yet): the shell covers it
		}
		if err != nil {
			return fmt.Errorf("export %s: %w", u, err)
		}
	}
	if err := copyFile(filepath.Join(dir, "index.html"), filepath.Join(dir, "404.html")); err != nil {
		return err
	}
	return copyTree(filepath.Join(s.Root, "web"), filepath.Join(dir, "web"))
}

var errNotRouted = errors.New("not routed")

// Pages lists the routes the app promises to open offline, for models the
// site ships: export prerenders them and the tests reload each one.
func (s *Site) Pages() []string {
	p := []string{"/", "/symptoms", "/notes", "/risk/wdbc", "/risk/pima", "/risk/heart", "/survival", "/settings"}
	for _, m := range s.Models {
		p = append(p, "/models/"+m.Name)
	}
	return p
}

func fetchTo(url, dst string) error {
	res, err := http.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		return errNotRouted
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", res.Status)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func copyTree(src, dst string) error {
	return filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		base := filepath.Base(p)
		if strings.HasPrefix(base, ".") && rel != "." {
			if info.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		ext := filepath.Ext(p)
		if ext == ".br" || ext == ".gz" || ext == ".go" {
			return nil
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
