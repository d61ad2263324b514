// Package ui holds Bedside's pages and components.
//
// This file is a placeholder owned by the ui helper: it keeps the contract
// the platform builds on (Register) and a minimal home page so the server,
// the export and the browser tests run end to end before the real pages land.
package ui

import (
	"github.com/bedside-health/bedside/app/platform"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Register registers every route of the app with go-app and keeps client for
// the components. The client main calls it with the browser client; the
// server calls it with nil because it only prerenders pages.
func Register(client platform.Client) {
	defaultClient = client
	app.Route("/", func() app.Composer { return &home{} })
}

var defaultClient platform.Client

type home struct {
	app.Compo
}

func (h *home) Render() app.UI {
	return app.Main().Body(
		app.H1().Text("Bedside"),
		app.P().Text("Private, offline clinical AI that runs in your browser."),
	)
}
