package ui

import (
	"errors"
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/bedside-health/bedside/app/platform"
)

// Settings: language, encrypted history and clearing everything stored.
type Settings struct {
	app.Compo
	base
	checked    bool // history state read from storage
	enabled    bool
	unlocked   bool
	pass       string
	pass2      string
	passErr    string
	busy       bool
	entries    []platform.Entry
	unreadable int
	message    string
	confirm    bool // clear-all asked once, waiting for confirmation
}

func (s *Settings) OnMount(ctx app.Context) {
	s.mountBase(ctx)
	s.refresh(ctx)
}

// refresh reads whether history is on, and lists it when unlocked.
func (s *Settings) refresh(ctx app.Context) {
	s.run(ctx, func() func(app.Context) {
		enabled, err := history.Enabled()
		unlocked := history.Unlocked()
		var entries []platform.Entry
		var unreadable int
		if err == nil && enabled && unlocked {
			entries, unreadable, err = history.List()
		}
		return func(app.Context) {
			s.checked, s.enabled, s.unlocked = true, enabled, unlocked
			s.entries, s.unreadable = entries, unreadable
			if err != nil {
				s.message = trf("settings.storage.error", err)
			}
		}
	})
}

func (s *Settings) onLang(ctx app.Context, e app.Event) {
	defer s.catch()
	s.setLang(ctx, ParseLang(ctx.JSSrc().Get("value").String()))
}

func (s *Settings) setLang(ctx app.Context, l Lang) {
	SetLang(l)
	s.lang = l
	if app.IsClient {
		func() {
			defer func() { recover() }() // storage may be blocked; the choice still applies now
			app.Window().Get("localStorage").Call("setItem", storeLang, string(l))
		}()
	}
	setDocumentLang()
}

func (s *Settings) onRegion(ctx app.Context, e app.Event) {
	defer s.catch()
	s.setRegion(Region(ctx.JSSrc().Get("value").String()))
}

func (s *Settings) setRegion(r Region) {
	SetRegion(r)
	if app.IsClient {
		func() {
			defer func() { recover() }() // storage may be blocked; the choice still applies now
			app.Window().Get("localStorage").Call("setItem", storeRegion, string(region))
		}()
	}
}

func (s *Settings) onPass(ctx app.Context, e app.Event) {
	defer s.catch()
	s.pass = ctx.JSSrc().Get("value").String()
	s.passErr = ""
}

func (s *Settings) onPass2(ctx app.Context, e app.Event) {
	defer s.catch()
	s.pass2 = ctx.JSSrc().Get("value").String()
	s.passErr = ""
}

func (s *Settings) onEnable(ctx app.Context, e app.Event) {
	defer s.catch()
	e.PreventDefault()
	s.enable(ctx)
}

// enable turns history on with the typed passphrase.
func (s *Settings) enable(ctx app.Context) {
	s.message = ""
	if len([]rune(s.pass)) < platform.MinPassphrase {
		s.passErr = trf("settings.pass.short", platform.MinPassphrase)
		return
	}
	if s.pass != s.pass2 {
		s.passErr = tr("settings.pass.mismatch")
		return
	}
	pass := s.pass
	s.busy = true
	s.run(ctx, func() func(app.Context) {
		err := history.Enable(pass)
		return func(ctx app.Context) {
			s.busy = false
			if err != nil {
				s.passErr = s.vaultError(err)
				return
			}
			s.pass, s.pass2 = "", ""
			s.message = tr("settings.history.enabled")
			s.refresh(ctx)
		}
	})
}

func (s *Settings) onUnlock(ctx app.Context, e app.Event) {
	defer s.catch()
	e.PreventDefault()
	s.unlock(ctx)
}

func (s *Settings) unlock(ctx app.Context) {
	s.message = ""
	pass := s.pass
	s.busy = true
	s.run(ctx, func() func(app.Context) {
		err := history.Unlock(pass)
		return func(ctx app.Context) {
			s.busy = false
			if err != nil {
				s.passErr = s.vaultError(err)
				return
			}
			s.pass = ""
			s.refresh(ctx)
		}
	})
}

func (s *Settings) vaultError(err error) string {
	switch {
	case errors.Is(err, platform.ErrWrongPassphrase):
		return tr("settings.pass.wrong")
	case errors.Is(err, platform.ErrShortPassphrase):
		return trf("settings.pass.short", platform.MinPassphrase)
	}
	return trf("settings.storage.error", err)
}

func (s *Settings) onLock(ctx app.Context, e app.Event) {
	defer s.catch()
	history.Lock()
	s.entries = nil
	s.refresh(ctx)
}

func (s *Settings) onDisable(ctx app.Context, e app.Event) {
	defer s.catch()
	s.run(ctx, func() func(app.Context) {
		err := history.Disable()
		return func(ctx app.Context) {
			if err != nil {
				s.message = trf("settings.storage.error", err)
			} else {
				s.message = tr("settings.history.disabled")
			}
			s.refresh(ctx)
		}
	})
}

func (s *Settings) onClear(ctx app.Context, e app.Event) {
	defer s.catch()
	if !s.confirm {
		s.confirm = true
		return
	}
	s.clearAll(ctx)
}

func (s *Settings) onCancelClear(ctx app.Context, e app.Event) {
	defer s.catch()
	s.confirm = false
}

// clearAll deletes the history, its key and the stored language and
// region, and puts the region back to the browser locale's guess.
func (s *Settings) clearAll(ctx app.Context) {
	s.confirm = false
	s.run(ctx, func() func(app.Context) {
		err := history.Disable()
		if err == nil {
			err = clearBrowserData()
		}
		return func(ctx app.Context) {
			if err != nil {
				s.message = trf("settings.storage.error", err)
			} else {
				s.message = tr("settings.cleared")
			}
			// The stored region is gone; the one in use must go too, or the
			// call button keeps dialling the cleared choice until a reload.
			// With nothing stored, startRegion is the locale's guess.
			SetRegion(startRegion())
			s.refresh(ctx)
		}
	})
}

func (s *Settings) Render() app.UI {
	return s.shell("/settings",
		app.H1().Text(tr("settings.title")),
		app.If(s.message != "", func() app.UI { return app.P().Class("notice").Role("status").Text(s.message) }),
		el("section").Class("card").Aria("labelledby", "lang-h").Body(
			el("h2").ID("lang-h").Text(tr("settings.lang")),
			el("label").Attr("for", "lang").Text(tr("settings.lang.label")),
			el("select").ID("lang").OnChange(s.onLang).Body(app.Range(Langs).Slice(func(i int) app.UI {
				l := Langs[i]
				return option(string(l), l == current, tr("lang."+string(l))).Lang(l.htmlLang())
			})),
		),
		el("section").ID("region").Class("card").Aria("labelledby", "region-h").Body(
			el("h2").ID("region-h").Text(tr("settings.region")),
			el("label").Attr("for", "region-select").Text(tr("settings.region.label")),
			app.P().ID("region-help").Class("help").Text(tr("settings.region.help")),
			el("select").ID("region-select").Aria("describedby", "region-help").OnChange(s.onRegion).Body(app.Range(Regions).Slice(func(i int) app.UI {
				r := Regions[i]
				return option(string(r), r == region, trf("settings.region.option", regionName(r), r.EmergencyNumber()))
			})),
		),
		el("section").Class("card").Aria("labelledby", "hist-h").Body(
			el("h2").ID("hist-h").Text(tr("settings.history")),
			app.P().Text(tr("settings.history.about")),
			app.If(!s.checked, func() app.UI { return loading("settings.checking") }).
				ElseIf(!s.enabled, func() app.UI { return s.enableForm() }).
				ElseIf(!s.unlocked, func() app.UI { return s.unlockForm() }).
				Else(func() app.UI { return s.historyList() }),
		),
		el("section").Class("card", "danger").Aria("labelledby", "clear-h").Body(
			el("h2").ID("clear-h").Text(tr("settings.clear")),
			app.P().Text(tr("settings.clear.about")),
			app.If(s.confirm, func() app.UI {
				return app.Div().Class("actions").Role("alert").Body(
					app.P().Text(tr("settings.clear.confirm")),
					el("button").ID("clear-confirm").Attr("type", "button").Class("danger").Text(tr("settings.clear.yes")).OnClick(s.onClear),
					el("button").Attr("type", "button").Text(tr("settings.clear.no")).OnClick(s.onCancelClear),
				)
			}).Else(func() app.UI {
				return el("button").ID("clear-all").Attr("type", "button").Class("danger").Text(tr("settings.clear.button")).OnClick(s.onClear)
			}),
		),
	)
}

func (s *Settings) passField(id, labelKey, value string, handler app.EventHandler, auto string) app.UI {
	return app.Div().Class("field").Body(
		el("label").Attr("for", id).Text(tr(labelKey)),
		el("input").ID(id).Attr("type", "password").Attr("autocomplete", auto).Attr("value", value).
			Aria("describedby", "pass-err").Aria("invalid", ariaBool(s.passErr != "")).OnInput(handler),
	)
}

func (s *Settings) enableForm() app.UI {
	return el("form").Class("history-form").OnSubmit(s.onEnable).Body(
		app.P().Class("help").Text(tr("settings.history.off")),
		s.passField("pass", "settings.pass.new", s.pass, s.onPass, "new-password"),
		s.passField("pass2", "settings.pass.repeat", s.pass2, s.onPass2, "new-password"),
		app.P().ID("pass-err").Class("field-error").Aria("live", "assertive").Text(s.passErr),
		app.P().Class("help").Text(tr("settings.pass.warning")),
		el("button").ID("history-on").Attr("type", "submit").Class("primary").Attr("disabled", ariaBool(s.busy)).Text(tr("settings.history.turnon")),
	)
}

func (s *Settings) unlockForm() app.UI {
	return app.Div().Body(
		el("form").Class("history-form").OnSubmit(s.onUnlock).Body(
			app.P().Class("help").Text(tr("settings.history.locked")),
			s.passField("unlock-pass", "settings.pass", s.pass, s.onPass, "current-password"),
			app.P().ID("pass-err").Class("field-error").Aria("live", "assertive").Text(s.passErr),
			el("button").ID("history-unlock").Attr("type", "submit").Class("primary").Attr("disabled", ariaBool(s.busy)).Text(tr("settings.unlock")),
		),
		el("button").Attr("type", "button").Text(tr("settings.history.turnoff")).OnClick(s.onDisable),
	)
}

func (s *Settings) historyList() app.UI {
	return app.Div().Body(
		app.P().Class("help").Text(tr("settings.history.on")),
		app.If(s.unreadable > 0, func() app.UI { return app.P().Class("notice", "error").Text(trf("settings.unreadable", s.unreadable)) }),
		app.If(len(s.entries) == 0, func() app.UI { return app.P().Text(tr("settings.history.empty")) }).Else(func() app.UI {
			return el("ol").Class("history").Body(app.Range(s.entries).Slice(func(i int) app.UI {
				e := s.entries[i]
				return el("li").Body(
					app.P().Class("meta").Body(
						el("time").Attr("datetime", e.Time.Format("2006-01-02T15:04:05Z07:00")).Text(e.Time.Local().Format("2006-01-02 15:04")),
						app.Text(" · "+trOr("kind."+e.Kind, e.Kind)),
					),
					app.P().Class("history-input").Text(excerpt(e.Input, 0, len([]rune(e.Input)), 160)),
					app.P().Text(e.Summary),
				)
			}))
		}),
		app.Div().Class("actions").Body(
			el("button").ID("history-lock").Attr("type", "button").Text(tr("settings.lock")).OnClick(s.onLock),
			el("button").ID("history-off").Attr("type", "button").Text(tr("settings.history.turnoff")).OnClick(s.onDisable),
		),
	)
}

// clearBrowserData forgets the stored language and region. The history records are
// already gone (Vault.Disable clears the store); the empty database is kept
// because deleting it races with the next open and can block.
func clearBrowserData() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if ls := app.Window().Get("localStorage"); ls.Truthy() {
		ls.Call("removeItem", storeLang)
		ls.Call("removeItem", storeRegion)
	}
	return nil
}
