package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/bedside-health/bedside/app/platform"
)

// history is the app's encrypted history.
var history = platform.NewVault(platform.VaultIterations)

// maxHistoryInput keeps one history entry small; a 100,000-character note
// is kept as its start.
const maxHistoryInput = 4000

// saveHistory stores a result when history is on and unlocked; otherwise it
// does nothing. Called on the UI goroutine.
func saveHistory(ctx app.Context, kind, input, summary string) {
	if history == nil || !history.Unlocked() {
		return
	}
	if r := []rune(input); len(r) > maxHistoryInput {
		input = string(r[:maxHistoryInput]) + "…"
	}
	e := platform.Entry{Time: time.Now(), Kind: kind, Input: input, Summary: summary}
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
