// Package platform is what the UI calls to run models: the manifest, each
// model's download state, prediction and clinical context. In the browser it
// is backed by the weights store (IndexedDB, verified by sha256) and the
// inference Web Worker; in native tests by fakes. UI components hold no model
// logic: they call a Client.
package platform

import (
	"context"

	"github.com/bedside-health/bedside/engine/clinical"
)

// State is where one model is in its life.
type State int

const (
	Pending     State = iota // not requested yet
	Downloading              // fetching weights; see Status.Progress
	Ready                    // verified and loaded in the worker
	Failed                   // missing, corrupt or failed to load; see Status.Err
)

// Status is one model's state as the UI shows it.
type Status struct {
	Name     string
	State    State
	Progress float64 // 0..1 while Downloading
	Err      string  // a message for people while Failed
	// OnDemand: Pending because the weights are large and not on this
	// device yet; they download when first used, when a page wants them,
	// or on Load (so a first visit stays light).
	OnDemand bool
}

// Client runs models for the UI. Predict and Context block until the answer
// is there, so components call them from ctx.Async and Dispatch the result.
type Client interface {
	Models() []clinical.Entry
	Status(name string) Status
	// Predict returns the JSON that `bedside predict` prints for input.
	Predict(ctx context.Context, name string, input []byte) ([]byte, error)
	// Context returns findings with negation/temporality/experiencer,
	// sections and offsets for a note, as JSON.
	Context(ctx context.Context, text string) ([]byte, error)
	// FHIR returns the note's analysis as a FHIR R4 Bundle, the JSON text
	// `bedside fhir` prints. The worker writes it: its codes come from the
	// note reader's lexicon, which the app does not link.
	FHIR(ctx context.Context, text string) ([]byte, error)
	// Card returns the model card (clinical.Card as JSON).
	Card(ctx context.Context, name string) ([]byte, error)
	// Want starts loading models a page is about to use, if they wait on
	// demand; it returns at once.
	Want(names ...string)
	// Load downloads and loads one model now (to have it offline) and
	// returns when it is ready, or why it is not.
	Load(ctx context.Context, name string) error
}

// PartedContext is a Client that also hands over a note's analysis in parts,
// so the page can decode one part per task: a long note's analysis decoded
// as one document held the page's main thread for hundreds of ms.
type PartedContext interface {
	// ContextParts calls part with each part of the analysis of text, in
	// order: first the analysis as Context returns it but without its
	// "findings" key, then JSON lists of findings, a few dozen each, that
	// together are Context's findings. It returns the first error part
	// returns, without calling it again.
	ContextParts(ctx context.Context, text string, part func([]byte) error) error
}
