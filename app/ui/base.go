package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// base is embedded by every page: the language it last rendered in and the
// last fault caught at a user-action boundary.
type base struct {
	lang  Lang
	fault string
	// page is the context of the page component itself. An event's context
	// belongs to the element clicked, and go-app drops a Dispatch whose
	// element is gone (a confirm button that disappears once clicked), so
	// results are dispatched through the page's own context.
	page    app.Context
	hasPage bool
}

// mountBase runs when a page mounts. Pages are made afresh at each
// navigation and read the current language as they render, so a language
// chosen in settings applies to every page from then on without a reload
// (go-app's state store would do the same at a cost in wasm size).
func (b *base) mountBase(ctx app.Context) {
	b.page, b.hasPage = ctx, true
	b.lang = current
	setDocumentLang()
	setTitle(ctx)
	if app.IsClient {
		checkHistory()
	}
}

// catch turns a panic in an event handler into a message on the page, so
// one bug never kills the wasm app. Use as `defer p.catch()` first thing in
// every handler.
func (b *base) catch() {
	if r := recover(); r != nil {
		b.fault = fmt.Sprint(r)
		app.Logf("bedside: recovered: %v", r)
	}
}

// run calls work off the UI goroutine (it may block on the platform) and
// applies the function it returns on the UI goroutine. A panic on either
// side becomes the page's fault message.
func (b *base) run(ctx app.Context, work func() func(app.Context)) {
	if b.hasPage {
		ctx = b.page
	}
	ctx.Async(func() {
		apply := func() (apply func(app.Context)) {
			defer func() {
				if r := recover(); r != nil {
					msg := fmt.Sprint(r)
					app.Logf("bedside: recovered: %v", r)
					apply = func(app.Context) { b.fault = msg }
				}
			}()
			return work()
		}()
		ctx.Dispatch(func(ctx app.Context) {
			defer b.catch()
			if apply != nil {
				apply(ctx)
			}
		})
	})
}

func setDocumentLang() {
	if app.IsClient {
		app.Window().Get("document").Get("documentElement").Set("lang", current.htmlLang())
	}
}

// errorMessage says what went wrong in words for people, by kind.
func errorMessage(err error) string {
	var ce *clinical.Error
	if errors.As(err, &ce) {
		switch ce.Kind {
		case clinical.Invalid:
			if ce.Field != "" {
				return trf("err.model.invalidfield", featureName(ce.Field, ""), ce.Err)
			}
			return trf("err.model.invalid", ce.Err)
		case clinical.NotFound:
			return tr("err.model.notfound")
		case clinical.Corrupt:
			return tr("err.model.corrupt")
		}
	}
	// Errors end with their own full stop; the message adds one.
	return trf("err.model.other", strings.TrimRight(err.Error(), ". "))
}

// nav lists the header links: path and translation key.
var nav = []struct{ path, key string }{
	{"/", "nav.home"},
	{"/symptoms", "nav.symptoms"},
	{"/notes", "nav.notes"},
	{"/risk/wdbc", "nav.wdbc"},
	{"/risk/pima", "nav.pima"},
	{"/risk/heart", "nav.heart"},
	{"/survival", "nav.survival"},
	{"/settings", "nav.settings"},
}

// shell is the frame of every page: skip link, header and navigation, the
// page's fault banner, the content, and the disclaimer in the footer.
func (b *base) shell(active string, content ...app.UI) app.UI {
	return app.Div().Class("app").Lang(current.htmlLang()).Body(
		el("a").Class("skip").Attr("href", "#main").Text(tr("nav.skip")),
		el("header").Class("top").Body(
			el("a").Class("brand").Attr("href", "/").Body(
				svgEl("svg").Class("logo").Attr("viewBox", "0 0 24 24").Aria("hidden", "true").Attr("focusable", "false").Body(
					svgEl("path").Attr("d", "M3 17V7M3 13h18v4M21 17v-2M7 11a2 2 0 1 0 0-.01M10 11h9a2 2 0 0 1 2 2"),
				),
				el("span").Text(tr("app.name")),
			),
			el("nav").Aria("label", tr("nav.label")).Body(
				el("ul").Body(app.Range(nav).Slice(func(i int) app.UI {
					n := nav[i]
					a := el("a").Attr("href", n.path).Text(tr(n.key))
					if n.path == active {
						a = a.Aria("current", "page")
					}
					return el("li").Body(a)
				})),
			),
		),
		app.If(b.fault != "", func() app.UI {
			return app.Div().Class("notice", "fault").Role("alert").Body(
				app.P().Text(trf("err.fault", b.fault)),
				el("button").Attr("type", "button").Text(tr("err.fault.dismiss")).OnClick(b.dismissFault),
			)
		}),
		app.Main().ID("main").TabIndex(-1).Body(content...),
		el("footer").Class("foot").Body(
			app.P().Body(
				app.Text(tr("foot.privacy")+" "),
				el("a").Attr("href", "/settings").Text(tr("nav.settings")),
			),
		),
	)
}

func (b *base) dismissFault(ctx app.Context, e app.Event) { b.fault = "" }

// loading is the placeholder while the platform is not there yet.
func loading(key string) app.UI {
	return app.P().Class("loading").Aria("live", "polite").Body(
		el("span").Class("spinner").Aria("hidden", "true"),
		app.Text(tr(key)),
	)
}

// ariaBool spells an ARIA state out as the "true"/"false" ARIA expects
// (the browser side of go-app sets it with setAttribute).
func ariaBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// reveal brings id into view once the page has re-rendered: the result on a
// phone is below the form, and the emergency banner above it.
func reveal(ctx app.Context, id string) {
	if app.IsClient {
		ctx.ScrollTo(id)
	}
}

// focus moves keyboard focus to id after the next render.
func focus(ctx app.Context, id string) {
	if !app.IsClient {
		return
	}
	ctx.Defer(func(app.Context) {
		if e := app.Window().GetElementByID(id); e.Truthy() {
			e.Call("focus")
		}
	})
}
