// Package browsertest drives Bedside in a real Chromium for tests: it builds
// the site once per test binary (app and worker wasm, plus two tiny test
// models), serves it on a free port with the real server or a plain static
// file server, records every request the server sees, and opens isolated
// tabs (each in its own browser context: fresh storage, service worker and
// IndexedDB) that capture console errors.
//
// Use it from a TestMain:
//
//	func TestMain(m *testing.M) {
//		ui.Register(nil) // the server prerenders the routes
//		browsertest.Main(m)
//	}
//
// and in a test:
//
//	root := browsertest.Build(t)
//	srv := browsertest.ServeSite(t, root)
//	tab := browsertest.NewTab(t)
//	browsertest.Open(t, tab, srv.URL+"/")
//
// Tests skip with a message when no Chromium is installed (Debian:
// apt-get install chromium; or set BEDSIDE_CHROMIUM to a binary).
package browsertest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/bedside-health/bedside/app/wasmbuild"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bedside-health/bedside/app/browsertest/toymodel"
	"github.com/bedside-health/bedside/app/server"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Timeout bounds one browser step; the first visit builds nothing but
// compiles two wasm modules, which takes a few seconds on a loaded machine.
var Timeout = 60 * time.Second

var (
	cleanups []func()
	cleanMu  sync.Mutex
)

func atExit(f func()) {
	cleanMu.Lock()
	cleanups = append(cleanups, f)
	cleanMu.Unlock()
}

// Main runs the tests, then stops the shared browser and removes the build.
func Main(m *testing.M) {
	code := m.Run()
	cleanMu.Lock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	cleanMu.Unlock()
	os.Exit(code)
}

// RepoRoot finds the module root (the directory holding go.mod) above the
// working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = up
	}
}

// Chromium returns the browser binary, or skips the test.
func Chromium(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv("BEDSIDE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	tb.Skip("SKIP browser tests: no Chromium found (Debian: apt-get install chromium, or set BEDSIDE_CHROMIUM)")
	return ""
}

// ---- build -----------------------------------------------------------------

var (
	buildOnce sync.Once
	buildRoot string
	buildErr  error
)

// ToyWeights are the test models' weights, by name. "toy" and "toy2" share
// a loader, so a tampered one and a working one sit side by side.
var ToyWeights = map[string][]byte{
	"toy":  toymodel.Weights(-1.5, 0.8, -0.3),
	"toy2": toymodel.Weights(0.25, -0.6, 1.1),
}

// Build builds the site once per test binary and returns its root (a
// directory holding web/): the repository's web/ files, app.wasm, worker.wasm
// built with the bedsidetoy tag, the shipped models plus the toy models in
// web/models/manifest.json, and .br/.gz copies (fast brotli level).
func Build(tb testing.TB) string {
	tb.Helper()
	Chromium(tb) // no browser, no reason to build
	buildOnce.Do(func() { buildRoot, buildErr = build() })
	if buildErr != nil {
		tb.Fatalf("building the site: %v", buildErr)
	}
	return buildRoot
}

func build() (string, error) {
	repo, err := RepoRoot()
	if err != nil {
		return "", err
	}
	root, err := os.MkdirTemp("", "bedside-browsertest-")
	if err != nil {
		return "", err
	}
	atExit(func() { os.RemoveAll(root) })
	web := filepath.Join(root, "web")
	if err := copyDir(filepath.Join(repo, "web"), web, func(name string) bool {
		ext := filepath.Ext(name)
		return ext != ".wasm" && ext != ".br" && ext != ".gz" && ext != ".tmp"
	}); err != nil {
		return "", err
	}
	// built as `make build` builds them (wasmbuild), with the toy models
	for _, b := range []struct {
		out string
		t   wasmbuild.Target
	}{
		{"app.wasm", wasmbuild.App},
		{"worker.wasm", wasmbuild.Target{Pkg: wasmbuild.Worker.Pkg, Tags: "bedsidetoy"}},
	} {
		if err := wasmbuild.Build(repo, root, b.t, filepath.Join(web, b.out)); err != nil {
			return "", err
		}
	}
	if err := addToyModels(filepath.Join(web, "models")); err != nil {
		return "", err
	}
	if err := server.Precompress(web, 5); err != nil {
		return "", err
	}
	return root, nil
}

func addToyModels(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var m clinical.Manifest
	if data, err := os.ReadFile(filepath.Join(dir, "manifest.json")); err == nil {
		pm, err := clinical.ParseManifest(data)
		if err != nil {
			return fmt.Errorf("shipped manifest: %w", err)
		}
		m = *pm
	}
	for _, name := range toymodel.Names {
		w := ToyWeights[name]
		file := name + ".bin"
		if err := os.WriteFile(filepath.Join(dir, file), w, 0o644); err != nil {
			return err
		}
		e := clinical.Entry{Name: name, Version: "test", File: file, Bytes: int64(len(w)), Kind: "tabular", Title: "Test model " + name}
		e.SHA256 = sha256Hex(w)
		m.Models = append(m.Models, e)
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644)
}

// Tamper copies the site at root into a new directory and changes one
// byte of the named model's weights (same size), as a bad mirror or a
// man in the middle would. It returns the new root.
func Tamper(tb testing.TB, root, model string) string {
	tb.Helper()
	dst := tb.TempDir()
	if err := copyDir(root, dst, func(string) bool { return true }); err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dst, "web", "models", "manifest.json"))
	if err != nil {
		tb.Fatal(err)
	}
	m, err := clinical.ParseManifest(data)
	if err != nil {
		tb.Fatal(err)
	}
	e, ok := m.Find(model)
	if !ok {
		tb.Fatalf("no model %q to tamper with", model)
	}
	p := filepath.Join(dst, "web", "models", e.File)
	w, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	w[len(w)/2] ^= 0x40
	for _, f := range []string{p, p + ".br", p + ".gz"} {
		os.Remove(f)
	}
	if err := os.WriteFile(p, w, 0o644); err != nil {
		tb.Fatal(err)
	}
	return dst
}

func copyDir(src, dst string, keep func(name string) bool) error {
	return filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !keep(info.Name()) {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(filepath.Join(dst, rel))
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
		// keep times: precompressed copies must stay newer than their file
		return os.Chtimes(filepath.Join(dst, rel), info.ModTime(), info.ModTime())
	})
}

// ---- servers ---------------------------------------------------------------

// Request is one request a test server saw.
type Request struct {
	Method   string
	URL      string // path and query, as sent
	BodySize int64
	Header   http.Header
	Status   int    // response status
	Sent     int64  // response body bytes sent (compressed, as on the wire)
	Encoding string // response Content-Encoding
}

type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (c *countingWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

// Server is a test server on 127.0.0.1 with a free port.
type Server struct {
	URL  string
	srv  *http.Server
	mu   sync.Mutex
	reqs []Request
}

// Requests returns every request seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Close stops the server at once: later requests fail as if offline.
func (s *Server) Close() { s.srv.Close() }

// Serve serves h on a free port, recording every request, until the test ends.
func Serve(tb testing.TB, h http.Handler) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{URL: "http://" + ln.Addr().String()}
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		cw := &countingWriter{ResponseWriter: w, status: 200}
		h.ServeHTTP(cw, r)
		s.mu.Lock()
		s.reqs = append(s.reqs, Request{Method: r.Method, URL: r.URL.RequestURI(), BodySize: n, Header: r.Header.Clone(),
			Status: cw.status, Sent: cw.n, Encoding: cw.Header().Get("Content-Encoding")})
		s.mu.Unlock()
	})}
	go s.srv.Serve(ln)
	tb.Cleanup(s.Close)
	return s
}

// ServeSite serves the site at root with Bedside's server. The routes must
// be registered already (ui.Register(nil) in TestMain).
func ServeSite(tb testing.TB, root string) *Server {
	tb.Helper()
	site, err := server.Open(root)
	if err != nil {
		tb.Fatal(err)
	}
	return Serve(tb, site)
}

// ServeStatic serves dir with a plain static file server (Go's
// http.FileServer, no headers of ours), as any static host would.
func ServeStatic(tb testing.TB, dir string) *Server {
	tb.Helper()
	return Serve(tb, http.FileServer(http.Dir(dir)))
}

// Export exports the site at root into a new directory and returns it.
func Export(tb testing.TB, root string) string {
	tb.Helper()
	site, err := server.Open(root)
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	if err := site.Export(dir, site.Pages()); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// ---- browser ---------------------------------------------------------------

var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
)

// browser starts the one shared Chromium of the test binary.
func browser(tb testing.TB) context.Context {
	tb.Helper()
	path := Chromium(tb)
	browserOnce.Do(func() {
		dir, err := os.MkdirTemp("", "bedside-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(path),
			chromedp.UserDataDir(dir),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("no-default-browser-check", true),
			chromedp.WindowSize(1200, 900),
		}
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(actx)
		// The first Run starts the browser; its context must live as long
		// as the browser, so it carries no timeout.
		if err := chromedp.Do(ctx); err != nil {
			browserErr = fmt.Errorf("starting %s: %w", path, err)
		}
		browserCtx = ctx
		atExit(func() { cancel(); acancel(); os.RemoveAll(dir) })
	})
	if browserErr != nil {
		tb.Fatal(browserErr)
	}
	return browserCtx
}

// Tab is one page in its own browser context.
type Tab struct {
	Ctx    context.Context
	mu     sync.Mutex
	errors []string
	also   func(ev any) // see Trace
}

// NewTab opens a tab with fresh storage in the shared browser. It records
// console errors, uncaught exceptions and browser log errors (CSP
// violations, failed loads).
func NewTab(tb testing.TB) *Tab {
	tb.Helper()
	tab := &Tab{}
	ctx, cancel := chromedp.NewContext(browser(tb), chromedp.WithNewBrowserContext(), chromedp.WithListener(tab.listen))
	tb.Cleanup(cancel)
	tab.Ctx = ctx
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{})
		return err
	}))
	if err != nil {
		tb.Fatal(err)
	}
	return tab
}

func (t *Tab) listen(ev any) {
	t.mu.Lock()
	also := t.also
	t.mu.Unlock()
	if also != nil {
		also(ev)
	}
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Description != "" {
				parts = append(parts, a.Description)
			} else {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			}
		}
		msg = "console.error: " + strings.Join(parts, " ")
	case *runtime.EventExceptionThrown:
		msg = "exception: " + (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error()
	case *log.EventEntryAdded:
		if ev.Entry.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("log %s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	t.mu.Lock()
	t.errors = append(t.errors, msg)
	t.mu.Unlock()
}

// Errors returns the console errors, exceptions and error log entries so far.
func (t *Tab) Errors() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.errors...)
}

// Run runs steps with the package Timeout.
func (t *Tab) Run(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(t.Ctx, Timeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// Eval evaluates a JavaScript expression, awaiting a Promise, and decodes
// the result into T.
func Eval[T any](t *Tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(t.Ctx, Timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// Open navigates to url and waits until window.bedside.ready() settles and
// go-app has replaced its loader (the app runs).
func Open(tb testing.TB, t *Tab, url string) {
	tb.Helper()
	if err := t.Run(chromedp.Navigate(url)); err != nil {
		tb.Fatalf("open %s: %v", url, err)
	}
	WaitApp(tb, t)
}

// WaitApp waits until the app's wasm runs and the models have settled.
func WaitApp(tb testing.TB, t *Tab) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(t.Ctx, Timeout)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`!document.getElementById("app-wasm-loader") && !!window.bedside`,
		chromedp.WithPollingTimeout(Timeout)))
	if err != nil {
		tb.Fatalf("the app did not start: %v (errors: %q)", err, t.Errors())
	}
	if _, err := Eval[any](t, `window.bedside.ready().then(() => true, (e) => String(e))`); err != nil {
		tb.Fatalf("bedside.ready(): %v", err)
	}
}

// Offline cuts the tab off the network (or back on). Chromium replaced
// Network.emulateNetworkConditions with emulateNetworkConditionsByRule plus
// overrideNetworkState, and the browsers we meet straddle the change (148
// rejects the new pair with "Invalid parameters"), so Offline tries the new
// commands and falls back to the legacy one.
func (t *Tab) Offline(off bool) error {
	return t.Run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		newErr := offlineByRule(ctx, tg, off)
		if newErr == nil {
			return nil
		}
		_, err := cdp.Call(ctx, tg, emulateNetworkConditions, emulateNetworkConditionsParams{
			Offline: off, Latency: 0, DownloadThroughput: -1, UploadThroughput: -1,
		})
		if err != nil {
			return fmt.Errorf("offline=%v: %v; legacy Network.emulateNetworkConditions: %w", off, newErr, err)
		}
		return nil
	}))
}

func offlineByRule(ctx context.Context, tg *chromedp.Target, off bool) error {
	_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &off,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
	})
	if err != nil {
		return fmt.Errorf("Network.emulateNetworkConditionsByRule: %w", err)
	}
	_, err = cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
	if err != nil {
		return fmt.Errorf("Network.overrideNetworkState: %w", err)
	}
	return nil
}

// Throttle emulates a slow network on the tab: latency is added to every
// request, down and up are bytes per second. Like Offline it tries
// Chromium's newer command first and falls back to the legacy one.
func (t *Tab) Throttle(latency time.Duration, down, up float64) error {
	ms := float64(latency.Milliseconds())
	return t.Run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, newErr := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Latency: ms, DownloadThroughput: down, UploadThroughput: up}},
		})
		if newErr == nil {
			return nil
		}
		_, err := cdp.Call(ctx, tg, emulateNetworkConditions, emulateNetworkConditionsParams{
			Latency: ms, DownloadThroughput: down, UploadThroughput: up,
		})
		if err != nil {
			return fmt.Errorf("throttle: Network.emulateNetworkConditionsByRule: %v; legacy Network.emulateNetworkConditions: %w", newErr, err)
		}
		return nil
	}))
}

// OnNewDocument runs js in every document the tab loads from now on,
// before any of the page's own scripts.
func (t *Tab) OnNewDocument(js string) error {
	return t.Run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	}))
}

// emulateNetworkConditions is the legacy command, which cdproto no longer
// generates; its offline flag also sets navigator.onLine.
var emulateNetworkConditions = cdp.Command[emulateNetworkConditionsParams, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

type emulateNetworkConditionsParams struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

// WaitServiceWorker waits until a service worker controls the page, so a
// reload is answered by it.
func WaitServiceWorker(tb testing.TB, t *Tab) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(t.Ctx, Timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!(navigator.serviceWorker && navigator.serviceWorker.controller)`,
		chromedp.WithPollingTimeout(Timeout))); err != nil {
		tb.Fatalf("no service worker took control: %v (errors: %q)", err, t.Errors())
	}
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
