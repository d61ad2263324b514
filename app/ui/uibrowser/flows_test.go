package uibrowser_test

import (
	"strings"
	"testing"

	"github.com/bedside-health/bedside/app/browsertest"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// symptomRuntime requires the shipped symptom model: the flows check what
// the real model and its triage rules say, so without it they must fail,
// not pass on made-up classes.
func symptomRuntime(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	shipped, err := browsertest.Eval[bool](tab, `window.bedside.models().some((m) => m.name === "symptom")`)
	if err != nil {
		t.Fatal(err)
	}
	if !shipped {
		t.Fatal("the symptom model is not in web/models; these flows test the shipped model")
	}
}

func eval(t *testing.T, tab *browsertest.Tab, js string) {
	t.Helper()
	if _, err := browsertest.Eval[any](tab, js); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
}

func clickText(t *testing.T, tab *browsertest.Tab, sel, contains string) {
	t.Helper()
	ok, err := browsertest.Eval[bool](tab, `(() => { const b = [...document.querySelectorAll(`+quote(sel)+`)].find((x) => x.textContent.includes(`+quote(contains)+`)); if (!b) return false; b.click(); return true; })()`)
	if err != nil || !ok {
		t.Fatalf("no %s with %q to click (%v)", sel, contains, err)
	}
}

func quote(s string) string { return "`" + strings.ReplaceAll(s, "`", "\\`") + "`" }

// typeInto clears a field and types into it with real key events.
func typeInto(t *testing.T, tab *browsertest.Tab, sel, s string) {
	t.Helper()
	eval(t, tab, `(() => { const e = document.querySelector(`+quote(sel)+`); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	if err := tab.Run(chromedp.SendKeys(chromedp.CSS(sel), s)); err != nil {
		t.Fatalf("typing into %s: %v", sel, err)
	}
}

func TestSymptomChecker(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/symptoms")
	waitFor(t, tab, `document.querySelector("#symptom-text")`, "the symptom form")
	symptomRuntime(t, tab)

	t.Run("an example is one click away and a red flag escalates to emergency at the top", func(t *testing.T) {
		clickText(t, tab, "button.chip", "chest pain")
		waitFor(t, tab, `document.querySelector(".emergency")`, "the emergency banner")
		first, _ := browsertest.Eval[bool](tab, `!!(document.querySelector(".emergency").compareDocumentPosition(document.querySelector("h1")) & Node.DOCUMENT_POSITION_FOLLOWING)`)
		if !first {
			t.Error("the emergency banner is not above the page heading")
		}
		if body := text(t, tab); !strings.Contains(body, "Call emergency services now.") {
			t.Errorf("no call to emergency services: %.300s", body)
		}
		shoot(t, tab, "en-symptoms-emergency", 390, 844)
	})
	t.Run("no fever is recognised as negated and struck through", func(t *testing.T) {
		typeInto(t, tab, "#symptom-text", "itchy red patches on my elbows, no fever")
		eval(t, tab, `document.querySelector("form.ask button[type=submit]").click()`)
		waitFor(t, tab, `document.querySelector(".result") && !document.querySelector(".emergency")`, "the result")
		struck, _ := browsertest.Eval[string](tab, `[...document.querySelectorAll(".highlight s.ctx-negated")].map((e) => e.textContent).join("|")`)
		if !strings.Contains(strings.ToLower(struck), "fever") {
			t.Errorf("struck-through findings %q, want fever", struck)
		}
		shoot(t, tab, "en-symptoms-result", 390, 844)
		shoot(t, tab, "en-symptoms-result", 1280, 800)
	})
	t.Run("empty input gets a message at the field", func(t *testing.T) {
		eval(t, tab, `(() => { const e = document.querySelector("#symptom-text"); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); document.querySelector("form.ask button[type=submit]").click(); })()`)
		waitFor(t, tab, `document.querySelector("#symptom-error").textContent.includes("Please type")`, "the empty-input message")
		if inv, _ := browsertest.Eval[string](tab, `document.querySelector("#symptom-text").getAttribute("aria-invalid")`); inv != "true" {
			t.Errorf("aria-invalid=%q", inv)
		}
	})
	t.Run("a megabyte of text is refused and kept", func(t *testing.T) {
		eval(t, tab, `(() => { const e = document.querySelector("#symptom-text"); e.value = "fever ".repeat(174763); e.dispatchEvent(new Event("input", {bubbles: true})); document.querySelector("form.ask button[type=submit]").click(); })()`)
		waitFor(t, tab, `document.querySelector("#symptom-error").textContent.includes("1,048,578")`, "the too-long message")
		if n, _ := browsertest.Eval[int](tab, `document.querySelector("#symptom-text").value.length`); n != 1048578 {
			t.Errorf("the text box holds %d characters after the refusal", n)
		}
	})
	noErrors(t, tab)
}

func TestSymptomCheckerByKeyboardOnly(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/symptoms")
	waitFor(t, tab, `document.querySelector("#symptom-text")`, "the symptom form")
	symptomRuntime(t, tab)
	tabTo := func(cond, what string) {
		t.Helper()
		for i := 0; i < 40; i++ {
			if ok, _ := browsertest.Eval[bool](tab, cond); ok {
				return
			}
			if err := tab.Run(chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
		}
		t.Fatalf("Tab never reached %s", what)
	}
	if err := tab.Run(chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	if first, _ := browsertest.Eval[string](tab, `document.activeElement.className`); first != "skip" {
		t.Errorf("first Tab stop is %q, want the skip link", first)
	}
	tabTo(`document.activeElement.id === "symptom-text"`, "the text box")
	if err := tab.Run(chromedp.KeyEvent("itchy red patches on my elbows, no fever")); err != nil {
		t.Fatal(err)
	}
	tabTo(`document.activeElement.type === "submit"`, "the submit button")
	outline, _ := browsertest.Eval[string](tab, `getComputedStyle(document.activeElement).outlineStyle`)
	if outline == "none" || outline == "" {
		t.Errorf("the focused button shows no outline (%q)", outline)
	}
	if err := tab.Run(chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tab, `document.querySelector(".result")`, "the result after Enter")
	noErrors(t, tab)
}

func TestNoteAnalyzer(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/notes")
	waitFor(t, tab, `document.querySelector("#note-text")`, "the note form")
	clickText(t, tab, "button", "example note")
	waitFor(t, tab, `document.querySelector("#notes-result[aria-busy=false] table.findings")`, "the whole result")
	body := text(t, tab)
	for _, want := range []string{"absent (negated)", "someone else (family)", "Copy as CSV", "Copy as FHIR", "Copy as JSON", "Medications (4)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the analysis lacks %q", want)
		}
	}
	struck, _ := browsertest.Eval[string](tab, `[...document.querySelectorAll(".note-view s.ctx-negated")].map((e) => e.textContent).join("|")`)
	if !strings.Contains(strings.ToLower(struck), "fever") {
		t.Errorf("negated findings %q, want fever among them", struck)
	}
	clickText(t, tab, "button", "Copy as CSV")
	t.Run("copy as FHIR puts the worker's bundle on the clipboard", func(t *testing.T) {
		// The bundle comes from the worker after the click; the clipboard
		// write started within the click must still receive it.
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := chromedp.CallBrowser(tab.Ctx, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, Origin: srv.URL,
				BrowserContextID: chromedp.FromContext(tab.Ctx).BrowserContextID}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := browsertest.Eval[any](tab, `navigator.clipboard.writeText("")`); err != nil {
			t.Fatal(err)
		}
		clickText(t, tab, "button", "Copy as FHIR")
		waitFor(t, tab, `document.querySelector("[aria-live=polite].help") && document.querySelector("[aria-live=polite].help").textContent !== ""`, "the copied notice")
		got, err := browsertest.Eval[string](tab, `(async () => {
			const read = () => navigator.clipboard.readText().catch((e) => "error: " + e);
			for (let i = 0; i < 100 && !(await read()).includes("resourceType"); i++) {
				await new Promise((r) => setTimeout(r, 50));
			}
			return read();
		})()`)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"resourceType": "Bundle"`, `"resourceType": "Condition"`, `"code": "refuted"`} {
			if !strings.Contains(got, want) {
				t.Fatalf("the clipboard lacks %s: %.300q", want, got)
			}
		}
	})
	shoot(t, tab, "en-notes-result", 390, 844)
	shoot(t, tab, "en-notes-result", 1280, 800)
	noErrors(t, tab)
}

func TestRiskCalculators(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	t.Run("an invalid value is flagged at the field and nothing runs", func(t *testing.T) {
		browsertest.Open(t, tab, srv.URL+"/risk/pima")
		waitFor(t, tab, `document.querySelector("#f-glucose")`, "the pima form")
		eval(t, tab, `document.querySelectorAll(".risk-form .examples button")[0].click()`)
		typeInto(t, tab, "#f-glucose", "abc")
		if err := tab.Run(chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, `document.querySelector("#f-glucose-err").textContent.includes("not a number")`, "the field message")
		eval(t, tab, `document.querySelector(".risk-form button[type=submit]").click()`)
		waitFor(t, tab, `document.body.innerText.includes("need attention")`, "the form summary")
		if g, _ := browsertest.Eval[bool](tab, `!!document.querySelector(".gauge")`); g {
			t.Error("a result appeared for an invalid form")
		}
		if v, _ := browsertest.Eval[string](tab, `document.querySelector("#f-glucose").value`); v != "abc" {
			t.Errorf("the typed value became %q", v)
		}
		shoot(t, tab, "en-pima-invalid", 390, 844)
	})
	t.Run("a corrected form gives a probability with validated performance", func(t *testing.T) {
		typeInto(t, tab, "#f-glucose", "150")
		eval(t, tab, `document.querySelector(".risk-form button[type=submit]").click()`)
		waitFor(t, tab, `document.querySelector(".gauge") && document.querySelector(".contribs li")`, "the gauge")
		if body := text(t, tab); !strings.Contains(body, "AUC") || !strings.Contains(body, "How good is this model?") {
			t.Errorf("no validated performance next to the result: %.400s", body)
		}
		shoot(t, tab, "en-pima-result", 390, 844)
		shoot(t, tab, "en-pima-result", 1280, 800)
	})
	for _, m := range []string{"wdbc", "heart"} {
		t.Run(m+" example patient to result", func(t *testing.T) {
			browsertest.Open(t, tab, srv.URL+"/risk/"+m)
			waitFor(t, tab, `document.querySelector(".risk-form")`, "the form")
			eval(t, tab, `document.querySelectorAll(".risk-form .examples button")[1].click()`)
			eval(t, tab, `document.querySelector(".risk-form button[type=submit]").click()`)
			waitFor(t, tab, `document.querySelector(".gauge")`, "the gauge")
			shoot(t, tab, "en-"+m+"-result", 1280, 800)
		})
	}
	t.Run("survival example to curve", func(t *testing.T) {
		browsertest.Open(t, tab, srv.URL+"/survival")
		waitFor(t, tab, `document.querySelector(".risk-form")`, "the form")
		eval(t, tab, `document.querySelectorAll(".risk-form .examples button")[1].click()`)
		eval(t, tab, `document.querySelector(".risk-form button[type=submit]").click()`)
		waitFor(t, tab, `document.querySelector(".curve-line")`, "the survival curve")
		body := text(t, tab)
		for _, w := range []string{"Year 1", "Year 5", "Year 10", "Risk group:", "C-index", "1978 to 1993", "Tumour size was read as", "reference patient"} {
			if !strings.Contains(body, w) {
				t.Errorf("survival result lacks %q", w)
			}
		}
		if band, _ := browsertest.Eval[bool](tab, `!!document.querySelector(".curve-band")`); !band {
			t.Error("the survival chart draws no uncertainty band")
		}
		shoot(t, tab, "en-survival-result", 390, 844)
		shoot(t, tab, "en-survival-result", 1280, 800)
	})
	noErrors(t, tab)
}

func TestEncryptedHistory(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/settings")
	waitFor(t, tab, `document.querySelector("#history-on")`, "history off by default")
	symptomRuntime(t, tab)
	typeInto(t, tab, "#pass", "correct horse battery")
	typeInto(t, tab, "#pass2", "correct horse battery")
	eval(t, tab, `document.querySelector("#history-on").click()`)
	waitFor(t, tab, `document.body.innerText.includes("History is on")`, "history on")

	// In-app navigation keeps the key in memory, as a user clicking links would.
	clickText(t, tab, "nav a", "Symptoms")
	waitFor(t, tab, `document.querySelector("#symptom-text")`, "the symptom page")
	clickText(t, tab, "button.chip", "itchy red patches")
	waitFor(t, tab, `document.querySelector(".result")`, "a result to save")
	clickText(t, tab, "nav a", "Settings")
	waitFor(t, tab, `document.querySelector("ol.history") && document.querySelector("ol.history").innerText.includes("silvery scales")`, "the saved entry")

	raw, err := browsertest.Eval[string](tab, `new Promise((ok, fail) => {
	  const r = indexedDB.open("bedside-history");
	  r.onerror = () => fail(r.error);
	  r.onsuccess = () => {
	    const q = r.result.transaction("vault").objectStore("vault").getAll();
	    q.onsuccess = () => { ok(q.result.map((v) => new TextDecoder().decode(v)).join("\n")); r.result.close(); };
	    q.onerror = () => fail(q.error);
	  };
	})`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(raw, `"ct"`) || strings.Contains(raw, "silvery") || strings.Contains(raw, "Psoriasis") {
		t.Errorf("IndexedDB holds plaintext or no sealed records: %.300s", raw)
	}

	browsertest.Open(t, tab, srv.URL+"/settings")
	waitFor(t, tab, `document.querySelector("#unlock-pass")`, "the locked history after a reload")
	typeInto(t, tab, "#unlock-pass", "wrong horse battery")
	eval(t, tab, `document.querySelector("#history-unlock").click()`)
	waitFor(t, tab, `document.querySelector("#pass-err").textContent.includes("Wrong passphrase")`, "the wrong-passphrase message")
	typeInto(t, tab, "#unlock-pass", "correct horse battery")
	eval(t, tab, `document.querySelector("#history-unlock").click()`)
	waitFor(t, tab, `document.querySelector("ol.history") && document.querySelector("ol.history").innerText.includes("silvery scales")`, "the decrypted entry")
	shoot(t, tab, "en-settings-history", 390, 844)

	eval(t, tab, `document.querySelector("#clear-all").click()`)
	waitFor(t, tab, `document.querySelector("#clear-confirm")`, "the confirmation")
	eval(t, tab, `document.querySelector("#clear-confirm").click()`)
	waitFor(t, tab, `document.querySelector("#history-on")`, "history off after clearing")
	left, err := browsertest.Eval[int](tab, `new Promise((ok) => {
	  const r = indexedDB.open("bedside-history");
	  r.onupgradeneeded = () => {};
	  r.onsuccess = () => {
	    const db = r.result;
	    if (!db.objectStoreNames.contains("vault")) { db.close(); ok(0); return; }
	    const q = db.transaction("vault").objectStore("vault").count();
	    q.onsuccess = () => { ok(q.result); db.close(); };
	  };
	})`)
	if err != nil || left != 0 {
		t.Errorf("%d records left after clearing (%v)", left, err)
	}
	noErrors(t, tab)
}

// TestEmergencyCallButtonPerRegion checks the call button dials the
// region's number, from the region stored by the settings page, and that a
// Chinese description of an emergency gets the card in Chinese.
func TestEmergencyCallButtonPerRegion(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/settings")
	waitFor(t, tab, `document.querySelector("#region-select")`, "the region setting")
	for _, c := range []struct {
		name, lang, region, number, text, call string
	}{
		{"Chinese chest pain in China dials 120", "zh", "cn", "120", "胸口很痛，喘不上气", "拨打 120"},
		{"chest pain in the US dials 911", "en", "us", "911", "Crushing chest pain and I am short of breath", "Call 911"},
		{"a drooping face in the UK dials 999", "en", "uk", "999", "my dad's face is drooping on one side", "Call 999"},
		{"Chinese chest pain in Taiwan dials 119", "zh", "tw", "119", "胸口很痛，喘不上气", "拨打 119"},
		{"someone else's stroke in Hong Kong dials 999", "en", "hk", "999", "my mum suddenly can't lift her arm and her speech is slurred", "Call 999"},
	} {
		t.Run(c.name, func(t *testing.T) {
			setLang(t, tab, c.lang)
			browsertest.Open(t, tab, srv.URL+"/settings")
			waitFor(t, tab, `document.querySelector("#region-select")`, "the region setting")
			eval(t, tab, `(() => { const s = document.querySelector("#region-select"); s.value = "`+c.region+`"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
			waitFor(t, tab, `localStorage.getItem("bedside.region") === "`+c.region+`"`, "the stored region")
			browsertest.Open(t, tab, srv.URL+"/symptoms")
			waitFor(t, tab, `document.querySelector("#symptom-text")`, "the symptom form")
			symptomRuntime(t, tab)
			typeInto(t, tab, "#symptom-text", c.text)
			eval(t, tab, `document.querySelector("form.ask button[type=submit]").click()`)
			waitFor(t, tab, `document.querySelector(".emergency a.call")`, "the call button")
			href, _ := browsertest.Eval[string](tab, `document.querySelector(".emergency a.call").getAttribute("href")`)
			if href != "tel:"+c.number {
				t.Errorf("the call button dials %q, want tel:%s", href, c.number)
			}
			label, _ := browsertest.Eval[string](tab, `document.querySelector(".emergency a.call").textContent`)
			if !strings.Contains(label, c.call) {
				t.Errorf("the call button says %q, want %q", label, c.call)
			}
			if n, _ := browsertest.Eval[int](tab, `document.querySelectorAll(".result, .bars").length`); n != 0 {
				t.Errorf("an emergency also shows %d result or condition blocks", n)
			}
			h, _ := browsertest.Eval[float64](tab, `document.querySelector(".emergency a.call").getBoundingClientRect().height`)
			if h < 44 {
				t.Errorf("the call button is %.0f px tall, under a thumb's 44", h)
			}
			typeInto(t, tab, "#symptom-text", "x")
			waitFor(t, tab, `document.querySelector(".emergency.stale .stale-note")`, "the dimmed card after an edit")
			shoot(t, tab, c.lang+"-symptoms-emergency-"+c.region, 390, 844)
			noErrors(t, tab)
		})
	}
	t.Run("clear all forgets the region at once", func(t *testing.T) {
		setLang(t, tab, "en")
		browsertest.Open(t, tab, srv.URL+"/settings")
		waitFor(t, tab, `document.querySelector("#region-select")`, "the region setting")
		locale, _ := browsertest.Eval[string](tab, `navigator.language`)
		eval(t, tab, `(() => { const s = document.querySelector("#region-select"); s.value = "tw"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
		waitFor(t, tab, `localStorage.getItem("bedside.region") === "tw"`, "the stored region")
		eval(t, tab, `document.querySelector("#clear-all").click()`)
		waitFor(t, tab, `document.querySelector("#clear-confirm")`, "the confirmation")
		eval(t, tab, `document.querySelector("#clear-confirm").click()`)
		waitFor(t, tab, `localStorage.getItem("bedside.region") === null && document.querySelector("#region-select").value !== "tw"`, "the region back to the guess for locale "+locale)
		browsertest.Open(t, tab, srv.URL+"/symptoms")
		waitFor(t, tab, `document.querySelector("#symptom-text")`, "the symptom form")
		symptomRuntime(t, tab)
		typeInto(t, tab, "#symptom-text", "Crushing chest pain and I am short of breath")
		eval(t, tab, `document.querySelector("form.ask button[type=submit]").click()`)
		waitFor(t, tab, `document.querySelector(".emergency a.call")`, "the call button")
		if href, _ := browsertest.Eval[string](tab, `document.querySelector(".emergency a.call").getAttribute("href")`); href == "tel:119" {
			t.Error("the call button still dials the cleared region's 119")
		}
		noErrors(t, tab)
	})
}

// TestSymptomSafetyFlows runs, in the browser with the shipped models, what
// a worried user meets: a clinic suggestion for a Chinese description, an
// emergency that shows nothing but the call card, an honest "cannot tell"
// on a text with no symptoms, a baby's fever made an emergency by the
// structured step, and a result removed by a validation error.
func TestSymptomSafetyFlows(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/settings")
	waitFor(t, tab, `document.querySelector("#region-select")`, "the region setting")
	setLang(t, tab, "zh")
	eval(t, tab, `localStorage.setItem("bedside.region", "cn")`)
	open := func() {
		t.Helper()
		browsertest.Open(t, tab, srv.URL+"/symptoms")
		waitFor(t, tab, `document.querySelector("#symptom-text")`, "the symptom form")
		symptomRuntime(t, tab)
	}
	submit := func(s string) {
		t.Helper()
		typeInto(t, tab, "#symptom-text", s)
		eval(t, tab, `document.querySelector("form.ask button[type=submit]").click()`)
	}
	choose := func(id, v string) {
		t.Helper()
		eval(t, tab, `(() => { document.querySelector("#about").open = true; const s = document.querySelector("#`+id+`"); s.value = "`+v+`"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
	}

	t.Run("a Chinese description that is no emergency gets a clinic suggestion beside the triage", func(t *testing.T) {
		open()
		submit("最近胃痛，吃完饭就胀，还反酸")
		waitFor(t, tab, `document.querySelector("#department .bars")`, "the clinic suggestion")
		body := text(t, tab)
		for _, want := range []string{"建议挂号科室", "消化科", "影响建议的字", "这不是诊断"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page does not say %q: %.600s", want, body)
			}
		}
		if n, _ := browsertest.Eval[int](tab, `document.querySelectorAll("#department .bar").length`); n != 2 {
			t.Errorf("the suggestion lists %d clinics, want 2", n)
		}
		if ok, _ := browsertest.Eval[bool](tab, `!!document.querySelector('#department a[href="/models/department"]')`); !ok {
			t.Error("no link to the department model's card")
		}
		if n, _ := browsertest.Eval[int](tab, `document.querySelectorAll(".emergency").length`); n != 0 {
			t.Error("stomach pain shows an emergency card")
		}
		shoot(t, tab, "zh-symptoms-department", 390, 844)
		noErrors(t, tab)
	})
	t.Run("a Chinese emergency shows only the call card, without a clinic", func(t *testing.T) {
		open()
		submit("我爸爸突然说话不清楚，嘴巴歪了")
		waitFor(t, tab, `document.querySelector(".emergency a.call")`, "the call button")
		if href, _ := browsertest.Eval[string](tab, `document.querySelector(".emergency a.call").getAttribute("href")`); href != "tel:120" {
			t.Errorf("the call button dials %q, want tel:120", href)
		}
		if n, _ := browsertest.Eval[int](tab, `document.querySelectorAll("#department, .result, .bars").length`); n != 0 {
			t.Errorf("an emergency also shows %d suggestion, result or bar blocks", n)
		}
		noErrors(t, tab)
	})
	t.Run("a text with no symptoms gets cannot tell and no condition", func(t *testing.T) {
		setLang(t, tab, "en")
		open()
		submit("the weather is nice today and I like football")
		waitFor(t, tab, `document.querySelector(".result")`, "the result")
		if ok, _ := browsertest.Eval[bool](tab, `!!document.querySelector(".triage .note-triage-cannot_tell")`); !ok {
			t.Errorf("no cannot-tell note: %.600s", text(t, tab))
		}
		if n, _ := browsertest.Eval[int](tab, `document.querySelectorAll(".result .bars, .emergency, #department").length`); n != 0 {
			t.Errorf("a non-medical text shows %d condition, emergency or clinic blocks", n)
		}
		noErrors(t, tab)
	})
	t.Run("the structured step makes a fever in a baby under 3 months an emergency", func(t *testing.T) {
		open()
		choose("about-who", "other")
		choose("about-age", "under-3-months")
		submit("she has a fever")
		waitFor(t, tab, `document.querySelector(".emergency a.call")`, "the call button")
		if body := text(t, tab); !strings.Contains(body, "baby under 3 months") {
			t.Errorf("the card does not say why: %.600s", body)
		}
		noErrors(t, tab)
	})
	t.Run("a validation error removes the last result", func(t *testing.T) {
		open()
		submit("itchy red patches on my elbows, no fever")
		waitFor(t, tab, `document.querySelector(".result")`, "the result")
		eval(t, tab, `(() => { const e = document.querySelector("#symptom-text"); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); document.querySelector("form.ask button[type=submit]").click(); })()`)
		waitFor(t, tab, `document.querySelector("#symptom-error").textContent.length > 0`, "the empty-input message")
		waitFor(t, tab, `!document.querySelector(".result")`, "the result removed")
		noErrors(t, tab)
	})
}
