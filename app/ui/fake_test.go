package ui

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bedside-health/bedside/app/platform"
	"github.com/bedside-health/bedside/engine/clinical"
	_ "github.com/bedside-health/bedside/engine/clinical/models" // registers every shipped model
	"github.com/bedside-health/bedside/fhir"
	"github.com/bedside-health/bedside/nlp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// fakeClient stands in for the browser platform: it answers with the models
// and cards the release ships, run through the real model code, so a test
// sees what a reader would. Its knobs simulate the platform, never a model:
// a model still downloading, one this release leaves out, or a worker that
// fails (predict and context replace the answer).
type fakeClient struct {
	mu          sync.Mutex
	calls       []string
	predict     func(name string, input []byte) ([]byte, error)
	context     func(text string) ([]byte, error)
	fhir        func(text string) ([]byte, error)
	downloading map[string]float64 // model -> progress, for models not yet ready
	without     string             // a model this release does not ship
	onDemand    map[string]bool    // large models not on the device yet

	shipped map[string]*shippedModel // set by harness
}

func (f *fakeClient) record(s string) {
	f.mu.Lock()
	f.calls = append(f.calls, s)
	f.mu.Unlock()
}

func (f *fakeClient) called(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

func (f *fakeClient) Models() []clinical.Entry {
	var out []clinical.Entry
	for _, e := range shippedManifest.Models {
		if e.Name != f.without {
			out = append(out, e)
		}
	}
	return out
}

func (f *fakeClient) Status(name string) platform.Status {
	f.mu.Lock()
	waiting := f.onDemand[name]
	f.mu.Unlock()
	if waiting {
		return platform.Status{Name: name, State: platform.Pending, OnDemand: true}
	}
	if p, ok := f.downloading[name]; ok {
		return platform.Status{Name: name, State: platform.Downloading, Progress: p}
	}
	return platform.Status{Name: name, State: platform.Ready}
}

func (f *fakeClient) Predict(ctx context.Context, name string, input []byte) ([]byte, error) {
	f.record("predict " + name + " " + string(input))
	if f.predict != nil {
		return f.predict(name, input)
	}
	return f.run(name, input)
}

// run answers as the worker does: the model's prediction as JSON.
func (f *fakeClient) run(name string, input []byte) ([]byte, error) {
	m, ok := f.shipped[name]
	if !ok || name == f.without {
		return nil, &clinical.Error{Op: "predict " + name, Kind: clinical.NotFound, Err: errors.New("no such model")}
	}
	p, err := m.predictor.Predict(input)
	if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

func (f *fakeClient) Context(ctx context.Context, text string) ([]byte, error) {
	f.record("context")
	if f.context != nil {
		return f.context(text)
	}
	return json.Marshal(nlp.AnalyzeNote(text))
}

func (f *fakeClient) Want(names ...string) {
	for _, n := range names {
		f.record("want " + n)
	}
}

// Load "downloads" an on-demand model at once.
func (f *fakeClient) Load(ctx context.Context, name string) error {
	f.record("load " + name)
	f.mu.Lock()
	delete(f.onDemand, name)
	f.mu.Unlock()
	return nil
}

// FHIR answers as the worker does: the bundle `bedside fhir` prints.
func (f *fakeClient) FHIR(ctx context.Context, text string) ([]byte, error) {
	f.record("fhir " + text)
	if f.fhir != nil {
		return f.fhir(text)
	}
	return fhir.Marshal(text, nlp.AnalyzeNote(text), fhir.Options{})
}

func (f *fakeClient) Card(ctx context.Context, name string) ([]byte, error) {
	f.record("card " + name)
	m, ok := f.shipped[name]
	if !ok || name == f.without {
		return nil, &clinical.Error{Op: "card " + name, Kind: clinical.NotFound, Err: errors.New("no such model")}
	}
	return m.card, nil
}

// shippedDir holds what the release ships; the page tests use it as is.
const shippedDir = "../../web/models"

// uiModels are the models the pages call by name: the release must ship
// every one, or the page that needs it cannot be tested and the test fails.
var uiModels = []string{symptomModel, specialtyModel, departmentModel, "wdbc", "pima", "heart", survivalModel}

type shippedModel struct {
	predictor clinical.Predictor
	card      []byte
	parsed    clinical.Card
}

var (
	shippedOnce     sync.Once
	shippedManifest *clinical.Manifest
	shippedModels   map[string]*shippedModel
	shippedErr      error
)

// loadShipped reads the manifest, checks each listed model's weights
// against it as the browser does, loads them and reads their cards, once
// per test binary.
func loadShipped(t *testing.T) map[string]*shippedModel {
	t.Helper()
	shippedOnce.Do(func() {
		shippedModels, shippedErr = readShipped()
	})
	if shippedErr != nil {
		t.Fatalf("the shipped models in web/models: %v", shippedErr)
	}
	return shippedModels
}

func readShipped() (map[string]*shippedModel, error) {
	data, err := os.ReadFile(filepath.Join(shippedDir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	if shippedManifest, err = clinical.ParseManifest(data); err != nil {
		return nil, err
	}
	out := map[string]*shippedModel{}
	for _, name := range uiModels {
		if _, ok := shippedManifest.Find(name); !ok {
			return nil, errors.New("the manifest does not list the " + name + " model")
		}
	}
	for _, e := range shippedManifest.Models {
		w, err := os.ReadFile(filepath.Join(shippedDir, e.File))
		if err != nil {
			return nil, err
		}
		if err := e.Verify(w); err != nil {
			return nil, err
		}
		p, err := clinical.Load(e.Name, w)
		if err != nil {
			return nil, err
		}
		m := &shippedModel{predictor: p}
		if m.card, err = os.ReadFile(filepath.Join(shippedDir, e.Card)); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(m.card, &m.parsed); err != nil {
			return nil, errors.New(e.Card + ": " + err.Error())
		}
		out[e.Name] = m
	}
	return out, nil
}

// shippedCard is the shipped card of a model, for tests that check a page
// shows what the card says.
func shippedCard(t *testing.T, name string) clinical.Card {
	t.Helper()
	m, ok := loadShipped(t)[name]
	if !ok {
		t.Fatalf("the %s model is not shipped in web/models", name)
	}
	return m.parsed
}

// predictShipped runs a shipped model directly, for the answer a page
// should show; out must point to the prediction type of the model's family.
func predictShipped(t *testing.T, name string, input []byte, out any) {
	t.Helper()
	m, ok := loadShipped(t)[name]
	if !ok {
		t.Fatalf("the %s model is not shipped in web/models", name)
	}
	p, err := m.predictor.Predict(input)
	if err != nil {
		t.Fatalf("%s on %s: %v", name, input, err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatal(err)
	}
}

// probe is a mounted component whose context the tests use to drive a
// page's handlers through the engine (Async, Dispatch) as the browser would.
// Natively go-app calls no OnMount, but it does call OnUpdate when a parent
// changes an exported field, which is how the probe gets its context.
type probe struct {
	app.Compo
	N   int
	ctx app.Context
}

func (p *probe) OnUpdate(ctx app.Context) { p.ctx = ctx }
func (p *probe) Render() app.UI           { return app.Div() }

// harness mounts a probe in a test engine with fake as the client.
func harness(t *testing.T, fake *fakeClient) (app.TestEngine, app.Context) {
	t.Helper()
	old, oldHist := client, history
	if fake != nil {
		client = fake
	} else {
		client = nil
	}
	history = platform.NewVault(1000) // few PBKDF2 rounds keep the tests quick
	if fake != nil {
		fake.shipped = loadShipped(t)
	}
	t.Cleanup(func() { client, history = old, oldHist; SetLang(English) })
	e := app.NewTestEngine()
	p := &probe{}
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	if err := e.Load(&probe{N: 1}); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if p.ctx.Context == nil {
		t.Fatal("the probe got no context")
	}
	return e, p.ctx
}

// html renders a page's current state.
func html(c app.Composer) string { return app.HTMLString(c.Render()) }

func mustContain(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, page string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(page, w) {
			t.Errorf("page should not contain %q", w)
		}
	}
}
