// Package ui is Bedside's user interface: every page of the go-app PWA, the
// SVG charts, the translation tables (English and 简体中文) and the
// encrypted history. Components hold no model logic: they call a
// platform.Client from ctx.Async and dispatch the answer back.
package ui

import (
	"github.com/bedside-health/bedside/app/platform"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// client is what every page calls. It may be nil (the server pre-renders
// pages without one): pages then show their loading state.
var client platform.Client

// Register keeps the client for the components and registers every route
// with go-app. Call it once, before app.RunWhenOnBrowser, on both the
// client and the server.
func Register(c platform.Client) {
	client = c
	if app.IsClient {
		SetLang(startLang())
		SetRegion(startRegion())
	}
	app.Route("/", func() app.Composer { return &Home{} })
	app.Route("/symptoms", func() app.Composer { return &Symptoms{} })
	app.Route("/notes", func() app.Composer { return &Notes{} })
	for _, name := range riskModels {
		name := name
		app.Route("/risk/"+name, func() app.Composer { return &Risk{Model: name} })
	}
	app.Route("/survival", func() app.Composer { return &Risk{Model: survivalModel} })
	app.RouteWithRegexp(`^/models/[a-z0-9_-]+$`, func() app.Composer { return &ModelCard{} })
	app.Route("/settings", func() app.Composer { return &Settings{} })
	// Last, so that only paths no other route takes reach it.
	app.RouteWithRegexp(`^/`, func() app.Composer { return &NotFound{} })
}

// riskModels are the tabular calculators, in menu order.
var riskModels = []string{"wdbc", "pima", "heart"}

const (
	symptomModel    = "symptom"
	specialtyModel  = "specialty"
	departmentModel = "department"
	survivalModel   = "survival"
)

// Keys in the browser's localStorage. Only the language preference lives
// there in the clear; history is encrypted in IndexedDB.
const storeLang = "bedside.lang"

// startLang is the saved choice, else the browser's language.
func startLang() (l Lang) {
	// Storage access throws when the browser blocks it; English then.
	defer func() {
		if recover() != nil {
			l = English
		}
	}()
	var saved string
	if v := app.Window().Get("localStorage").Call("getItem", storeLang); v.Truthy() {
		saved = v.String()
	}
	if saved != "" {
		return ParseLang(saved)
	}
	return ParseLang(app.Window().Get("navigator").Get("language").String())
}

// hasModel reports whether this release ships the named model, so a page
// can say "not available" instead of showing the runtime's error. Call it
// off the UI goroutine (from run's work).
func hasModel(name string) bool {
	if client == nil {
		return false
	}
	for _, m := range client.Models() {
		if m.Name == name {
			return true
		}
	}
	return false
}
