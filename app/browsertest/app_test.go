package browsertest_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bedside-health/bedside/app/browsertest"
	"github.com/bedside-health/bedside/app/server"
	"github.com/bedside-health/bedside/app/ui"
	"github.com/bedside-health/bedside/engine/clinical"
	_ "github.com/bedside-health/bedside/engine/clinical/models" // native predictions to compare with
	"github.com/bedside-health/bedside/fhir"
	"github.com/bedside-health/bedside/nlp"
	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) {
	ui.Register(nil)
	browsertest.Main(m)
}

// manifest reads the built site's manifest.
func manifest(t *testing.T, root string) *clinical.Manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "web", "models", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := clinical.ParseManifest(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type modelState struct {
	Name     string  `json:"name"`
	Status   string  `json:"status"`
	Error    string  `json:"error"`
	Progress float64 `json:"progress"`
	Source   string  `json:"source"`
	OnDemand bool    `json:"onDemand"`
}

// waitsOnDemand: a large model nobody has used on this device yet, so not
// downloaded (and not available offline until it is).
func waitsOnDemand(s modelState) bool { return s.Status == "pending" && s.OnDemand }

// onDemandBytes is web/bedside.js's ON_DEMAND_BYTES: weights over it are not
// downloaded until first used.
const onDemandBytes = 512 << 10

func states(t *testing.T, tab *browsertest.Tab) map[string]modelState {
	t.Helper()
	list, err := browsertest.Eval[[]modelState](tab, `window.bedside.models()`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]modelState{}
	for _, s := range list {
		out[s.Name] = s
	}
	return out
}

// predict runs window.bedside.predict in the page and returns the JSON
// result, or the rejection message.
func predict(t *testing.T, tab *browsertest.Tab, name string, input []byte) (json.RawMessage, string) {
	t.Helper()
	type out struct {
		OK  json.RawMessage `json:"ok"`
		Err string          `json:"err"`
	}
	r, err := browsertest.Eval[out](tab, fmt.Sprintf(
		`window.bedside.predict(%q, %s).then((v) => ({ok: v}), (e) => ({err: e.message || String(e)}))`, name, input))
	if err != nil {
		t.Fatal(err)
	}
	return r.OK, r.Err
}

// TestApp boots the app once and checks the boot, the privacy of requests
// and the JavaScript API on that one tab (each boot costs seconds).
func TestApp(t *testing.T) {
	root := browsertest.Build(t)
	srv := browsertest.ServeSite(t, root)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/")
	browsertest.WaitServiceWorker(t, tab)
	checkBoot(t, root, srv, tab)
	checkNoUserDataLeaves(t, root, srv, tab)
	checkAPI(t, root, srv, tab)
	checkOnDemandKept(t, root, tab)
	checkSecurity(t, tab) // last: its POST would fail checkNoUserDataLeaves
}

// checkOnDemandKept runs after checkAPI has used every model: a large model,
// once downloaded, is on the device, so the next visit loads it at start
// (and offline), like the others.
func checkOnDemandKept(t *testing.T, root string, tab *browsertest.Tab) {
	t.Run("a large model used once loads from the device on the next visit", func(t *testing.T) {
		if err := tab.Run(chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		browsertest.WaitApp(t, tab)
		if _, err := browsertest.Eval[any](tab, `window.bedside.ready()`); err != nil {
			t.Fatal(err)
		}
		st := states(t, tab)
		for _, e := range manifest(t, root).Models {
			if s := st[e.Name]; s.Status != "ready" || s.OnDemand {
				t.Errorf("%s after a reload: %+v, want ready", e.Name, s)
			}
		}
	})
}

// checkSecurity asks from inside the page, so what is checked is what the
// browser received and enforces, not what a Go client sees.
func checkSecurity(t *testing.T, tab *browsertest.Tab) {
	t.Run("the browser receives the security headers on pages, wasm, weights and errors", func(t *testing.T) {
		// HEAD passes the service worker by, so each answer is the server's.
		got, err := browsertest.Eval[map[string]map[string]string](tab, `(async () => {
			const names = ["content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy"];
			const out = {};
			for (const path of ["/", "/symptoms", "/web/app.wasm", "/web/models/manifest.json", "/web/models/wdbc.safetensors", "/no-such-page"]) {
				const res = await fetch(path, {method: "HEAD", cache: "no-store"});
				out[path] = {status: String(res.status)};
				for (const n of names) out[path][n] = res.headers.get(n) || "";
			}
			return out;
		})()`)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 6 {
			t.Fatalf("answers for %d paths, want 6: %v", len(got), got)
		}
		for path, h := range got {
			csp := h["content-security-policy"]
			for _, want := range []string{"default-src 'self'", "connect-src 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s: CSP %q lacks %q", path, csp, want)
				}
			}
			if strings.Contains(csp, "http:") || strings.Contains(csp, "https:") || strings.Contains(csp, "*") {
				t.Errorf("%s: CSP %q names another origin", path, csp)
			}
			for n, want := range map[string]string{"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cross-origin-opener-policy": "same-origin"} {
				if h[n] != want {
					t.Errorf("%s: %s = %q, want %q", path, n, h[n], want)
				}
			}
			if h["permissions-policy"] == "" {
				t.Errorf("%s: no Permissions-Policy", path)
			}
		}
	})
	t.Run("a POST from the page is refused with 405", func(t *testing.T) {
		status, err := browsertest.Eval[int](tab, `fetch("/", {method: "POST", body: "fever"}).then((r) => r.status)`)
		if err != nil {
			t.Fatal(err)
		}
		if status != 405 {
			t.Fatalf("POST / answered %d, want 405", status)
		}
	})
	t.Run("the browser blocks a request to another origin before it leaves", func(t *testing.T) {
		type verdict struct {
			Rejected  bool   `json:"rejected"`
			Directive string `json:"directive"`
		}
		v, err := browsertest.Eval[verdict](tab, `new Promise((resolve) => {
			let directive = "";
			document.addEventListener("securitypolicyviolation", (e) => { directive = e.effectiveDirective; }, {once: true});
			fetch("https://elsewhere.invalid/collect?text=fever").then(
				() => resolve({rejected: false, directive}),
				() => setTimeout(() => resolve({rejected: true, directive}), 100));
		})`)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Rejected || v.Directive != "connect-src" {
			t.Fatalf("cross-origin fetch: %+v, want rejected by connect-src", v)
		}
	})
}

func checkBoot(t *testing.T, root string, srv *browsertest.Server, tab *browsertest.Tab) {

	t.Run("the app boots without console errors", func(t *testing.T) {
		if errs := tab.Errors(); len(errs) > 0 {
			t.Fatalf("the app logged errors:\n%s", strings.Join(errs, "\n"))
		}
	})
	t.Run("every model is ready, except large ones that wait until first used", func(t *testing.T) {
		st := states(t, tab)
		for _, e := range manifest(t, root).Models {
			s := st[e.Name]
			if e.Bytes > onDemandBytes {
				if s.Status != "pending" || !s.OnDemand {
					t.Errorf("%s (%d bytes, not on the device): %+v, want pending on demand", e.Name, e.Bytes, s)
				}
				continue
			}
			if s.Status != "ready" || s.Progress != 1 {
				t.Errorf("%s: %+v", e.Name, s)
			}
		}
	})
	t.Run("the first visit downloads no weights it has not needed yet", func(t *testing.T) {
		for _, e := range manifest(t, root).Models {
			if e.Bytes <= onDemandBytes {
				continue
			}
			for _, r := range srv.Requests() {
				if strings.HasSuffix(r.URL, "/"+e.File) {
					t.Errorf("%s was downloaded before anything used it", e.File)
				}
			}
		}
	})
	t.Run("the page declares an installable manifest with local icons", func(t *testing.T) {
		res, err := http.Get(srv.URL + "/manifest.webmanifest")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var m struct {
			Icons []struct{ Src, Sizes string }
			Theme string `json:"theme_color"`
			Start string `json:"start_url"`
		}
		json.NewDecoder(res.Body).Decode(&m)
		if len(m.Icons) < 3 || m.Theme == "" || m.Start != "/" {
			t.Fatalf("manifest: %+v", m)
		}
		for _, ic := range m.Icons {
			if !strings.HasPrefix(ic.Src, "/web/icons/") {
				t.Errorf("icon %s is not local", ic.Src)
			}
		}
	})
}

func checkAPI(t *testing.T, root string, srv *browsertest.Server, tab *browsertest.Tab) {
	m := manifest(t, root)

	t.Run("models() lists the manifest entries", func(t *testing.T) {
		got, err := browsertest.Eval[[]clinical.Entry](tab, `window.bedside.models()`)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(m.Models) {
			t.Fatalf("%d models, manifest has %d", len(got), len(m.Models))
		}
		for i, e := range m.Models {
			if got[i] != e {
				t.Errorf("entry %d = %+v, manifest %+v", i, got[i], e)
			}
		}
	})

	// Chromium has SIMD128, so the parity below is checked with the
	// engine's kernels (engine/simd) on, not only the pure-Go path.
	t.Run("the worker runs the engine's SIMD kernels", func(t *testing.T) {
		on, err := browsertest.Eval[float64](tab, `window.bedside.timings.simd`)
		if err != nil || on != 1 {
			t.Fatalf("timings.simd = %v (%v), want 1", on, err)
		}
	})
	for _, e := range m.Models {
		weights, err := os.ReadFile(filepath.Join(root, "web", "models", e.File))
		if err != nil {
			t.Fatal(err)
		}
		native, err := clinical.Load(e.Name, weights)
		if err != nil {
			t.Fatalf("native load %s: %v (is the model's package linked into the test?)", e.Name, err)
		}
		for i, in := range fixedInputs(t, root, e) {
			t.Run(fmt.Sprintf("%s in the browser equals native on input %d", e.Name, i), func(t *testing.T) {
				want, err := native.Predict(in)
				if err != nil {
					t.Fatalf("native: %v", err)
				}
				wantJSON, _ := json.Marshal(want)
				got, msg := predict(t, tab, e.Name, in)
				if msg != "" {
					t.Fatalf("browser rejected %s: %s", in, msg)
				}
				if err := sameJSON(got, wantJSON, 1e-5); err != nil {
					t.Fatalf("%v\nbrowser: %s\nnative:  %s", err, got, wantJSON)
				}
			})
		}
	}

	for _, c := range []struct {
		name, expr, want string
	}{
		{"an unknown model is rejected by name", `window.bedside.predict("nope", {})`, `no model named "nope"`},
		{"bad input names the field", `window.bedside.predict("toy", {x1: 1})`, "x2"},
		{"input that is not an object is rejected", `window.bedside.predict("toy", 42)`, "input must be an object"},
		{"context needs a string", `window.bedside.context(42)`, "text must be a string"},
		{"fhir needs a string", `window.bedside.fhir(42)`, "text must be a string"},
		{"contextParts needs a string", `window.bedside.contextParts(42)`, "text must be a string"},
		{"predictJSON needs JSON text", `window.bedside.predictJSON("toy", {x1: 1})`, "input must be JSON text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg, err := browsertest.Eval[string](tab, c.expr+`.then(() => "resolved", (e) => e.message)`)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(msg, c.want) {
				t.Fatalf("got %q, want it to contain %q", msg, c.want)
			}
		})
	}
	t.Run("the API survives bad input and still predicts", func(t *testing.T) {
		if _, msg := predict(t, tab, "toy", []byte(`{"x1": 1, "x2": 2}`)); msg != "" {
			t.Fatal(msg)
		}
	})
	for _, note := range []string{
		"No fever. Mother had diabetes.",
		"HISTORY: Denies chest pain; history of asthma.\nPLAN: return if shortness of breath worsens. 発熱なし 🤒",
		"",
	} {
		t.Run(fmt.Sprintf("context(%.24q) equals the native nlp analysis", note), func(t *testing.T) {
			q, _ := json.Marshal(note)
			got, err := browsertest.Eval[json.RawMessage](tab, `window.bedside.context(`+string(q)+`)`)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(nlp.AnalyzeNote(note))
			if err := sameJSON(got, want, 0); err != nil {
				t.Fatalf("%v\nbrowser: %s\nnative:  %s", err, got, want)
			}
		})
		t.Run(fmt.Sprintf("fhir(%.24q) is the bundle bedside fhir prints", note), func(t *testing.T) {
			q, _ := json.Marshal(note)
			got, err := browsertest.Eval[string](tab, `window.bedside.fhir(`+string(q)+`)`)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fhir.Marshal(note, nlp.AnalyzeNote(note), fhir.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Fatalf("browser:\n%s\nnative:\n%s", got, want)
			}
		})
	}
	// The page rebuilds a long note's analysis from contextParts' parts: the
	// header's keys plus the findings lists concatenated must be context's
	// answer, and no part may hold more than a slice of the findings.
	long := strings.Repeat("HISTORY: Denies chest pain; history of asthma.\nNo fever. Mother had diabetes.\n", 60)
	for _, note := range []string{"No fever. Mother had diabetes.", long, ""} {
		t.Run(fmt.Sprintf("contextParts(%.24q) rebuilds the native nlp analysis", note), func(t *testing.T) {
			q, _ := json.Marshal(note)
			parts, err := browsertest.Eval[[]string](tab, `window.bedside.contextParts(`+string(q)+`)`)
			if err != nil {
				t.Fatal(err)
			}
			if len(parts) == 0 {
				t.Fatal("no parts")
			}
			var whole map[string]any
			if err := json.Unmarshal([]byte(parts[0]), &whole); err != nil {
				t.Fatalf("the header %.80s: %v", parts[0], err)
			}
			findings := []any{}
			for _, p := range parts[1:] {
				var fs []any
				if err := json.Unmarshal([]byte(p), &fs); err != nil || len(fs) == 0 || len(fs) > 100 {
					t.Fatalf("a part of %d findings (%v): %.80s", len(fs), err, p)
				}
				findings = append(findings, fs...)
			}
			whole["findings"] = findings
			got, _ := json.Marshal(whole)
			want, _ := json.Marshal(nlp.AnalyzeNote(note))
			if err := sameJSON(got, want, 0); err != nil {
				t.Fatalf("%v\nbrowser: %.300s\nnative:  %.300s", err, got, want)
			}
			if note == long && len(parts) < 3 {
				t.Errorf("a note with %d findings came in %d parts", len(findings), len(parts))
			}
		})
	}
}

// fixedInputs returns inputs for a model: hand-picked for the toy models,
// the card's defaults for tabular and survival models, and a few texts for
// text models.
func fixedInputs(t *testing.T, root string, e clinical.Entry) [][]byte {
	t.Helper()
	if strings.HasPrefix(e.Name, "toy") {
		return [][]byte{[]byte(`{"x1": 1.5, "x2": -2}`), []byte(`{"x1": 0, "x2": 0}`), []byte(`{"x1": -3.25, "x2": 7}`)}
	}
	if e.Kind == "text" {
		return [][]byte{
			[]byte(`{"text": "itchy red patches on my elbows, no fever"}`),
			[]byte(`{"text": "crushing chest pain and short of breath since an hour"}`),
			[]byte(`{"text": "HISTORY: 64 year old man with type 2 diabetes. ASSESSMENT: stable angina, denies syncope."}`),
		}
	}
	var card clinical.Card
	data, err := os.ReadFile(filepath.Join(root, "web", "models", e.Card))
	if err == nil {
		err = json.Unmarshal(data, &card)
	}
	if err != nil || len(card.Inputs) == 0 {
		t.Fatalf("%s: no card inputs to build a test input from (%v)", e.Name, err)
	}
	// the card's defaults, then every input at its low and at its high end
	var out [][]byte
	for _, pick := range []func(clinical.Feature) float64{
		func(f clinical.Feature) float64 { return f.Default },
		func(f clinical.Feature) float64 {
			if len(f.Categories) > 0 {
				return f.Categories[0]
			}
			return f.Min
		},
		func(f clinical.Feature) float64 {
			if len(f.Categories) > 0 {
				return f.Categories[len(f.Categories)-1]
			}
			return f.Max
		},
	} {
		in := map[string]float64{}
		for _, f := range card.Inputs {
			in[f.Name] = pick(f)
		}
		b, _ := json.Marshal(in)
		out = append(out, b)
	}
	return out
}

// sameJSON compares two JSON documents, numbers within tol.
func sameJSON(a, b []byte, tol float64) error {
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &y); err != nil {
		return err
	}
	return same(x, y, tol, "$")
}

func same(x, y any, tol float64, path string) error {
	switch x := x.(type) {
	case float64:
		yf, ok := y.(float64)
		if !ok || math.Abs(x-yf) > tol {
			return fmt.Errorf("%s: %v vs %v", path, x, y)
		}
	case map[string]any:
		ym, ok := y.(map[string]any)
		if !ok || len(x) != len(ym) {
			return fmt.Errorf("%s: objects differ", path)
		}
		for k, v := range x {
			if err := same(v, ym[k], tol, path+"."+k); err != nil {
				return err
			}
		}
	case []any:
		ys, ok := y.([]any)
		if !ok || len(x) != len(ys) {
			return fmt.Errorf("%s: arrays differ", path)
		}
		for i := range x {
			if err := same(x[i], ys[i], tol, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	default:
		if x != y {
			return fmt.Errorf("%s: %v vs %v", path, x, y)
		}
	}
	return nil
}

// offlineEverywhere cuts the network (server closed and the tab offline),
// then reloads every route and checks the app and its models still work.
func offlineEverywhere(t *testing.T, tab *browsertest.Tab, srv *browsertest.Server, pages []string) {
	t.Helper()
	browsertest.WaitServiceWorker(t, tab)
	srv.Close()
	if err := tab.Offline(true); err != nil {
		t.Fatal(err)
	}
	base := srv.URL
	for _, p := range pages {
		t.Run("reloading "+p+" offline works", func(t *testing.T) {
			if err := tab.Run(chromedp.Navigate(base + p)); err != nil {
				t.Fatal(err)
			}
			browsertest.WaitApp(t, tab)
			for name, s := range states(t, tab) {
				if s.Status != "ready" && !waitsOnDemand(s) {
					t.Errorf("%s offline: %+v", name, s)
				}
			}
			if _, msg := predict(t, tab, "toy", []byte(`{"x1": 1, "x2": 1}`)); msg != "" {
				t.Fatalf("predict offline: %s", msg)
			}
		})
	}
}

func TestOffline(t *testing.T) {
	root := browsertest.Build(t)
	srv := browsertest.ServeSite(t, root)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/")
	site, err := server.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	offlineEverywhere(t, tab, srv, site.Pages())
	t.Run("weights came from the device, not the network", func(t *testing.T) {
		for name, s := range states(t, tab) {
			if s.Source != "device" && !waitsOnDemand(s) {
				t.Errorf("%s loaded from %q", name, s.Source)
			}
		}
	})
}

func TestExportedSite(t *testing.T) {
	root := browsertest.Build(t)
	dir := browsertest.Export(t, root)
	srv := browsertest.ServeStatic(t, dir)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/")
	t.Run("the exported site boots from a plain file server without errors", func(t *testing.T) {
		if errs := tab.Errors(); len(errs) > 0 {
			t.Fatalf("errors:\n%s", strings.Join(errs, "\n"))
		}
		if _, msg := predict(t, tab, "toy", []byte(`{"x1": 1, "x2": 1}`)); msg != "" {
			t.Fatal(msg)
		}
	})
	site, err := server.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	offlineEverywhere(t, tab, srv, site.Pages())
}

func checkNoUserDataLeaves(t *testing.T, root string, srv *browsertest.Server, tab *browsertest.Tab) {
	before := len(srv.Requests())
	const marker = "ZEBRA-4417"
	const markerNum = "4417.25"
	for _, e := range manifest(t, root).Models {
		in := `{"text": "` + marker + ` chest pain"}`
		if e.Kind != "text" {
			in = `{"x1": ` + markerNum + `, "x2": 1}`
		}
		predict(t, tab, e.Name, []byte(in))
	}
	browsertest.Eval[any](tab, `window.bedside.context("`+marker+` no fever").catch(() => null)`)
	// Navigate within the app too: a page change must not send anything either.
	browsertest.Eval[any](tab, `history.pushState({}, "", "/settings"), null`)
	reqs := srv.Requests()
	t.Run("every request is a static GET without query or body", func(t *testing.T) {
		for _, r := range reqs {
			if r.Method != "GET" && r.Method != "HEAD" || strings.Contains(r.URL, "?") || r.BodySize > 0 {
				t.Errorf("%s %s (%d body bytes)", r.Method, r.URL, r.BodySize)
			}
		}
	})
	t.Run("no request after load carries what was typed", func(t *testing.T) {
		for _, r := range reqs[before:] {
			all := r.URL
			for k, v := range r.Header {
				all += k + strings.Join(v, "")
			}
			if strings.Contains(all, marker) || strings.Contains(all, markerNum) {
				t.Errorf("request carries user input: %s %s", r.Method, r.URL)
			}
		}
	})
}

func TestDamagedWeights(t *testing.T) {
	root := browsertest.Build(t)
	for _, c := range []struct {
		name, broken, working, want string
		damage                      func(t *testing.T, root string) string
	}{
		{"a tampered weights file is rejected with a message while the others work", "toy", "toy2", "failed verification",
			func(t *testing.T, root string) string { return browsertest.Tamper(t, root, "toy") }},
		{"a truncated weights file is rejected with a message while the others work", "toy", "toy2", "truncated",
			func(t *testing.T, root string) string {
				dir := browsertest.Tamper(t, root, "toy")
				os.WriteFile(filepath.Join(dir, "web", "models", "toy.bin"), browsertest.ToyWeights["toy"][:12], 0o644)
				return dir
			}},
		{"a missing weights file is reported while the others work", "toy2", "toy", "could not be downloaded",
			func(t *testing.T, root string) string {
				dir := browsertest.Tamper(t, root, "toy") // a copy; then repair toy and remove toy2
				for _, ext := range []string{"", ".br", ".gz"} {
					os.Remove(filepath.Join(dir, "web", "models", "toy2.bin"+ext))
				}
				os.WriteFile(filepath.Join(dir, "web", "models", "toy.bin"), browsertest.ToyWeights["toy"], 0o644)
				return dir
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := browsertest.ServeSite(t, c.damage(t, root))
			tab := browsertest.NewTab(t)
			browsertest.Open(t, tab, srv.URL+"/")
			st := states(t, tab)
			if s := st[c.broken]; s.Status != "failed" || !strings.Contains(s.Error, c.want) {
				t.Fatalf("%s: %+v, want failed with %q", c.broken, s, c.want)
			}
			if _, msg := predict(t, tab, c.broken, []byte(`{"x1": 1, "x2": 1}`)); !strings.Contains(msg, c.want) {
				t.Fatalf("predict %s: %q, want the failure message", c.broken, msg)
			}
			for name, s := range st {
				if name != c.broken && s.Status != "ready" && !waitsOnDemand(s) {
					t.Errorf("%s was taken down too: %+v", name, s)
				}
			}
			if _, msg := predict(t, tab, c.working, []byte(`{"x1": 1, "x2": 1}`)); msg != "" {
				t.Fatalf("%s: %s", c.working, msg)
			}
		})
	}
}

// swap serves whichever site is current.
type swap struct {
	mu sync.Mutex
	h  http.Handler
}

func (s *swap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.h
	s.mu.Unlock()
	h.ServeHTTP(w, r)
}

func (s *swap) set(h http.Handler) {
	s.mu.Lock()
	s.h = h
	s.mu.Unlock()
}

func TestUpdate(t *testing.T) {
	root := browsertest.Build(t)
	v1, err := server.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	// A new release: different code, the same weights.
	next := browsertest.Tamper(t, root, "toy")
	os.WriteFile(filepath.Join(next, "web", "models", "toy.bin"), browsertest.ToyWeights["toy"], 0o644)
	js := filepath.Join(next, "web", "worker.js")
	b, _ := os.ReadFile(js)
	os.WriteFile(js, append(b, "\n// release 2\n"...), 0o644)
	os.Remove(js + ".br")
	os.Remove(js + ".gz")
	v2, err := server.Open(next)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version == v2.Version {
		t.Fatal("the new release has the same version")
	}

	sw := &swap{h: v1}
	srv := browsertest.Serve(t, sw)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/")
	browsertest.WaitServiceWorker(t, tab)
	sw.set(v2)
	before := len(srv.Requests())
	if err := tab.Run(chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitApp(t, tab)
	t.Run("the new release is installed and announced", func(t *testing.T) {
		ok, err := browsertest.Eval[bool](tab, `new Promise((resolve) => {
			if (window.bedside.updateReady()) return resolve(true);
			window.addEventListener("bedside:update", () => resolve(true));
			setTimeout(() => resolve(window.bedside.updateReady()), 20000);
		})`)
		if err != nil || !ok {
			t.Fatalf("no update announced (%v)", err)
		}
		// The old release's cache goes when the new worker's activation
		// completes, which may be just after the announcement.
		keys, err := browsertest.Eval[[]string](tab, `(async () => {
			for (let i = 0; i < 100; i++) {
				const k = await caches.keys();
				if (k.length === 1) return k;
				await new Promise((r) => setTimeout(r, 100));
			}
			return caches.keys();
		})()`)
		if err != nil || len(keys) != 1 || keys[0] != "app-"+v2.Version {
			t.Fatalf("caches %v (%v), want only app-%s", keys, err, v2.Version)
		}
	})
	t.Run("the next visit runs the new release without downloading unchanged weights", func(t *testing.T) {
		if err := tab.Run(chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		browsertest.WaitApp(t, tab)
		src, err := browsertest.Eval[string](tab, `fetch("/web/worker.js").then((r) => r.text())`)
		if err != nil || !strings.Contains(src, "release 2") {
			t.Fatalf("the page still gets the old worker.js (%v)", err)
		}
		for _, r := range srv.Requests()[before:] {
			if strings.HasPrefix(r.URL, "/web/models/") && strings.HasSuffix(r.URL, ".bin") {
				t.Errorf("unchanged weights downloaded again: %s", r.URL)
			}
		}
		for name, s := range states(t, tab) {
			if (s.Status != "ready" || s.Source != "device") && !waitsOnDemand(s) {
				t.Errorf("%s: %+v", name, s)
			}
		}
	})
}
