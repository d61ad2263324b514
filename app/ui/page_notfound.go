package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// NotFound is the page of any path the app does not have: the usual
// header and navigation, what was asked for, and where to go instead.
type NotFound struct {
	app.Compo
	base
	path string
}

func (n *NotFound) OnMount(ctx app.Context) { n.mountBase(ctx) }

func (n *NotFound) OnNav(ctx app.Context) {
	n.path = ctx.Page().URL().Path
	setTitle(ctx)
}

func (n *NotFound) Render() app.UI {
	links := nav[:len(nav)-1]
	return n.shell("",
		app.H1().Text(tr("notfound.title")),
		app.P().Class("lead").Text(trf("notfound.body", n.path)),
		app.P().Text(tr("notfound.try")),
		el("ul").Class("notfound-links").Body(app.Range(links).Slice(func(i int) app.UI {
			return el("li").Body(el("a").Attr("href", links[i].path).Text(tr(links[i].key)))
		})),
	)
}

// setTitle names the browser tab after the page, in the current language,
// so that tabs, history and bookmarks tell the pages apart.
func setTitle(ctx app.Context) {
	ctx.Page().SetTitle("%s", pageTitle(ctx.Page().URL().Path))
}

func pageTitle(path string) string {
	name := tr("app.name")
	var page string
	switch {
	case path == "/" || path == "":
		return name + " · " + tr("home.title")
	case path == "/symptoms", path == "/notes", path == "/settings":
		page = tr("nav." + path[1:])
	case path == "/survival":
		page = tr("risk.survival.title")
	case len(path) > len("/risk/") && path[:len("/risk/")] == "/risk/" && hasKey("risk."+path[len("/risk/"):]+".title"):
		page = tr("risk." + path[len("/risk/"):] + ".title")
	case len(path) > len("/models/") && path[:len("/models/")] == "/models/":
		page = trf("title.card", modelTitle(path[len("/models/"):]))
	default:
		page = tr("notfound.title")
	}
	return page + " · " + name
}

func hasKey(key string) bool {
	_, ok := lookup(key)
	return ok
}
