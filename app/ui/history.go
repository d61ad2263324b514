package ui

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/bedside-health/bedside/app/platform"
)

// history is the app's encrypted history.
var history = platform.NewVault(platform.VaultIterations)

// maxHistoryInput keeps one history entry small; a 100,000-character note
// is kept as its start.
const maxHistoryInput = 4000

// maxUnsaved bounds the results kept in memory while history is locked.
const maxUnsaved = 50

var (
	unsavedMu sync.Mutex
	// unsaved are results made while history is on but locked (after a
	// reload the key is gone). They wait in memory so that unlocking in
	// the same session saves them instead of losing them.
	unsaved []platform.Entry
	// reopening is the entry the settings page asked a page to show again;
	// reopened is its input, so running it again does not save a copy.
	reopening *platform.Entry
	reopened  platform.Entry
)

// checkHistory looks once at whether history is on, so a result can say it
// is not being saved before anyone opens the settings page.
func checkHistory() {
	if known, _ := history.Known(); known {
		return
	}
	go func() {
		defer func() { recover() }() // storage blocked: the settings page says so
		history.Enabled()
	}()
}

// historyLocked reports whether history is on but cannot save: results are
// then not being kept, and each one says so.
func historyLocked() bool {
	known, on := history.Known()
	return known && on && !history.Unlocked()
}

// saveHistory stores a result when history is on and unlocked; while it is
// locked the result waits in memory for an unlock. Called on the UI
// goroutine.
func saveHistory(ctx app.Context, kind, input, summary string) {
	if history == nil {
		return
	}
	if r := []rune(input); len(r) > maxHistoryInput {
		input = string(r[:maxHistoryInput]) + "…"
	}
	unsavedMu.Lock()
	again := reopened.Kind == kind && reopened.Input == input
	reopened = platform.Entry{}
	unsavedMu.Unlock()
	if again {
		return // a reopened entry is already in the history
	}
	e := platform.Entry{Time: time.Now(), Kind: kind, Input: input, Summary: summary}
	if !history.Unlocked() {
		if historyLocked() {
			unsavedMu.Lock()
			if len(unsaved) < maxUnsaved {
				unsaved = append(unsaved, e)
			}
			unsavedMu.Unlock()
		}
		return
	}
	ctx.Async(func() {
		defer func() {
			if r := recover(); r != nil {
				app.Logf("bedside: saving history: %v", r)
			}
		}()
		if err := history.Add(e); err != nil {
			app.Logf("bedside: saving history: %v", err)
		}
	})
}

// unsavedCount is how many results of this session wait for an unlock.
func unsavedCount() int {
	unsavedMu.Lock()
	defer unsavedMu.Unlock()
	return len(unsaved)
}

// saveUnsaved stores the results that waited for an unlock. It blocks:
// call it off the UI goroutine.
func saveUnsaved() (int, error) {
	unsavedMu.Lock()
	pending := unsaved
	unsaved = nil
	unsavedMu.Unlock()
	for i, e := range pending {
		if err := history.Add(e); err != nil {
			unsavedMu.Lock()
			unsaved = append(pending[i:], unsaved...)
			unsavedMu.Unlock()
			return i, err
		}
	}
	return len(pending), nil
}

// historyNotice goes on every result: when history is on but locked, the
// result is not being saved, and the reader is told so and where to unlock.
func historyNotice() app.UI {
	return app.If(historyLocked(), func() app.UI {
		return app.P().Class("notice", "unsaved").Role("status").Body(
			app.Text(tr("history.unsaved")+" "),
			el("a").Attr("href", "/settings#hist-h").Text(tr("history.unsaved.unlock")),
		)
	})
}

// reopen asks the page of e's kind to show e again: its form filled in and
// its result made anew from the same input.
func reopen(ctx app.Context, e platform.Entry) {
	unsavedMu.Lock()
	reopening = &e
	unsavedMu.Unlock()
	ctx.Navigate(entryPath(e.Kind))
}

// takeReopen returns the entry waiting to be reopened on the page of kind,
// once.
func takeReopen(kind string) *platform.Entry {
	unsavedMu.Lock()
	defer unsavedMu.Unlock()
	e := reopening
	if e == nil || e.Kind != kind {
		return nil
	}
	reopening, reopened = nil, *e
	return e
}

func entryPath(kind string) string {
	switch kind {
	case "symptoms", "notes":
		return "/" + kind
	case survivalModel:
		return "/survival"
	}
	return "/risk/" + kind
}

// entryInputs is an entry's input in words: the text for symptoms and
// notes, and "name value" pairs for a calculator (stored as the JSON sent
// to the model).
func entryInputs(e platform.Entry) string {
	var values map[string]float64
	if e.Kind == "symptoms" || e.Kind == "notes" || json.Unmarshal([]byte(e.Input), &values) != nil {
		return excerpt(e.Input, 0, len([]rune(e.Input)), 160)
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = featureName(n, "") + " " + optionName(n, values[n])
	}
	return excerpt(strings.Join(parts, " · "), 0, len([]rune(strings.Join(parts, " · "))), 240)
}

// entryHeadline is the result as the page showed it at the top.
func entryHeadline(e platform.Entry) string {
	if s, ok := lookup("risk." + e.Kind + ".outcome"); ok && e.Kind != survivalModel {
		return s + ": " + e.Summary
	}
	return e.Summary
}

// riskValues turns a saved calculator input back into the form's text.
func riskValues(input string) map[string]string {
	var values map[string]float64
	if json.Unmarshal([]byte(input), &values) != nil {
		return nil
	}
	out := make(map[string]string, len(values))
	for n, v := range values {
		out[n] = formatNumber(v)
	}
	return out
}
