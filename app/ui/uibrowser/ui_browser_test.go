package uibrowser_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bedside-health/bedside/app/browsertest"
	"github.com/bedside-health/bedside/app/ui"
	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) {
	ui.Register(nil)
	browsertest.Main(m)
}

var routes = []struct{ path, name, ready string }{
	{"/", "home", `document.querySelector(".models .model")`},
	{"/symptoms", "symptoms", `document.querySelector("#symptom-text")`},
	{"/notes", "notes", `document.querySelector("#note-text")`},
	{"/risk/wdbc", "wdbc", `document.querySelector(".risk-form")`},
	{"/risk/pima", "pima", `document.querySelector(".risk-form")`},
	{"/risk/heart", "heart", `document.querySelector(".risk-form")`},
	{"/survival", "survival", `document.querySelector(".risk-form")`},
	{"/models/pima", "card-pima", `document.querySelector(".model-card")`},
	{"/settings", "settings", `document.querySelector("#lang") && !document.querySelector(".loading")`},
}

// site builds and serves the app once per test.
func site(t *testing.T) (*browsertest.Server, string) {
	root := browsertest.Build(t)
	return browsertest.ServeSite(t, root), root
}

func waitFor(t *testing.T, tab *browsertest.Tab, expr, what string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, browsertest.Timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(browsertest.Timeout))); err != nil {
		body, _ := browsertest.Eval[string](tab, `document.body.innerText.slice(0, 600)`)
		t.Fatalf("waiting for %s: %v\npage text: %s\nerrors: %q", what, err, body, tab.Errors())
	}
}

func text(t *testing.T, tab *browsertest.Tab) string {
	t.Helper()
	s, err := browsertest.Eval[string](tab, `document.body.innerText`)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func noErrors(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// shoot saves a full-page screenshot at the given viewport under
// artifacts/ui/ (not committed) for people to look at.
func shoot(t *testing.T, tab *browsertest.Tab, name string, w, h int64) {
	t.Helper()
	repo, err := browsertest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(repo, "artifacts", "ui")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := tab.Run(chromedp.EmulateViewport(w, h), chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tab.Ctx, browsertest.Timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%dx%d.png", name, w, h)), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func setLang(t *testing.T, tab *browsertest.Tab, lang string) {
	t.Helper()
	if _, err := browsertest.Eval[any](tab, `localStorage.setItem("bedside.lang", "`+lang+`")`); err != nil {
		t.Fatal(err)
	}
}

func TestEveryPageRendersInBothLanguages(t *testing.T) {
	srv, _ := site(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			tab := browsertest.NewTab(t)
			browsertest.Open(t, tab, srv.URL+"/")
			setLang(t, tab, lang)
			for _, r := range routes {
				t.Run(r.name, func(t *testing.T) {
					browsertest.Open(t, tab, srv.URL+r.path)
					waitFor(t, tab, r.ready, r.name+" content")
					body := text(t, tab)
					if lang == "zh" && !strings.Contains(body, "设置") {
						t.Errorf("page is not in Chinese: %.200s", body)
					}
					if lang == "en" && !strings.Contains(body, "Settings") {
						t.Errorf("page is not in English: %.200s", body)
					}
					if strings.Contains(body, "Something went wrong") {
						t.Errorf("a fault is shown: %.300s", body)
					}
					htmlLang, _ := browsertest.Eval[string](tab, `document.documentElement.lang`)
					if want := map[string]string{"en": "en", "zh": "zh-Hans"}[lang]; htmlLang != want {
						t.Errorf("<html lang=%q>, want %q", htmlLang, want)
					}
					noErrors(t, tab)
					shoot(t, tab, lang+"-"+r.name, 390, 844)
					shoot(t, tab, lang+"-"+r.name, 1280, 800)
				})
			}
		})
	}
}
