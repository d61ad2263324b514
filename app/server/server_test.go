package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

var routeOnce sync.Once

// site builds a minimal web/ (a fake app.wasm is enough for the server,
// which never runs it) and opens it.
func site(t *testing.T) *Site {
	t.Helper()
	routeOnce.Do(func() {
		app.Route("/", func() app.Composer { return &page{} })
		app.RouteWithRegexp(`^/elsewhere`, func() app.Composer { return &page{} }) // as the UI's not-found page
	})
	root := t.TempDir()
	web := filepath.Join(root, "web")
	os.MkdirAll(filepath.Join(web, "models"), 0o755)
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(web, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app.wasm", strings.Repeat("\x00asm wasm bytes ", 200))
	write("bedside.js", strings.Repeat("// the platform script\n", 100))
	write("models/manifest.json", `{"models":[{"name":"toy","version":"1","file":"toy.bin","sha256":"`+strings.Repeat("ab", 32)+`","bytes":24,"kind":"tabular","card":"toy.card.json"}]}`)
	write("models/toy.card.json", `{"name":"toy"}`)
	write(".secret", "never served")
	if err := Precompress(web, 5); err != nil {
		t.Fatal(err)
	}
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type page struct{ app.Compo }

func (p *page) Render() app.UI { return app.Main().Text("home") }

func do(s *Site, method, target string, header map[string]string) *http.Response {
	r := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Result()
}

func TestSecurityHeaders(t *testing.T) {
	s := site(t)
	for _, target := range []string{"/", "/web/bedside.js", "/app.js", "/app-worker.js", "/web/missing.js", "/nope"} {
		t.Run("every response to "+target+" carries the security headers", func(t *testing.T) {
			res := do(s, "GET", target, nil)
			for h, want := range map[string]string{
				"Content-Security-Policy":    "connect-src 'self'",
				"X-Content-Type-Options":     "nosniff",
				"Referrer-Policy":            "no-referrer",
				"Permissions-Policy":         "camera=()",
				"Cross-Origin-Opener-Policy": "same-origin",
			} {
				if got := res.Header.Get(h); !strings.Contains(got, want) {
					t.Errorf("%s = %q, want it to contain %q", h, got, want)
				}
			}
			if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "http") || strings.Contains(csp, "*") {
				t.Errorf("CSP names another origin: %s", csp)
			}
		})
	}
}

func TestMethodsAndPaths(t *testing.T) {
	s := site(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		t.Run(m+" is refused with 405", func(t *testing.T) {
			res := do(s, m, "/", nil)
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
				t.Fatalf("status %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
			}
		})
	}
	t.Run("HEAD is served", func(t *testing.T) {
		if res := do(s, "HEAD", "/web/bedside.js", nil); res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	for _, p := range []string{"/web/../go.mod", "/web/./bedside.js", "/web//bedside.js", "/web/.secret", "/web/models/"} {
		t.Run("the odd path "+p+" is refused", func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.URL.Path = p
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code == 200 {
				t.Fatalf("status 200 for %s: %q", p, w.Body.String())
			}
		})
	}
}

func TestPrecompressed(t *testing.T) {
	s := site(t)
	want, _ := os.ReadFile(filepath.Join(s.Root, "web", "app.wasm"))
	for _, c := range []struct {
		name, accept, encoding string
		decode                 func(io.Reader) (io.Reader, error)
	}{
		{"brotli is preferred when accepted", "gzip, deflate, br", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		{"gzip is served when brotli is not accepted", "gzip", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"brotli refused with q=0 falls back to gzip", "br;q=0, gzip", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"identity when nothing is accepted", "", "", func(r io.Reader) (io.Reader, error) { return r, nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := do(s, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": c.accept})
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != c.encoding {
				t.Fatalf("Content-Encoding %q, want %q", got, c.encoding)
			}
			if res.Header.Get("Content-Type") != "application/wasm" || res.Header.Get("Vary") != "Accept-Encoding" {
				t.Fatalf("Content-Type %q, Vary %q", res.Header.Get("Content-Type"), res.Header.Get("Vary"))
			}
			r, err := c.decode(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("decoded body differs from app.wasm (err %v)", err)
			}
		})
	}
	t.Run("a stale compressed copy is not served", func(t *testing.T) {
		p := filepath.Join(s.Root, "web", "bedside.js")
		if err := os.WriteFile(p, []byte(strings.Repeat("// a newer script\n", 100)), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p+".br", info(t, p).ModTime().Add(-1e9), info(t, p).ModTime().Add(-1e9))
		os.Chtimes(p+".gz", info(t, p).ModTime().Add(-1e9), info(t, p).ModTime().Add(-1e9))
		res := do(s, "GET", "/web/bedside.js", map[string]string{"Accept-Encoding": "br, gzip"})
		body, _ := io.ReadAll(res.Body)
		if res.Header.Get("Content-Encoding") != "" || !strings.Contains(string(body), "newer") {
			t.Fatalf("served %q encoded %q", body[:20], res.Header.Get("Content-Encoding"))
		}
	})
}

func info(t *testing.T, p string) os.FileInfo {
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

func TestHandlerConfig(t *testing.T) {
	s := site(t)
	t.Run("the wasm content length is the uncompressed size", func(t *testing.T) {
		if want := info(t, filepath.Join(s.Root, "web", "app.wasm")).Size(); s.App.WasmContentLength != strconv.FormatInt(want, 10) {
			t.Fatalf("WasmContentLength %q, want %d", s.App.WasmContentLength, want)
		}
	})
	t.Run("every icon is a local file", func(t *testing.T) {
		for _, ic := range []string{s.App.Icon.Default, s.App.Icon.Large, s.App.Icon.Maskable, s.App.Icon.SVG} {
			if !strings.HasPrefix(ic, "/web/") {
				t.Fatalf("icon %q is not local", ic)
			}
		}
	})
	t.Run("the service worker caches the manifest and cards but not weights", func(t *testing.T) {
		res := do(s, "GET", "/app-worker.js", nil)
		body, _ := io.ReadAll(res.Body)
		js := string(body)
		for _, want := range []string{"/web/models/manifest.json", "/web/models/toy.card.json", "/web/worker.wasm", "event.waitUntil", `"app-` + s.Version} {
			if !strings.Contains(js, want) {
				t.Errorf("app-worker.js lacks %q", want)
			}
		}
		if strings.Contains(js, "toy.bin") {
			t.Error("app-worker.js caches weights; they belong in IndexedDB")
		}
	})
	t.Run("the version changes with the wasm and only then", func(t *testing.T) {
		again, err := Open(s.Root)
		if err != nil || again.Version != s.Version {
			t.Fatalf("reopening changed the version: %q vs %q (%v)", again.Version, s.Version, err)
		}
		os.WriteFile(filepath.Join(s.Root, "web", "app.wasm"), []byte("new release"), 0o644)
		changed, err := Open(s.Root)
		if err != nil || changed.Version == s.Version {
			t.Fatalf("a new app.wasm kept version %q (%v)", s.Version, err)
		}
	})
}

func TestExport(t *testing.T) {
	s := site(t)
	dir := t.TempDir()
	if err := s.Export(dir, s.Pages()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "404.html", "app.js", "wasm_exec.js", "app-worker.js", "manifest.webmanifest", "app.css", "web/app.wasm", "web/models/manifest.json"} {
		t.Run("the export holds "+f, func(t *testing.T) {
			info(t, filepath.Join(dir, f))
		})
	}
	t.Run("the export leaves out precompressed copies and dot files", func(t *testing.T) {
		for _, f := range []string{"web/app.wasm.br", "web/app.wasm.gz", "web/.secret"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				t.Errorf("%s was exported", f)
			}
		}
	})
	t.Run("pages carry the CSP as a meta tag for hosts that set no headers", func(t *testing.T) {
		b, _ := os.ReadFile(filepath.Join(dir, "index.html"))
		if !strings.Contains(string(b), `http-equiv="Content-Security-Policy"`) || strings.Contains(string(b), "frame-ancestors") {
			t.Fatal("index.html lacks the meta CSP or has frame-ancestors (not allowed in meta)")
		}
	})
}

func TestAccessLog(t *testing.T) {
	s := site(t)
	var buf bytes.Buffer
	s.Log = log.New(&buf, "", 0)
	do(s, "GET", "/web/bedside.js?text=chest+pain", nil)
	do(s, "POST", "/?q=my+symptoms", nil)
	t.Run("the log names the path and status but never the query", func(t *testing.T) {
		got := buf.String()
		if !strings.Contains(got, "GET /web/bedside.js 200") || !strings.Contains(got, "POST / 405") {
			t.Fatalf("log: %q", got)
		}
		if strings.Contains(got, "chest") || strings.Contains(got, "symptoms") {
			t.Fatalf("the log holds what was typed: %q", got)
		}
	})
}

func TestPages(t *testing.T) {
	s := site(t)
	for _, c := range []struct {
		name, path string
		status     int
	}{
		{"a page of the site is served with 200", "/", http.StatusOK},
		{"a path that is no page of the site gets the app's page with 404", "/elsewhere", http.StatusNotFound},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := do(s, "GET", c.path, nil)
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Errorf("status %d, want %d", res.StatusCode, c.status)
			}
			if !strings.Contains(string(body), "home") {
				t.Errorf("not the app's page: %.200s", body)
			}
			if n, _ := strconv.Atoi(res.Header.Get("Content-Length")); n != len(body) {
				t.Errorf("Content-Length %d for %d bytes", n, len(body))
			}
			t.Run("without a domain no og:url or og:image points nowhere", func(t *testing.T) {
				if strings.Contains(string(body), "https:///") || strings.Contains(string(body), `"https://"`) || strings.Contains(string(body), "og:url") {
					t.Errorf("a broken Open Graph URL: %.600s", body)
				}
			})
		})
	}
}

func TestAppResponsesCompressed(t *testing.T) {
	s := site(t)
	for _, path := range []string{"/", "/wasm_exec.js", "/app.js", "/app.css", "/elsewhere"} {
		plain := do(s, "GET", path, nil)
		want, _ := io.ReadAll(plain.Body)
		if len(want) < 1024 {
			t.Fatalf("%s: %d bytes, too small for this test", path, len(want))
		}
		for _, c := range []struct {
			name, accept, encoding string
			decode                 func(io.Reader) (io.Reader, error)
		}{
			{"is sent with brotli when the browser accepts it", "gzip, deflate, br, zstd", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
			{"is sent gzipped when only gzip is accepted", "gzip", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
			{"is sent as is when nothing is accepted", "", "", func(r io.Reader) (io.Reader, error) { return r, nil }},
		} {
			t.Run(path+" "+c.name, func(t *testing.T) {
				for round := 0; round < 2; round++ { // the second comes from the cache
					res := do(s, "GET", path, map[string]string{"Accept-Encoding": c.accept})
					if res.StatusCode != plain.StatusCode {
						t.Fatalf("status %d, uncompressed %d", res.StatusCode, plain.StatusCode)
					}
					if got := res.Header.Get("Content-Encoding"); got != c.encoding {
						t.Fatalf("Content-Encoding %q, want %q", got, c.encoding)
					}
					if res.Header.Get("Content-Security-Policy") != CSP || res.Header.Get("Content-Type") != plain.Header.Get("Content-Type") {
						t.Fatalf("headers lost: %v", res.Header)
					}
					raw, _ := io.ReadAll(res.Body)
					if cl := res.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(raw)) {
						t.Fatalf("Content-Length %s for %d bytes", cl, len(raw))
					}
					r, err := c.decode(bytes.NewReader(raw))
					if err != nil {
						t.Fatal(err)
					}
					got, err := io.ReadAll(r)
					if err != nil || !sameBytes(got, want, path) {
						t.Fatalf("decoded body differs from the uncompressed response (err %v)", err)
					}
					if c.encoding != "" && len(raw) >= len(want) {
						t.Fatalf("compressed %d bytes, uncompressed %d", len(raw), len(want))
					}
				}
			})
		}
	}
	t.Run("a compressed page revalidates to 304 with its weak tag", func(t *testing.T) {
		res := do(s, "GET", "/app.js", map[string]string{"Accept-Encoding": "br"})
		tag := res.Header.Get("ETag")
		if !strings.HasPrefix(tag, "W/") {
			t.Fatalf("ETag %q of a compressed response is not weak", tag)
		}
		again := do(s, "GET", "/app.js", map[string]string{"Accept-Encoding": "br", "If-None-Match": tag})
		if again.StatusCode != http.StatusNotModified {
			t.Fatalf("status %d, want 304", again.StatusCode)
		}
	})
	t.Run("HEAD sends headers without a body", func(t *testing.T) {
		res := do(s, "HEAD", "/app.js", map[string]string{"Accept-Encoding": "br"})
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || len(body) != 0 {
			t.Fatalf("status %d, %d bytes", res.StatusCode, len(body))
		}
	})
}

// sameBytes compares two responses of path. go-app writes a page's
// attributes in map order, so two renderings of one page hold the same
// bytes in different orders; scripts and styles must be identical.
func sameBytes(a, b []byte, path string) bool {
	if path != "/" && path != "/elsewhere" {
		return bytes.Equal(a, b)
	}
	sa, sb := slices.Clone(a), slices.Clone(b)
	slices.Sort(sa)
	slices.Sort(sb)
	return bytes.Equal(sa, sb)
}
