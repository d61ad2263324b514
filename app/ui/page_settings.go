package ui

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
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
	entries    []Entry
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
		var entries []Entry
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
	ctx.SetState(stateLang, l)
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
	if len([]rune(s.pass)) < minPassphrase {
		s.passErr = trf("settings.pass.short", minPassphrase)
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
	case errors.Is(err, ErrWrongPassphrase):
		return tr("settings.pass.wrong")
	case errors.Is(err, ErrShortPassphrase):
		return trf("settings.pass.short", minPassphrase)
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

// clearAll deletes the history, its key and the stored language.
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
			s.refresh(ctx)
		}
	})
}

func (s *Settings) Render() app.UI {
	return s.shell("/settings",
		app.H1().Text(tr("settings.title")),
		app.If(s.message != "", func() app.UI { return app.P().Class("notice").Role("status").Text(s.message) }),
		app.Section().Class("card").Aria("labelledby", "lang-h").Body(
			app.H2().ID("lang-h").Text(tr("settings.lang")),
			app.Label().For("lang").Text(tr("settings.lang.label")),
			app.Select().ID("lang").OnChange(s.onLang).Body(app.Range(Langs).Slice(func(i int) app.UI {
				l := Langs[i]
				return app.Option().Value(string(l)).Selected(l == current).Lang(l.htmlLang()).Text(tr("lang." + string(l)))
			})),
		),
		app.Section().Class("card").Aria("labelledby", "hist-h").Body(
			app.H2().ID("hist-h").Text(tr("settings.history")),
			app.P().Text(tr("settings.history.about")),
			app.If(!s.checked, func() app.UI { return loading("settings.checking") }).
				ElseIf(!s.enabled, func() app.UI { return s.enableForm() }).
				ElseIf(!s.unlocked, func() app.UI { return s.unlockForm() }).
				Else(func() app.UI { return s.historyList() }),
		),
		app.Section().Class("card", "danger").Aria("labelledby", "clear-h").Body(
			app.H2().ID("clear-h").Text(tr("settings.clear")),
			app.P().Text(tr("settings.clear.about")),
			app.If(s.confirm, func() app.UI {
				return app.Div().Class("actions").Role("alert").Body(
					app.P().Text(tr("settings.clear.confirm")),
					app.Button().ID("clear-confirm").Type("button").Class("danger").Text(tr("settings.clear.yes")).OnClick(s.onClear),
					app.Button().Type("button").Text(tr("settings.clear.no")).OnClick(s.onCancelClear),
				)
			}).Else(func() app.UI {
				return app.Button().ID("clear-all").Type("button").Class("danger").Text(tr("settings.clear.button")).OnClick(s.onClear)
			}),
		),
	)
}

func (s *Settings) passField(id, labelKey, value string, handler app.EventHandler, auto string) app.UI {
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(tr(labelKey)),
		app.Input().ID(id).Type("password").Attr("autocomplete", auto).Value(value).
			Aria("describedby", "pass-err").Aria("invalid", ariaBool(s.passErr != "")).OnInput(handler),
	)
}

func (s *Settings) enableForm() app.UI {
	return app.Form().Class("history-form").OnSubmit(s.onEnable).Body(
		app.P().Class("help").Text(tr("settings.history.off")),
		s.passField("pass", "settings.pass.new", s.pass, s.onPass, "new-password"),
		s.passField("pass2", "settings.pass.repeat", s.pass2, s.onPass2, "new-password"),
		app.P().ID("pass-err").Class("field-error").Aria("live", "assertive").Text(s.passErr),
		app.P().Class("help").Text(tr("settings.pass.warning")),
		app.Button().ID("history-on").Type("submit").Class("primary").Disabled(s.busy).Text(tr("settings.history.turnon")),
	)
}

func (s *Settings) unlockForm() app.UI {
	return app.Div().Body(
		app.Form().Class("history-form").OnSubmit(s.onUnlock).Body(
			app.P().Class("help").Text(tr("settings.history.locked")),
			s.passField("unlock-pass", "settings.pass", s.pass, s.onPass, "current-password"),
			app.P().ID("pass-err").Class("field-error").Aria("live", "assertive").Text(s.passErr),
			app.Button().ID("history-unlock").Type("submit").Class("primary").Disabled(s.busy).Text(tr("settings.unlock")),
		),
		app.Button().Type("button").Text(tr("settings.history.turnoff")).OnClick(s.onDisable),
	)
}

func (s *Settings) historyList() app.UI {
	return app.Div().Body(
		app.P().Class("help").Text(tr("settings.history.on")),
		app.If(s.unreadable > 0, func() app.UI { return app.P().Class("notice", "error").Text(trf("settings.unreadable", s.unreadable)) }),
		app.If(len(s.entries) == 0, func() app.UI { return app.P().Text(tr("settings.history.empty")) }).Else(func() app.UI {
			return app.Ol().Class("history").Body(app.Range(s.entries).Slice(func(i int) app.UI {
				e := s.entries[i]
				return app.Li().Body(
					app.P().Class("meta").Body(
						app.Time().DateTime(e.Time.Format("2006-01-02T15:04:05Z07:00")).Text(e.Time.Local().Format("2006-01-02 15:04")),
						app.Text(" · "+trOr("kind."+e.Kind, e.Kind)),
					),
					app.P().Class("history-input").Text(excerpt(e.Input, 0, len([]rune(e.Input)), 160)),
					app.P().Text(e.Summary),
				)
			}))
		}),
		app.Div().Class("actions").Body(
			app.Button().ID("history-lock").Type("button").Text(tr("settings.lock")).OnClick(s.onLock),
			app.Button().ID("history-off").Type("button").Text(tr("settings.history.turnoff")).OnClick(s.onDisable),
		),
	)
}
