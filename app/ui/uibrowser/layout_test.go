package uibrowser_test

import (
	"strings"
	"testing"

	"github.com/bedside-health/bedside/app/browsertest"
	"github.com/chromedp/chromedp"
)

// overflowing lists the elements wider than the viewport, for the message.
const overflowing = `[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
  .slice(0, 8).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().replace(/\s+/g, ".") : "") + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`

// TestNothingOverflowsAPhone checks at 390 px (a common phone width) that
// no page needs sideways scrolling: tables reflow instead of running off.
func TestNothingOverflowsAPhone(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	if err := tab.Run(chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	pages := append([]struct{ path, name, ready string }{
		{"/models/symptom", "card-symptom", `document.querySelector(".model-card")`},
		{"/models/specialty", "card-specialty", `document.querySelector(".model-card")`},
		{"/models/survival", "card-survival", `document.querySelector(".model-card")`},
		{"/notes", "notes-result", `document.querySelector("#notes-result[aria-busy=false] table.findings")`},
		{"/nowhere", "not-found", `document.querySelector("main h1")`},
	}, routes...)
	for _, lang := range []string{"en", "zh"} {
		browsertest.Open(t, tab, srv.URL+"/")
		setLang(t, tab, lang)
		for _, p := range pages {
			t.Run(lang+" "+p.path, func(t *testing.T) {
				browsertest.Open(t, tab, srv.URL+p.path)
				if p.name == "notes-result" {
					waitFor(t, tab, `document.querySelector("form button.chip, .examples button")`, "the note example")
					eval(t, tab, `document.querySelector(".examples button, form button.chip").click()`)
				}
				waitFor(t, tab, p.ready, p.name)
				if err := tab.Run(chromedp.Sleep(0)); err != nil {
					t.Fatal(err)
				}
				ok, _ := browsertest.Eval[bool](tab, `document.scrollingElement.scrollWidth <= innerWidth`)
				if !ok {
					w, _ := browsertest.Eval[int](tab, `document.scrollingElement.scrollWidth`)
					what, _ := browsertest.Eval[string](tab, overflowing)
					t.Errorf("the page is %d px wide at 390: %s", w, what)
					shoot(t, tab, lang+"-overflow-"+p.name, 390, 844)
				}
			})
		}
	}
	noErrors(t, tab)
}

// TestTitlesAndNotFound checks each route names its tab, and an unknown
// path shows a page with the navigation, in both languages.
func TestTitlesAndNotFound(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	for _, lang := range []string{"en", "zh"} {
		browsertest.Open(t, tab, srv.URL+"/")
		setLang(t, tab, lang)
		seen := map[string]string{}
		for _, r := range append(routes, struct{ path, name, ready string }{"/nowhere", "not-found", `document.querySelector("main h1")`}) {
			t.Run(lang+" "+r.path, func(t *testing.T) {
				browsertest.Open(t, tab, srv.URL+r.path)
				waitFor(t, tab, r.ready, r.name)
				waitFor(t, tab, `document.title.includes("·")`, "a page title")
				title, _ := browsertest.Eval[string](tab, `document.title`)
				if other, ok := seen[title]; ok {
					t.Errorf("%s has the title %q of %s", r.path, title, other)
				}
				seen[title] = r.path
				if r.name == "not-found" {
					body := text(t, tab)
					want := map[string]string{"en": "Page not found", "zh": "找不到页面"}[lang]
					if !strings.Contains(body, want) || !strings.Contains(title, want) {
						t.Errorf("no not-found page: title %q, %.300s", title, body)
					}
					if n, _ := browsertest.Eval[int](tab, `document.querySelectorAll("nav a, main a[href='/symptoms']").length`); n < 8 {
						t.Errorf("the not-found page has %d links to go on", n)
					}
				}
			})
		}
	}
	t.Run("an unknown model card is one clean sentence", func(t *testing.T) {
		browsertest.Open(t, tab, srv.URL+"/models/nope")
		waitFor(t, tab, `document.querySelector(".notice.error")`, "the message")
		msg, _ := browsertest.Eval[string](tab, `document.querySelector(".notice.error").textContent`)
		if strings.Contains(msg, "..") || strings.Contains(msg, "input is kept") || strings.Contains(msg, "输入") {
			t.Errorf("message: %q", msg)
		}
	})
	noErrors(t, tab)
}
