// Package task is the registry of Bedside's trainable models and what the
// command line needs around them: how each is trained, how a labeled CSV is
// read for evaluation (row- and column-precise errors), how predictions are
// scored, and shared training plumbing (seeded stratified splits, progress).
//
// A task package (the tabular risk models, the survival model, the text
// models) registers two things from init: a clinical.Loader with
// clinical.Register, which is all the browser worker needs to predict, and,
// outside the browser (see Trainable), a Task here, which the command line
// uses to train and evaluate. Package engine/models imports every task
// package for its side effects.
package task

import (
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"

	"github.com/bedside-health/bedside/engine/clinical"
)

// Family is a model family; it decides which metrics eval reports.
type Family string

const (
	Text     Family = "text"     // multiclass: accuracy, macro_f1, top3_accuracy
	Tabular  Family = "tabular"  // binary: accuracy, auc, sensitivity, specificity, brier
	Survival Family = "survival" // c_index, integrated_brier
)

// Task is one trainable model.
type Task struct {
	Name    string // manifest name, e.g. "wdbc"
	Title   string // for people, e.g. "Breast mass malignancy (cytology)"
	Kind    Family
	Version string // goes into the manifest, the card and every prediction
	Dataset string // directory under the data directory holding train.csv

	// Train fits the model on <DataDir>/<Dataset>/train.csv and returns the
	// weights file and the model card. Two calls with the same Config return
	// identical bytes.
	Train func(c Config) (*Trained, error)

	// Read parses a CSV with the dataset's columns into one JSON input per
	// row (what Predictor.Predict takes) and, with o.Truth, the true outcome
	// of each row. See ReadOptions for how bad rows are handled.
	Read func(r io.Reader, o ReadOptions) (*Table, error)

	// Validation returns the rows Train held out for validation with
	// c.Seed, as a CSV that Read accepts with ReadOptions.Truth, so that
	// `bedside eval` can reproduce the card's figures. May be nil.
	Validation func(c Config) ([]byte, error)
}

// Config is what Train gets.
type Config struct {
	DataDir  string    // holds <Dataset>/train.csv
	Seed     uint64    // every random choice derives from it
	Progress io.Writer // epoch lines for people; may be nil
	// Smoke asks for a fast, small run (few epochs, one ensemble member) so
	// that tests can exercise the whole path in seconds. Weights from a
	// smoke run are real but not fit to ship.
	Smoke bool
}

// Trained is what Train returns.
type Trained struct {
	Weights []byte // safetensors layout; clinical.Load(name, Weights) must work
	Card    clinical.Card
}

// ReadOptions controls Task.Read.
type ReadOptions struct {
	// Truth requires the outcome columns and fills Table.Truth.
	Truth bool
	// SkipBad drops rows that cannot be scored and lists them in
	// Table.Skipped; without it the first bad row is an error.
	SkipBad bool
}

// Truth is the known outcome of one row; which fields are used depends on
// the task's Kind.
type Truth struct {
	Label    string  // Text: the class name
	Positive bool    // Tabular: the positive class
	Time     float64 // Survival: days to event or censoring
	Event    bool    // Survival: the event was observed at Time
}

// Table is a parsed CSV: the rows that can be scored.
type Table struct {
	Rows    []int       // 1-based data row number in the file of each kept row
	Inputs  [][]byte    // one JSON object per kept row
	Truth   []Truth     // with ReadOptions.Truth, parallel to Inputs
	Skipped []*RowError // with ReadOptions.SkipBad, the rows dropped
}

// RowError names the place in a CSV that is wrong. Row is the 1-based data
// row (the header is row 0, so row N is on line N+1 of the file); Column is
// the column name, empty when the whole row is at fault.
type RowError struct {
	Row    int
	Column string
	Err    error
}

func (e *RowError) Error() string {
	switch {
	case e.Row == 0 && e.Column != "":
		return fmt.Sprintf("header: column %q: %v", e.Column, e.Err)
	case e.Row == 0:
		return fmt.Sprintf("header: %v", e.Err)
	case e.Column == "":
		return fmt.Sprintf("row %d (line %d): %v", e.Row, e.Row+1, e.Err)
	}
	return fmt.Sprintf("row %d (line %d), column %q: %v", e.Row, e.Row+1, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

var (
	mu    sync.RWMutex
	tasks = map[string]*Task{}
)

// Trainable is false in the browser (js/wasm), which only predicts. Task
// packages register their Task only when it is true, as a constant
// condition: the compiler then drops the registration and the linker all
// the training code it reaches (gonum's linear algebra among it), about 1 MB
// of the worker's wasm.
const Trainable = runtime.GOOS != "js"

// Register adds a task; task packages call it from init when Trainable.
func Register(t *Task) {
	mu.Lock()
	defer mu.Unlock()
	if t.Name == "" || t.Train == nil || t.Read == nil {
		panic("task: incomplete task " + t.Name)
	}
	switch t.Kind {
	case Text, Tabular, Survival:
	default:
		panic("task: unknown kind " + string(t.Kind) + " for " + t.Name)
	}
	if _, dup := tasks[t.Name]; dup {
		panic("task: registered twice: " + t.Name)
	}
	tasks[t.Name] = t
}

// Lookup returns the named task.
func Lookup(name string) (*Task, bool) {
	mu.RLock()
	defer mu.RUnlock()
	t, ok := tasks[name]
	return t, ok
}

// All returns every registered task, sorted by name.
func All() []*Task {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Task, 0, len(tasks))
	for _, t := range tasks {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
