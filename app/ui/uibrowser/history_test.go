package uibrowser_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/app/browsertest"
)

const historyPass = "correct horse battery"

// entries is the number of history entries listed on the settings page.
func entries(t *testing.T, tab *browsertest.Tab) int {
	t.Helper()
	n, err := browsertest.Eval[int](tab, `document.querySelectorAll("ol.history li").length`)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// pimaExample runs the pima calculator on example patient i.
func pimaExample(t *testing.T, tab *browsertest.Tab, i string) {
	t.Helper()
	waitFor(t, tab, `document.querySelector(".risk-form .examples button")`, "the pima form")
	eval(t, tab, `document.querySelectorAll(".risk-form .examples button")[`+i+`].click()`)
	eval(t, tab, `document.querySelector(".risk-form button[type=submit]").click()`)
	waitFor(t, tab, `document.querySelector(".gauge")`, "the gauge")
}

// chooseFile puts a file with content into the import form's file input,
// as choosing it in the file dialog does.
func chooseFile(t *testing.T, tab *browsertest.Tab, content string) {
	t.Helper()
	js, _ := json.Marshal(content)
	eval(t, tab, `(() => { const dt = new DataTransfer(); dt.items.add(new File([`+string(js)+`], "bedside-history.json", {type: "application/json"}));
	  const in_ = document.querySelector("#import-file"); in_.files = dt.files; in_.dispatchEvent(new Event("change", {bubbles: true})); })()`)
}

func TestHistoryNeverLosesAResult(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/settings")
	waitFor(t, tab, `document.querySelector("#history-on")`, "history off by default")
	typeInto(t, tab, "#pass", historyPass)
	typeInto(t, tab, "#pass2", historyPass)
	eval(t, tab, `document.querySelector("#history-on").click()`)
	waitFor(t, tab, `document.body.innerText.includes("History is on")`, "history on")

	t.Run("turning history on asks the browser to keep it and shows the answer", func(t *testing.T) {
		waitFor(t, tab, `document.querySelector("#persist")`, "the browser's answer")
		got, _ := browsertest.Eval[string](tab, `document.querySelector("#persist").textContent`)
		if !strings.Contains(got, "The browser agreed") && !strings.Contains(got, "did not promise") {
			t.Errorf("persist answer: %q", got)
		}
	})

	clickText(t, tab, "nav a", "Diabetes")
	pimaExample(t, tab, "1")
	clickText(t, tab, "nav a", "Settings")
	waitFor(t, tab, `document.querySelectorAll("ol.history li").length === 1`, "the first saved entry")

	t.Run("after a reload a new result says it is not being saved", func(t *testing.T) {
		browsertest.Open(t, tab, srv.URL+"/risk/pima")
		pimaExample(t, tab, "0")
		waitFor(t, tab, `document.querySelector(".result .notice.unsaved")`, "the not-saved notice")
		shoot(t, tab, "en-pima-unsaved", 390, 844)
	})
	t.Run("unlocking after the reload saves the waiting result", func(t *testing.T) {
		clickText(t, tab, ".notice.unsaved a", "Unlock")
		waitFor(t, tab, `document.querySelector("#unlock-pass") && document.querySelector("#unsaved-count")`, "the unlock form with the waiting result")
		typeInto(t, tab, "#unlock-pass", historyPass)
		eval(t, tab, `document.querySelector("#history-unlock").click()`)
		waitFor(t, tab, `document.querySelectorAll("ol.history li").length === 2`, "both entries")
		if body := text(t, tab); !strings.Contains(body, "now saved") {
			t.Errorf("no word that the waiting result was saved: %.400s", body)
		}
	})
	t.Run("entries read as results, not JSON", func(t *testing.T) {
		list, _ := browsertest.Eval[string](tab, `document.querySelector("ol.history").innerText`)
		for _, w := range []string{"Diabetes", "Probability of diabetes within 5 years:", "Plasma glucose"} {
			if !strings.Contains(list, w) {
				t.Errorf("the list lacks %q: %.500s", w, list)
			}
		}
		if strings.Contains(list, `{"`) {
			t.Errorf("the list shows raw JSON: %.300s", list)
		}
		shoot(t, tab, "en-settings-history-entries", 390, 844)
	})
	t.Run("reopening an entry restores its form and result", func(t *testing.T) {
		want, _ := browsertest.Eval[string](tab, `document.querySelector("ol.history li .headline").textContent`)
		eval(t, tab, `document.querySelector("ol.history li button.reopen").click()`)
		waitFor(t, tab, `location.pathname === "/risk/pima" && document.querySelector(".gauge") && document.querySelector("#f-glucose").value !== ""`, "the reopened result")
		pct := want[strings.LastIndex(want, ":")+2:]
		if got := text(t, tab); !strings.Contains(got, pct) {
			t.Errorf("the reopened result lacks %q", pct)
		}
		clickText(t, tab, "nav a", "Settings")
		waitFor(t, tab, `document.querySelector("ol.history li")`, "the list")
		if n := entries(t, tab); n != 2 {
			t.Errorf("%d entries after reopening one; reopening must not save a copy", n)
		}
	})
	t.Run("one entry is deleted and the other stays", func(t *testing.T) {
		eval(t, tab, `document.querySelector("ol.history li button.delete").click()`)
		waitFor(t, tab, `document.querySelectorAll("ol.history li").length === 1`, "one entry left")
	})

	var exported string
	t.Run("the whole history exports to an encrypted file", func(t *testing.T) {
		// Catch the download in the page: headless Chromium saves files
		// nowhere a test can rely on.
		eval(t, tab, `(() => { window.__exported = null; const make = URL.createObjectURL;
		  URL.createObjectURL = (b) => { b.text().then((s) => { window.__exported = s; }); return make.call(URL, b); };
		  const click = HTMLAnchorElement.prototype.click;
		  HTMLAnchorElement.prototype.click = function () { if (!this.download) return click.call(this); }; })()`)
		eval(t, tab, `document.querySelector("#history-export").click()`)
		waitFor(t, tab, `window.__exported`, "the exported file")
		exported, _ = browsertest.Eval[string](tab, `window.__exported`)
		if !strings.Contains(exported, `"bedside-history"`) || strings.Contains(exported, "glucose") {
			t.Errorf("the file is not an encrypted export: %.200s", exported)
		}
	})
	t.Run("turning history off asks first", func(t *testing.T) {
		eval(t, tab, `document.querySelector("#history-off").click()`)
		waitFor(t, tab, `document.querySelector("#history-off-confirm")`, "the confirmation")
		if n := entries(t, tab); n != 1 {
			t.Errorf("%d entries while the confirmation is asked", n)
		}
		eval(t, tab, `document.querySelector("#history-off-cancel").click()`)
		waitFor(t, tab, `document.querySelector("#history-off") && !document.querySelector("#history-off-confirm")`, "cancelled")
		if n := entries(t, tab); n != 1 {
			t.Errorf("%d entries after cancelling", n)
		}
	})
	if exported == "" {
		t.Fatal("no export to import")
	}

	fresh := browsertest.NewTab(t)
	browsertest.Open(t, fresh, srv.URL+"/settings")
	waitFor(t, fresh, `document.querySelector("#history-on") && document.querySelector("#import-file")`, "a fresh profile's settings")
	// One base64 letter of the sealed entries changed: the file still
	// parses, and only authentication can tell.
	at := strings.Index(exported, `"entries":`)
	ct := strings.Index(exported[max(at, 0):], `"ct":"`)
	if at < 0 || ct < 0 {
		t.Fatalf("the export has no sealed entries: %.200s", exported)
	}
	i := at + ct + len(`"ct":"`) + 4
	tampered := exported[:i] + map[bool]string{true: "B", false: "A"}[exported[i] == 'A'] + exported[i+1:]
	for _, c := range []struct{ name, file, pass, want string }{
		{"a wrong passphrase is refused and nothing changes", exported, "wrong horse battery", "Wrong passphrase"},
		{"a tampered file is refused and nothing changes", tampered, historyPass, "damaged or was altered"},
	} {
		t.Run(c.name, func(t *testing.T) {
			chooseFile(t, fresh, c.file)
			typeInto(t, fresh, "#import-pass", c.pass)
			eval(t, fresh, `document.querySelector("#import-go").click()`)
			waitFor(t, fresh, `document.querySelector("#import-err").textContent.includes(`+quote(c.want)+`)`, "the message")
			if ok, _ := browsertest.Eval[bool](fresh, `!!document.querySelector("#history-on")`); !ok {
				t.Error("history changed after a refused import")
			}
		})
	}
	t.Run("the file imports into a fresh profile with its passphrase", func(t *testing.T) {
		chooseFile(t, fresh, exported)
		typeInto(t, fresh, "#import-pass", historyPass)
		eval(t, fresh, `document.querySelector("#import-go").click()`)
		waitFor(t, fresh, `document.querySelectorAll("ol.history li").length === 1`, "the imported entry")
		shoot(t, fresh, "en-settings-imported", 390, 844)
	})
	noErrors(t, tab)
	noErrors(t, fresh)
}
