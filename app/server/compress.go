package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

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

// appResponse holds what go-app writes for one request (its pages,
// app.js, wasm_exec.js, app.css, the manifest: ~37 KB uncompressed on a
// first visit) so that it can be sent compressed: go-app never compresses
// them itself.
type appResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *appResponse) Header() http.Header { return a.header }
func (a *appResponse) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
}
func (a *appResponse) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}

// compressedCache keeps the compressed form of each distinct response body:
// go-app's scripts and styles are the same bytes for every visitor of a
// release, and brotli 11 costs tens of milliseconds per file. Pages are not
// kept: go-app writes their attributes in map order, so the same page
// comes in many byte orders; they are compressed quickly each time.
type compressedCache struct {
	mu    sync.Mutex
	items map[[sha256.Size]byte][]byte
}

// maxCachedResponses bounds the cache: a release has a few dozen distinct
// go-app responses (one per page and resource); anything beyond is
// compressed again rather than kept.
const maxCachedResponses = 256

func (c *compressedCache) get(enc string, body []byte, keep bool) []byte {
	key := sha256.Sum256(append([]byte(enc+"\x00"), body...))
	c.mu.Lock()
	out, ok := c.items[key]
	c.mu.Unlock()
	if ok {
		return out
	}
	var buf bytes.Buffer
	var w io.WriteCloser
	switch {
	case enc == "br" && keep:
		w = brotli.NewWriterLevel(&buf, 11)
	case enc == "br":
		w = brotli.NewWriterLevel(&buf, 6)
	case keep:
		w, _ = gzip.NewWriterLevel(&buf, gzip.BestCompression)
	default:
		w, _ = gzip.NewWriterLevel(&buf, 6)
	}
	w.Write(body)
	w.Close()
	out = buf.Bytes()
	if !keep {
		return out
	}
	c.mu.Lock()
	if c.items == nil {
		c.items = map[[sha256.Size]byte][]byte{}
	}
	if len(c.items) < maxCachedResponses {
		c.items[key] = out
	}
	c.mu.Unlock()
	return out
}

// send writes a to w, compressed when the client accepts br or gzip and
// compressing is worth it (a 200 or 404 with a body of 1 KiB or more of a
// compressible type not already encoded). A compressed response's ETag is
// made weak, as its bytes differ from the uncompressed one's; weakETag
// undoes that on the way in, so revalidation still answers 304.
func (c *compressedCache) send(w http.ResponseWriter, r *http.Request, a *appResponse) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	status := a.status
	if status == 0 {
		status = http.StatusOK
	}
	body := a.body.Bytes()
	mime, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	if (status == http.StatusOK || status == http.StatusNotFound) && r.Method == http.MethodGet && len(body) >= 1024 &&
		h.Get("Content-Encoding") == "" && compressibleType[strings.TrimSpace(mime)] {
		h.Add("Vary", "Accept-Encoding")
		for _, enc := range []string{"br", "gzip"} {
			if !accepts(r.Header.Get("Accept-Encoding"), enc) {
				continue
			}
			body = c.get(enc, body, strings.TrimSpace(mime) != "text/html")
			h.Set("Content-Encoding", enc)
			h.Set("Content-Length", strconv.Itoa(len(body)))
			if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
				h.Set("ETag", "W/"+et)
			}
			break
		}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// strongETag turns a weak If-None-Match that this server made back into
// go-app's own tag, which go-app compares byte for byte.
func strongETag(r *http.Request) {
	if v := r.Header.Get("If-None-Match"); strings.HasPrefix(v, "W/") {
		r.Header.Set("If-None-Match", strings.TrimPrefix(v, "W/"))
	}
}

// compressibleType lists the media types of go-app's responses worth
// compressing.
var compressibleType = map[string]bool{
	"text/html": true, "text/javascript": true, "application/javascript": true,
	"text/css": true, "application/manifest+json": true, "application/json": true,
	"text/plain": true, "image/svg+xml": true,
}
