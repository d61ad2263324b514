// Command app is Bedside's client: the go-app program compiled to
// web/app.wasm. It holds the pages and the model client only; serving lives
// in cmd/bedside so that no server code reaches the browser, and inference
// runs in the worker (cmd/worker).
package main

import (
	"github.com/bedside-health/bedside/app/platform"
	"github.com/bedside-health/bedside/app/ui"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	ui.Register(platform.Browser())
	app.RunWhenOnBrowser()
}
