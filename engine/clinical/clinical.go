package clinical

import (
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Prediction is what a model answers: *TextPrediction, *RiskPrediction or
// *SurvivalPrediction, one per family. The set is closed so that a caller's
// type switch over the three is exhaustive.
type Prediction interface {
	family() string
}

func (*TextPrediction) family() string     { return "text" }
func (*RiskPrediction) family() string     { return "tabular" }
func (*SurvivalPrediction) family() string { return "survival" }

// Predictor runs one loaded model.
type Predictor interface {
	// Name is the model's manifest name, e.g. "symptom".
	Name() string
	// Predict takes one input: {"text": "..."} for text models; an object
	// keyed by the dataset's column names for tabular and survival models.
	// Bad input returns an *Error of kind Invalid naming the field; it never
	// panics.
	Predict(input []byte) (Prediction, error)
}

// Loader builds a Predictor from a model's verified weights file.
type Loader func(weights []byte) (Predictor, error)

var (
	mu      sync.RWMutex
	loaders = map[string]Loader{}
)

// Register makes a model loadable by name. Task packages call it from init.
func Register(name string, l Loader) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := loaders[name]; dup {
		panic("clinical: model registered twice: " + name)
	}
	loaders[name] = l
}

// Names lists the registered models, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(loaders))
	for n := range loaders {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Load builds the named model from its weights. A panic inside a loader
// (a bug, or weights the loader failed to validate) is returned as an error
// of kind Corrupt so that one bad model never takes the others down.
func Load(name string, weights []byte) (p Predictor, err error) {
	mu.RLock()
	l, ok := loaders[name]
	mu.RUnlock()
	if !ok {
		return nil, &Error{Op: "load " + name, Kind: NotFound, Err: errors.New("no such model")}
	}
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &Error{Op: "load " + name, Kind: Corrupt, Err: fmt.Errorf("%v", r)}
		}
	}()
	p, err = l(weights)
	if err != nil {
		return nil, err
	}
	return guarded{p}, nil
}

// guarded recovers a panic in Predict, so that weights a family failed to
// validate, or a bug, fail one call instead of killing the program (in the
// browser, the worker).
type guarded struct{ Predictor }

func (g guarded) Predict(input []byte) (out Prediction, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &Error{Op: "predict " + g.Name(), Kind: Other, Err: fmt.Errorf("internal error: %v", r)}
		}
	}()
	return g.Predictor.Predict(input)
}

// ErrorKind classifies an Error so callers can choose the message to show.
type ErrorKind int

const (
	Other    ErrorKind = iota
	Invalid            // the caller's input is wrong: say which field and why
	NotFound           // no such model or file
	Corrupt            // weights or manifest failed verification
)

// Code is the kind's stable name, what the worker protocol and
// window.bedside errors carry (err.kind): "invalid", "not_found", "corrupt"
// or "internal". String is for people and may be reworded; Code may not.
func (k ErrorKind) Code() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Corrupt:
		return "corrupt"
	}
	return "internal"
}

// ErrorKindOf is the inverse of Code; an unknown code is Other.
func ErrorKindOf(code string) ErrorKind {
	for _, k := range []ErrorKind{Invalid, NotFound, Corrupt} {
		if k.Code() == code {
			return k
		}
	}
	return Other
}

func (k ErrorKind) String() string {
	switch k {
	case Invalid:
		return "invalid input"
	case NotFound:
		return "not found"
	case Corrupt:
		return "corrupt"
	}
	return "error"
}

// Error carries the operation, a kind and, for bad input, the field.
type Error struct {
	Op    string // e.g. "predict wdbc", "load symptom"
	Kind  ErrorKind
	Field string // the input field at fault, if any
	Err   error
}

func (e *Error) Error() string {
	msg := e.Op + ": " + e.Kind.String()
	if e.Field != "" {
		msg += ": " + e.Field
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Manifest is web/models/manifest.json: what the app downloads and checks.
type Manifest struct {
	Models []Entry `json:"models"`
}

// Entry is one model in the manifest.
type Entry struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	File    string `json:"file"`   // weights file name, relative to the manifest
	Card    string `json:"card"`   // model card file name, relative to the manifest
	SHA256  string `json:"sha256"` // hex sha256 of the weights file
	Bytes   int64  `json:"bytes"`  // size of the weights file
	Kind    string `json:"kind"`   // "text", "tabular" or "survival"
	Title   string `json:"title,omitempty"`
}

// ParseManifest decodes and sanity-checks a manifest.
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := unmarshalManifest(data, &m); err != nil {
		return nil, &Error{Op: "parse manifest", Kind: Corrupt, Err: err}
	}
	seen := map[string]bool{}
	for i, e := range m.Models {
		if e.Name == "" || e.File == "" || len(e.SHA256) != 64 || e.Bytes <= 0 {
			return nil, &Error{Op: "parse manifest", Kind: Corrupt, Err: fmt.Errorf("entry %d is incomplete", i)}
		}
		if seen[e.Name] {
			return nil, &Error{Op: "parse manifest", Kind: Corrupt, Err: fmt.Errorf("model %q listed twice", e.Name)}
		}
		seen[e.Name] = true
	}
	return &m, nil
}

// Find returns the entry for name.
func (m *Manifest) Find(name string) (Entry, bool) {
	for _, e := range m.Models {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// Verify checks weight bytes against the entry's size and sha256.
func (e Entry) Verify(data []byte) error {
	if int64(len(data)) != e.Bytes {
		return &Error{Op: "verify " + e.Name, Kind: Corrupt,
			Err: fmt.Errorf("weights are %d bytes, manifest says %d (truncated or replaced download)", len(data), e.Bytes)}
	}
	sum := sum256(data)
	if got := hex.EncodeToString(sum[:]); got != e.SHA256 {
		return &Error{Op: "verify " + e.Name, Kind: Corrupt,
			Err: fmt.Errorf("sha256 %s does not match the manifest's %s", got[:12], e.SHA256[:12])}
	}
	return nil
}

// Unwrap returns the family's own predictor behind Load's panic guard, for
// code that needs a family's typed methods (PredictRecord, Risk, ...).
func Unwrap(p Predictor) Predictor {
	if g, ok := p.(guarded); ok {
		return g.Predictor
	}
	return p
}
