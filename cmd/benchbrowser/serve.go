package main

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

//go:embed site
var siteFS embed.FS

// server serves the harness, the engines and the models with the headers
// that make the page cross-origin isolated (precise performance.now(),
// SharedArrayBuffer for the peers' threads), brotli-compressed like a
// production static host, and cacheable so that a second visit is a warm
// start. It counts the bytes it sends per path: the browser cannot see the
// requests its workers make, the server can.
type server struct {
	roots    map[string][]string // URL prefix → directories tried in order
	cacheDir string              // compressed copies, keyed by content hash

	mu    sync.Mutex
	br    map[string][]byte
	sent  map[string]int64
	calls map[string]int
}

// brotliQuality is one setting for every file of every engine; 9 is within
// a few percent of 11 and keeps a cold cache build to seconds.
const brotliQuality = 9

func newServer(roots map[string][]string, cacheDir string) *server {
	return &server{roots: roots, cacheDir: cacheDir, br: map[string][]byte{}, sent: map[string]int64{}, calls: map[string]int{}}
}

func (s *server) resetCounts() {
	s.mu.Lock()
	s.sent, s.calls = map[string]int64{}, map[string]int{}
	s.mu.Unlock()
}

func (s *server) counts() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int64, len(s.sent))
	for k, v := range s.sent {
		out[k] = v
	}
	return out
}

func (s *server) read(p string) ([]byte, error) {
	if p == "/bench.html" {
		return siteFS.ReadFile("site/bench.html")
	}
	if rest, ok := strings.CutPrefix(p, "/harness/"); ok {
		return fs.ReadFile(siteFS, "site/"+rest)
	}
	for prefix, dirs := range s.roots {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok || strings.Contains(rest, "/") {
			continue
		}
		for _, d := range dirs {
			if b, err := os.ReadFile(filepath.Join(d, rest)); err == nil {
				return b, nil
			}
		}
	}
	return nil, fs.ErrNotExist
}

func (s *server) compressed(p string, raw []byte) []byte {
	s.mu.Lock()
	b, ok := s.br[p]
	s.mu.Unlock()
	if ok {
		return b
	}
	sum := sha256.Sum256(raw)
	file := filepath.Join(s.cacheDir, hex.EncodeToString(sum[:])+fmt.Sprintf(".q%d.br", brotliQuality))
	if b, err := os.ReadFile(file); err == nil {
		s.mu.Lock()
		s.br[p] = b
		s.mu.Unlock()
		return b
	}
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotliQuality)
	w.Write(raw)
	w.Close()
	b = buf.Bytes()
	os.MkdirAll(s.cacheDir, 0o755)
	os.WriteFile(file, b, 0o644)
	s.mu.Lock()
	s.br[p] = b
	s.mu.Unlock()
	return b
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean(r.URL.Path)
	raw, err := s.read(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Embedder-Policy", "require-corp")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Vary", "Accept-Encoding")
	if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".json") {
		h.Set("Cache-Control", "no-cache")
	} else {
		h.Set("Cache-Control", "public, max-age=86400")
	}
	ext := path.Ext(p)
	ct := map[string]string{".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
		".json": "application/json", ".html": "text/html; charset=utf-8"}[ext]
	if ct == "" {
		ct = mime.TypeByExtension(ext)
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	body := raw
	if strings.Contains(r.Header.Get("Accept-Encoding"), "br") {
		if b := s.compressed(p, raw); len(b) < len(raw) {
			body = b
			h.Set("Content-Encoding", "br")
		}
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	n, _ := w.Write(body)
	s.mu.Lock()
	s.sent[p] += int64(n)
	s.calls[p]++
	s.mu.Unlock()
}

// listen serves on a free loopback port and returns the base URL.
func (s *server) listen() (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}
