package server

import (
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// contentTypes covers what web/ holds; the system MIME table is not
// trusted to know .wasm or .safetensors.
var contentTypes = map[string]string{
	".wasm":        "application/wasm",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".css":         "text/css; charset=utf-8",
	".html":        "text/html; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".webmanifest": "application/manifest+json",
	".safetensors": "application/octet-stream",
	".woff2":       "font/woff2",
}

// ContentType returns the Content-Type for a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// serveStatic serves dir/name, or its .br or .gz copy when the client
// accepts it. Directories are not listed.
func serveStatic(w http.ResponseWriter, r *http.Request, dir, name string) {
	full := filepath.Join(dir, filepath.FromSlash(name))
	if !strings.HasPrefix(full, filepath.Clean(dir)+string(filepath.Separator)) {
		http.NotFound(w, r)
		return
	}
	info, err := os.Stat(full)
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ContentType(name))
	h.Set("Vary", "Accept-Encoding")
	// Always revalidate: the service worker and IndexedDB keep the copies
	// that matter offline, and a release must never be half stale.
	h.Set("Cache-Control", "no-cache")
	send, sendInfo := full, info
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !accepts(r.Header.Get("Accept-Encoding"), enc.token) {
			continue
		}
		ci, err := os.Stat(full + enc.ext)
		if err != nil || ci.ModTime().Before(info.ModTime()) {
			continue // missing or older than the file: never serve stale bytes
		}
		send, sendInfo = full+enc.ext, ci
		h.Set("Content-Encoding", enc.token)
		break
	}
	f, err := os.Open(send)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	http.ServeContent(w, r, "", sendInfo.ModTime(), f)
}

// accepts reports whether an Accept-Encoding header allows token.
func accepts(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
	}
	return false
}
