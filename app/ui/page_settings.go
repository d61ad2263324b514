package ui

import (
	"errors"
	"fmt"
	"time"

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
	confirm    bool   // clear-all asked once, waiting for confirmation
	confirmOff bool   // turn-off asked once, waiting for confirmation
	persist    string // the browser's answer to keeping storage
	importPass string
	importErr  string
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
		var persist string
		if err == nil {
			persist = askPersist()
		}
		return func(ctx app.Context) {
			s.busy = false
			if err != nil {
				s.passErr = s.vaultError(err)
				return
			}
			s.pass, s.pass2 = "", ""
			s.message, s.persist = tr("settings.history.enabled"), persist
			s.refresh(ctx)
		}
	})
}

// askPersist asks the browser not to evict the history when space runs
// low, and says what it answered: a browser may refuse, and then an
// export is the way to keep a copy. It blocks.
func askPersist() string {
	ok, err := platform.PersistStorage()
	switch {
	case err != nil:
		return trf("settings.persist.error", err)
	case ok:
		return tr("settings.persist.yes")
	}
	return tr("settings.persist.no")
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
		saved := 0
		if err == nil {
			saved, err = saveUnsaved()
		}
		return func(ctx app.Context) {
			s.busy = false
			if err != nil {
				s.passErr = s.vaultError(err)
				return
			}
			s.pass = ""
			if saved > 0 {
				s.message = trf("settings.unsaved.saved", saved)
			}
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
	case errors.Is(err, platform.ErrLocked):
		return tr("settings.import.locked")
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
	if !s.confirmOff {
		s.confirmOff = true
		return
	}
	s.confirmOff = false
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

func (s *Settings) onCancelOff(ctx app.Context, e app.Event) {
	defer s.catch()
	s.confirmOff = false
}

func (s *Settings) onReopen(e platform.Entry) app.EventHandler {
	return func(ctx app.Context, ev app.Event) {
		defer s.catch()
		reopen(ctx, e)
	}
}

func (s *Settings) onDelete(id string) app.EventHandler {
	return func(ctx app.Context, ev app.Event) {
		defer s.catch()
		s.run(ctx, func() func(app.Context) {
			err := history.Delete(id)
			return func(ctx app.Context) {
				if err != nil {
					s.message = s.vaultError(err)
				} else {
					s.message = tr("settings.entry.deleted")
				}
				s.refresh(ctx)
			}
		})
	}
}

func (s *Settings) onExport(ctx app.Context, e app.Event) {
	defer s.catch()
	s.run(ctx, func() func(app.Context) {
		data, err := history.Export()
		return func(ctx app.Context) {
			name := "bedside-history-" + time.Now().Format("2006-01-02") + ".json"
			if err == nil {
				err = platform.SaveFile(name, "application/json", data)
			}
			if err != nil {
				s.message = s.vaultError(err)
				return
			}
			s.message = trf("settings.export.done", len(s.entries), name)
		}
	})
}

func (s *Settings) onImportPass(ctx app.Context, e app.Event) {
	defer s.catch()
	s.importPass = ctx.JSSrc().Get("value").String()
	s.importErr = ""
}

func (s *Settings) onImport(ctx app.Context, e app.Event) {
	defer s.catch()
	e.PreventDefault()
	s.message, s.importErr = "", ""
	pass, wasOn := s.importPass, s.enabled
	s.busy = true
	s.run(ctx, func() func(app.Context) {
		data, err := platform.ReadChosenFile("import-file")
		n := 0
		var persist string
		if err == nil {
			n, err = history.Import(data, pass)
		}
		if err == nil && !wasOn {
			persist = askPersist()
		}
		return func(ctx app.Context) {
			s.busy = false
			if err != nil {
				s.importErr = importError(err)
				return
			}
			s.importPass, s.persist = "", persist
			s.message = trf("settings.import.done", n)
			s.refresh(ctx)
		}
	})
}

// importError says why a file was not imported, and that nothing changed.
func importError(err error) string {
	switch {
	case errors.Is(err, platform.ErrWrongPassphrase):
		return tr("settings.import.wrong")
	case errors.Is(err, platform.ErrDamagedExport):
		return tr("settings.import.damaged")
	case errors.Is(err, platform.ErrNotExport):
		return tr("settings.import.notexport")
	case errors.Is(err, platform.ErrLocked):
		return tr("settings.import.locked")
	}
	return trf("settings.import.failed", err)
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
		app.If(s.message != "", func() app.UI { return app.P().ID("settings-message").Class("notice").Role("status").Text(s.message) }),
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
			app.If(s.persist != "", func() app.UI { return app.P().ID("persist").Class("help").Text(s.persist) }),
			app.If(s.checked && (!s.enabled || s.unlocked), func() app.UI { return s.importForm() }),
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
			app.If(unsavedCount() > 0, func() app.UI {
				return app.P().ID("unsaved-count").Class("notice").Text(trf("settings.unsaved", unsavedCount()))
			}),
			s.passField("unlock-pass", "settings.pass", s.pass, s.onPass, "current-password"),
			app.P().ID("pass-err").Class("field-error").Aria("live", "assertive").Text(s.passErr),
			el("button").ID("history-unlock").Attr("type", "submit").Class("primary").Attr("disabled", ariaBool(s.busy)).Text(tr("settings.unlock")),
		),
		s.turnOff(),
	)
}

// turnOff deletes the whole history, so it asks once before doing it.
func (s *Settings) turnOff() app.UI {
	if s.confirmOff {
		return app.Div().Class("actions").Role("alert").Body(
			app.P().Text(trf("settings.history.off.confirm", len(s.entries))),
			el("button").ID("history-off-confirm").Attr("type", "button").Class("danger").Text(tr("settings.history.off.yes")).OnClick(s.onDisable),
			el("button").ID("history-off-cancel").Attr("type", "button").Text(tr("settings.clear.no")).OnClick(s.onCancelOff),
		)
	}
	return el("button").ID("history-off").Attr("type", "button").Text(tr("settings.history.turnoff")).OnClick(s.onDisable)
}

// importForm reads an exported history file back: into this history when
// it is on and unlocked, or as this browser's history when it is off.
func (s *Settings) importForm() app.UI {
	return el("form").ID("import").Class("history-form").OnSubmit(s.onImport).Body(
		el("h3").Text(tr("settings.import")),
		app.P().Class("help").Text(tr("settings.import.about")),
		app.Div().Class("field").Body(
			el("label").Attr("for", "import-file").Text(tr("settings.import.file")),
			el("input").ID("import-file").Attr("type", "file").Attr("accept", ".json,application/json"),
		),
		app.Div().Class("field").Body(
			el("label").Attr("for", "import-pass").Text(tr("settings.import.pass")),
			el("input").ID("import-pass").Attr("type", "password").Attr("autocomplete", "current-password").Attr("value", s.importPass).
				Aria("describedby", "import-err").Aria("invalid", ariaBool(s.importErr != "")).OnInput(s.onImportPass),
		),
		app.P().ID("import-err").Class("field-error").Aria("live", "assertive").Text(s.importErr),
		el("button").ID("import-go").Attr("type", "submit").Attr("disabled", ariaBool(s.busy)).Text(tr("settings.import.button")),
	)
}

func (s *Settings) historyList() app.UI {
	return app.Div().Body(
		app.P().Class("help").Text(tr("settings.history.on")),
		app.If(s.unreadable > 0, func() app.UI { return app.P().Class("notice", "error").Text(trf("settings.unreadable", s.unreadable)) }),
		app.If(len(s.entries) == 0, func() app.UI { return app.P().Text(tr("settings.history.empty")) }).Else(func() app.UI {
			return el("ol").Class("history").Body(app.Range(s.entries).Slice(func(i int) app.UI {
				e := s.entries[i]
				return el("li").Class("entry").Body(
					app.P().Class("meta").Body(
						el("strong").Text(trOr("kind."+e.Kind, e.Kind)),
						app.Text(" · "),
						el("time").Attr("datetime", e.Time.Format("2006-01-02T15:04:05Z07:00")).Text(e.Time.Local().Format("2006-01-02 15:04")),
					),
					app.P().Class("headline").Text(entryHeadline(e)),
					app.P().Class("history-input").Text(entryInputs(e)),
					app.Div().Class("actions").Body(
						el("button").Class("reopen").Attr("type", "button").Text(tr("settings.entry.reopen")).OnClick(s.onReopen(e)),
						el("button").Class("delete").Attr("type", "button").Text(tr("settings.entry.delete")).
							Aria("label", trf("settings.entry.delete.label", trOr("kind."+e.Kind, e.Kind), e.Time.Local().Format("2006-01-02 15:04"))).OnClick(s.onDelete(e.ID)),
					),
				)
			}))
		}),
		app.Div().Class("actions").Body(
			el("button").ID("history-export").Attr("type", "button").Attr("disabled", ariaBool(len(s.entries) == 0)).Text(tr("settings.export")).OnClick(s.onExport),
			el("button").ID("history-lock").Attr("type", "button").Text(tr("settings.lock")).OnClick(s.onLock),
		),
		s.turnOff(),
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
