package uibrowser_test

import (
	"testing"

	"github.com/bedside-health/bedside/app/browsertest"
	"github.com/chromedp/chromedp"
)

// TestFormsHoldNoPatientAndNoStaleResult checks every calculator starts
// empty (no made-up patient that reads as the user's), fills an example in
// one click, dims a result once its input is edited and drops it once the
// input is invalid.
func TestFormsHoldNoPatientAndNoStaleResult(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	for _, path := range []string{"/risk/wdbc", "/risk/pima", "/risk/heart", "/survival"} {
		t.Run(path, func(t *testing.T) {
			browsertest.Open(t, tab, srv.URL+path)
			waitFor(t, tab, `document.querySelector(".risk-form .examples button")`, "the form")
			t.Run("the form starts empty", func(t *testing.T) {
				// A select starts on its blank option ("Choose…", "Unknown"),
				// which carries no value attribute.
				filled, _ := browsertest.Eval[int](tab, `[...document.querySelectorAll(".risk-form input, .risk-form select")].filter((e) =>
				  e.tagName === "SELECT" ? e.selectedOptions[0].hasAttribute("value") : e.value !== "").length`)
				if filled != 0 {
					t.Errorf("%d fields start filled in", filled)
				}
			})
			t.Run("an example is one click away and gives a result", func(t *testing.T) {
				eval(t, tab, `document.querySelectorAll(".risk-form .examples button")[0].click()`)
				waitFor(t, tab, `[...document.querySelectorAll(".risk-form input")].some((e) => e.value !== "")`, "the example's values")
				// An option chosen by hand is read as its code, not its label.
				eval(t, tab, `(() => { const s = document.querySelector(".risk-form select"); if (!s) return; s.selectedIndex = s.options.length - 1; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
				eval(t, tab, `document.querySelector(".risk-form button[type=submit]").click()`)
				waitFor(t, tab, `document.querySelector(".result:not(.stale)") && !document.querySelector(".field.has-error")`, "the result")
			})
			t.Run("an edit dims the result", func(t *testing.T) {
				eval(t, tab, `document.querySelector(".risk-form input").focus()`)
				if err := tab.Run(chromedp.KeyEvent("1")); err != nil {
					t.Fatal(err)
				}
				waitFor(t, tab, `document.querySelector(".result.stale .stale-note")`, "the dimmed result")
			})
			t.Run("an invalid value removes the result", func(t *testing.T) {
				typeInto(t, tab, ".risk-form input", "abc")
				if err := tab.Run(chromedp.KeyEvent("\t")); err != nil {
					t.Fatal(err)
				}
				waitFor(t, tab, `!document.querySelector(".result") && document.querySelector(".field.has-error")`, "no result next to the error")
			})
		})
	}
	noErrors(t, tab)
}
