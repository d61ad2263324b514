// Package server delivers Bedside: the go-app pages, the static files of
// web/ (with their precompressed copies) and the weights. It accepts no data:
// only GET and HEAD, every response carries the security headers, and
// nothing a user types ever reaches it. Export writes the same site as
// static files for any static host.
package server

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bedside-health/bedside/app/ui"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

//go:embed app-worker.js
var serviceWorker string

// CSP is the Content-Security-Policy of every response. go-app sets inline
// style attributes from Go, hence 'unsafe-inline' for styles only; Go
// WebAssembly needs 'wasm-unsafe-eval'; nothing else runs and nothing is
// fetched from another origin.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// metaCSP is CSP for the <meta> tag of the exported site: frame-ancestors
// is not allowed there (browsers log an error for it).
var metaCSP = strings.TrimSuffix(CSP, "; frame-ancestors 'none'")

// Site is the app rooted at a directory holding web/.
type Site struct {
	Root    string // directory containing web/
	Version string // hash of the wasm, scripts and weights manifest
	Models  []clinical.Entry
	App     *app.Handler
	Log     *log.Logger // access log; nil for none

	compressed compressedCache
}

// Open reads root/web and configures the go-app handler for it. The routes
// must already be registered (ui.Register).
func Open(root string) (*Site, error) {
	web := filepath.Join(root, "web")
	wasm, err := os.Stat(filepath.Join(web, "app.wasm"))
	if err != nil {
		return nil, fmt.Errorf("open site: %w (run `make build` first)", err)
	}
	s := &Site{Root: root}
	var models []clinical.Entry
	if data, err := os.ReadFile(filepath.Join(web, "models", "manifest.json")); err == nil {
		m, err := clinical.ParseManifest(data)
		if err != nil {
			return nil, fmt.Errorf("open site: web/models/manifest.json: %w", err)
		}
		models = m.Models
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	s.Models = models

	// The version changes whenever the code or any weights change (the
	// manifest holds each weights file's sha256), and only then: browsers
	// then fetch the new release once and keep unchanged weights.
	h := sha256.New()
	for _, f := range []string{"app.wasm", "worker.wasm", "bedside.js", "worker.js", "simd.js", "models/manifest.json"} {
		hashFile(h, filepath.Join(web, f))
	}
	styles, _ := filepath.Glob(filepath.Join(web, "*.css"))
	sort.Strings(styles)
	for _, f := range styles {
		hashFile(h, f)
	}
	io.WriteString(h, serviceWorker)
	s.Version = hex.EncodeToString(h.Sum(nil))[:20]

	cacheable := []string{
		"/web/bedside.js", "/web/worker.js", "/web/simd.js", "/web/worker.wasm",
		"/web/icons/icon.svg", "/web/icons/icon-192.png", "/web/icons/icon-512.png", "/web/icons/maskable-512.png",
	}
	if len(models) > 0 {
		cacheable = append(cacheable, "/web/models/manifest.json")
	}
	for _, m := range models {
		if m.Card != "" {
			cacheable = append(cacheable, "/web/models/"+m.Card)
		}
	}
	var styleURLs []string
	for _, f := range styles {
		styleURLs = append(styleURLs, "/web/"+filepath.Base(f))
	}

	s.App = &app.Handler{
		Name:            "Bedside",
		ShortName:       "Bedside",
		Title:           "Bedside",
		Description:     "Private, offline clinical AI that runs entirely in your browser.",
		Lang:            "en",
		BackgroundColor: "#ffffff",
		ThemeColor:      "#0b5c6b",
		// go-app's loader was a full-screen cover over the pre-rendered
		// page (16 s on a slow phone network, emergency advice hidden);
		// bedside.css turns it into a thin line at the bottom. go-app
		// bakes one label into app.js, so it only carries the number:
		// bedside.js puts the words in front, in the visitor's language,
		// from the body's data-loading-* attributes.
		LoadingLabel: "{progress}%",
		Body:         loadingBody,
		Icon: app.Icon{
			Default:  "/web/icons/icon-192.png",
			Large:    "/web/icons/icon-512.png",
			Maskable: "/web/icons/maskable-512.png",
			SVG:      "/web/icons/icon.svg",
		},
		Styles: styleURLs,
		// Not deferred: window.bedside exists before the app's wasm starts.
		Scripts:               []string{"/web/bedside.js"},
		CacheableResources:    cacheable,
		RawHeaders:            []string{`<meta http-equiv="Content-Security-Policy" content="` + metaCSP + `">`},
		Version:               s.Version,
		WasmContentLength:     strconv.FormatInt(wasm.Size(), 10),
		ServiceWorkerTemplate: serviceWorker,
	}
	return s, nil
}

// loadingBody is the <body> of every page: it holds the loading line's
// words in every UI language for bedside.js to choose from.
func loadingBody() app.HTMLBody {
	b := app.Body()
	for _, l := range ui.Langs {
		b = b.DataSet("loading-"+string(l), ui.Text(l, "app.loading"))
	}
	return b
}

func hashFile(h io.Writer, name string) {
	f, err := os.Open(name)
	if err != nil {
		io.WriteString(h, "missing "+filepath.Base(name))
		return
	}
	defer f.Close()
	io.Copy(h, f)
}

// SetHeaders sets the security headers every response carries.
func SetHeaders(h http.Header) {
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}

// ServeHTTP refuses anything but GET and HEAD and odd paths, serves web/
// itself (precompressed copies included) and the rest through go-app.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if s.Log != nil {
			// The query string is left out on purpose: the app never puts
			// anything there, and a log must never hold what someone typed.
			s.Log.Printf("%s %s %d %d %s", r.Method, r.URL.Path, rec.status, rec.bytes, time.Since(start).Round(time.Microsecond))
		}
	}()
	SetHeaders(rec.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		rec.Header().Set("Allow", "GET, HEAD")
		http.Error(rec, "405 method not allowed: Bedside only serves files", http.StatusMethodNotAllowed)
		return
	}
	if !cleanPath(r.URL.Path) {
		http.Error(rec, "400 bad path", http.StatusBadRequest)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/web/") {
		serveStatic(rec, r, filepath.Join(s.Root, "web"), strings.TrimPrefix(r.URL.Path, "/web/"))
		return
	}
	if r.URL.Path == "/app.wasm" || r.URL.Path == "/goapp.wasm" {
		serveStatic(rec, r, filepath.Join(s.Root, "web"), "app.wasm")
		return
	}
	known := false
	for _, p := range s.Pages() {
		known = known || p == r.URL.Path
	}
	r = r.Clone(r.Context())
	strongETag(r)
	a := &appResponse{header: http.Header{}}
	s.App.ServeHTTP(&pageWriter{ResponseWriter: a, domain: s.App.Domain, notFound: !known}, r)
	s.compressed.send(rec, r, a)
}

// pageWriter fixes two things go-app writes into every page. It always
// emits og:url and og:image as "https://" + Domain + path, which without a
// domain is "https:///symptoms": a link preview would follow a broken URL,
// so without a domain they are left out. And the app answers every path
// (its not-found page is a route), so a path that is not one of the site's
// pages gets the page with status 404, as a crawler or a link checker
// should see it.
type pageWriter struct {
	http.ResponseWriter
	domain   string
	notFound bool
	wrote    bool
}

var brokenOG = regexp.MustCompile(`<meta [^>]*property="og:(url|image)"[^>]*>\s*`)

func (w *pageWriter) WriteHeader(code int) {
	w.wrote = true
	if code == http.StatusOK && w.notFound && strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		code = http.StatusNotFound
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *pageWriter) Write(b []byte) (int, error) {
	if w.wrote || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		return w.ResponseWriter.Write(b)
	}
	out := b
	if w.domain == "" {
		out = brokenOG.ReplaceAllFunc(b, func(m []byte) []byte {
			if strings.Contains(string(m), `content="https:///`) || strings.Contains(string(m), `content="https://"`) {
				return nil
			}
			return m
		})
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	}
	w.WriteHeader(http.StatusOK)
	if _, err := w.ResponseWriter.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// cleanPath accepts only absolute, already clean paths without dot files
// or backslashes: anything else is a probe, not the app.
func cleanPath(p string) bool {
	if p == "" || p[0] != '/' || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	if path.Clean(p) != p && !(strings.HasSuffix(p, "/") && path.Clean(p)+"/" == p) {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}

type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}
