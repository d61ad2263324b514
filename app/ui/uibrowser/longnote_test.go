package uibrowser_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bedside-health/bedside/app/browsertest"
	"github.com/chromedp/chromedp"
)

// longNote is a note of about n characters made of clinical sentences of
// every context kind, so the analysis finds thousands of findings, and of
// medication, vital sign, lab and allergy lines, hundreds of each.
func longNote(n int) string {
	sentences := []string{
		"Patient reports chest pain radiating to the left arm since this morning. ",
		"She denies fever, chills or night sweats. ",
		"No shortness of breath at rest. ",
		"History of diabetes and hypertension. ",
		"Mother had breast cancer. ",
		"Possible pneumonia on the chest film. ",
		"Call your doctor if you develop a cough or vomiting. ",
		"Mild headache and nausea after the procedure.\n",
		"Medications: metoprolol 25 mg PO BID, aspirin 81 mg daily.\n",
		"Vitals: BP 142/88, HR 96, T 38.2 C, SpO2 94%, RR 22.\n",
		"Labs: sodium 131 mmol/L (L), potassium 5.6 mmol/L (H), creatinine 1.4 mg/dL.\n",
		"Allergies: penicillin (rash), sulfa (hives).\n",
	}
	var b strings.Builder
	for i := 0; ; i++ {
		s := sentences[i%len(sentences)]
		if b.Len()+len(s) > n {
			return b.String()
		}
		b.WriteString(s)
	}
}

type longTasks struct {
	Count int     `json:"count"`
	Max   float64 `json:"max"`
	Total float64 `json:"total"`
}

// takeLongTasks returns the main-thread tasks over 50 ms the page has seen
// since the last call, and forgets them.
func takeLongTasks(t *testing.T, tab *browsertest.Tab) longTasks {
	t.Helper()
	lt, err := browsertest.Eval[longTasks](tab, `(() => { const d = window.__lt.splice(0); return {count: d.length, max: d.reduce((m, x) => Math.max(m, x), 0), total: d.reduce((s, x) => s + x, 0)}; })()`)
	if err != nil {
		t.Fatal(err)
	}
	return lt
}

// TestNoteLongStaysResponsive pastes a 99k-character note, analyses it and
// types into it. What it checks is the behaviour that keeps the page
// responsive: the result is drawn in growing steps, one task each; the
// highlighted note, the findings and the lists of medications, vitals,
// labs and allergies are shown a page at a time, typing neither re-renders
// it nor starts an analysis, and the result says it is stale. The long tasks
// are logged for the report, not asserted: on the shared 2-core machine
// (load 20-30) a 2 ms task was measured at 450 ms, so no bound on their
// wall time would be both meaningful and reliable. What is asserted is
// the main thread's CPU time per task from Chromium's trace, at most 40 ms,
// under the 50 ms budget (see below).
func TestNoteLongStaysResponsive(t *testing.T) {
	srv, _ := site(t)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/notes")
	waitFor(t, tab, `document.querySelector("#note-text")`, "the note form")
	note := longNote(99000)
	eval(t, tab, `window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(e.duration); }).observe({type: "longtask"})`)
	takeLongTasks(t, tab)

	eval(t, tab, `(() => { const e = document.querySelector("#note-text"); e.value = `+quote(note)+`; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	if err := tab.Run(chromedp.Sleep(300_000_000)); err != nil {
		t.Fatal(err)
	}
	paste := takeLongTasks(t, tab)
	t.Logf("paste %d characters: %d long tasks, longest %.0f ms, total %.0f ms", len(note), paste.Count, paste.Max, paste.Total)
	// A mutation callback runs after each task that changed the page, so
	// the states it records are the result as each task left it.
	eval(t, tab, `window.__drawn = []; new MutationObserver(() => {
		const r = document.querySelector("#notes-result");
		if (r) window.__drawn.push([document.querySelectorAll(".note-view *").length, document.querySelectorAll("table.findings tbody tr").length, document.querySelectorAll("#notes-result .mentions, #notes-result ol.sections").length]);
	}).observe(document.querySelector("main") || document.body, {subtree: true, childList: true})`)
	tasks, err := browsertest.Trace(tab, func() error {
		clickText(t, tab, "button", "Analyze note")
		waitFor(t, tab, `document.querySelector("#notes-result[aria-busy=false] table.findings") && !document.querySelector(".loading")`, "the whole result")
		return tab.Run(chromedp.Sleep(500_000_000)) // let the last frames land in the observer
	})
	if err != nil {
		t.Fatal(err)
	}
	show := takeLongTasks(t, tab)
	t.Logf("analyse and show %d characters: %d long tasks, longest %.0f ms, total %.0f ms", len(note), show.Count, show.Max, show.Total)
	// The same tasks in the trace, with the main thread's own CPU time:
	// the wall time above also counts waiting for a core on a busy machine.
	var cpuMax, cpuOver, wallMax time.Duration
	cpuLong, wallLong := 0, 0
	for _, k := range tasks {
		cpuMax, wallMax = max(cpuMax, k.CPU), max(wallMax, k.Wall)
		if k.CPU > 50*time.Millisecond {
			cpuLong++
			cpuOver += k.CPU
		}
		if k.Wall > 50*time.Millisecond {
			wallLong++
		}
	}
	t.Logf("the trace: %d main-thread tasks, longest %d ms wall (%d over 50 ms); by CPU time longest %d ms, %d over 50 ms (total %d ms)",
		len(tasks), wallMax.Milliseconds(), wallLong, cpuMax.Milliseconds(), cpuLong, cpuOver.Milliseconds())
	// Where the time goes: the longest tasks by CPU and by wall time.
	for _, by := range []struct {
		name string
		of   func(browsertest.Task) time.Duration
	}{{"CPU", func(k browsertest.Task) time.Duration { return k.CPU }}, {"wall", func(k browsertest.Task) time.Duration { return k.Wall }}} {
		sorted := slices.Clone(tasks)
		slices.SortStableFunc(sorted, func(a, b browsertest.Task) int { return cmp.Compare(by.of(b), by.of(a)) })
		for _, k := range sorted[:min(len(sorted), 5)] {
			t.Logf("  longest by %s: %d ms wall, %d ms CPU, at %d ms: %s", by.name, k.Wall.Milliseconds(), k.CPU.Milliseconds(), k.Start.Milliseconds(), k.Top)
		}
	}
	// The budget is 50 ms per task. Measured on the shared 2-core
	// machine (load 3-6), the showing's longest task takes 20-29 ms of CPU
	// over a dozen runs, since every list is decoded on a time budget, drawn
	// 5 rows or 70 segments a step and paged, and the table's columns are
	// fixed; what is left is a collection of the page's Go heap and taking
	// the worker's megabytes of answer, each 15-25 ms. Before, with this
	// note, 134-165 ms (its 2,000 medications, vitals, labs and allergies
	// were decoded, drawn and laid out whole), and with a note of findings
	// alone 18-28 ms. The bound leaves a third over the worst measured, so
	// a busy machine does not fail it and a part drawn or decoded whole does.
	const cpuBound = 40 * time.Millisecond
	if cpuMax == 0 {
		t.Log("the trace has no thread times; the CPU bound is not checked")
	} else if cpuMax > cpuBound {
		t.Errorf("a main-thread task took %d ms of CPU while the analysis was shown; want each at most %d ms (the issue's budget is 50 ms)", cpuMax.Milliseconds(), cpuBound.Milliseconds())
	}
	drawn, _ := browsertest.Eval[[][3]int](tab, `window.__drawn`)
	t.Logf("the result as each task left it (highlighted elements, table rows, other lists): %v", drawn)
	// Each state must add to the one before, starting small: the result
	// is drawn in steps, one task each, not in one task.
	var states [][3]int
	for _, d := range drawn {
		if len(states) == 0 || d != states[len(states)-1] {
			states = append(states, d)
		}
	}
	if len(states) < 4 {
		t.Errorf("the result was drawn in %d states %v; want it drawn in steps, one task each", len(states), states)
	} else if first := states[0]; first[0] > 100 || first[1] != 0 {
		t.Errorf("the first task drew %d highlighted elements and %d rows; want a small first step", first[0], first[1])
	}
	for i := 1; i < len(states); i++ {
		if a, b := states[i-1], states[i]; b[0] < a[0] || b[1] < a[1] || b[2] < a[2] {
			t.Errorf("step %d (%v) took away from step %d (%v)", i, b, i-1, a)
		}
	}

	nodes, _ := browsertest.Eval[int](tab, `document.querySelectorAll(".note-view *").length`)
	shown, _ := browsertest.Eval[int](tab, `document.querySelector(".note-view").textContent.length`)
	rows, _ := browsertest.Eval[int](tab, `document.querySelectorAll("table.findings tbody tr").length`)
	t.Logf("highlighted view: %d elements, %d characters; findings table: %d rows", nodes, shown, rows)
	// The medications, vitals, labs and allergies: hundreds of each in the
	// note, a page of each on screen.
	lists, _ := browsertest.Eval[[]struct {
		Heading string `json:"heading"`
		Lines   int    `json:"lines"`
		Pager   string `json:"pager"`
	}](tab, `[...document.querySelectorAll("#notes-result .mentions")].map((m) => ({heading: m.querySelector("h3").textContent, lines: m.querySelectorAll("li").length, pager: (m.querySelector("nav.pager") || {textContent: ""}).textContent}))`)
	t.Logf("the other lists: %+v", lists)
	if len(lists) != 4 {
		t.Errorf("the result shows %d lists of medications, vitals, labs and allergies; want 4", len(lists))
	}
	for _, l := range lists {
		if l.Lines == 0 || l.Lines > 25 {
			t.Errorf("the list %q shows %d lines at once; want a page of at most 25", l.Heading, l.Lines)
		}
		if !strings.Contains(l.Pager, "Next") {
			t.Errorf("the list %q of hundreds has no pager (%q)", l.Heading, l.Pager)
		}
	}

	// Focusing a finding marks the words that set its context.
	eval(t, tab, `[...document.querySelectorAll("table.findings tbody tr")].find((r) => r.cells[0].textContent.trim() === "fever").focus()`)
	waitFor(t, tab, `document.querySelector(".note-view mark.trigger")`, "the trigger of the focused finding")
	if trig, _ := browsertest.Eval[string](tab, `document.querySelector(".note-view mark.trigger").textContent`); trig != "denies" {
		t.Errorf("the focused finding fever is marked by %q, want denies", trig)
	}
	takeLongTasks(t, tab)

	// Watch the highlighted view and the page for a re-render or an analysis.
	eval(t, tab, `window.__mut = 0; window.__loading = 0;
		new MutationObserver((l) => { window.__mut += l.length; }).observe(document.querySelector(".note-view"), {subtree: true, childList: true, characterData: true, attributes: true});
		new MutationObserver(() => { if (document.querySelector(".loading")) window.__loading++; }).observe(document.body, {subtree: true, childList: true});`)
	// Moving the caret into 99k characters is the browser's own work.
	eval(t, tab, `(() => { const e = document.querySelector("#note-text"); e.focus(); e.setSelectionRange(e.value.length, e.value.length); })()`)
	if err := tab.Run(chromedp.Sleep(300_000_000)); err != nil {
		t.Fatal(err)
	}
	focus := takeLongTasks(t, tab)
	t.Logf("focus the box: %d long tasks, longest %.0f ms, total %.0f ms", focus.Count, focus.Max, focus.Total)
	// The first key turns the result stale (one redraw); the others redraw nothing.
	for _, keys := range []string{"a", "bc de"} {
		if err := tab.Run(chromedp.SendKeys(chromedp.CSS("#note-text"), keys)); err != nil {
			t.Fatal(err)
		}
		if err := tab.Run(chromedp.Sleep(500_000_000)); err != nil {
			t.Fatal(err)
		}
		typing := takeLongTasks(t, tab)
		t.Logf("typing %q: %d long tasks, longest %.0f ms, total %.0f ms", keys, typing.Count, typing.Max, typing.Total)
	}
	mut, _ := browsertest.Eval[int](tab, `window.__mut`)
	loading, _ := browsertest.Eval[int](tab, `window.__loading`)
	value, _ := browsertest.Eval[string](tab, `document.querySelector("#note-text").value`)
	stale, _ := browsertest.Eval[bool](tab, `(() => { const e = document.querySelector("section.result.stale .stale-note"); return !!e && e.offsetParent !== null; })()`)

	if len(note) < 95000 {
		t.Fatalf("the generated note has %d characters, want about 99,000", len(note))
	}
	if !strings.Contains(value, "abc de") {
		t.Errorf("the typed keys are not in the note (%d characters, ends %q)", len(value), value[max(0, len(value)-40):])
	}
	if nodes == 0 || nodes > 1500 {
		t.Errorf("the highlighted view has %d elements; want one page of the note, not all of it", nodes)
	}
	if shown > 6000 {
		t.Errorf("the highlighted view shows %d characters at once; want a page", shown)
	}
	if rows == 0 || rows > 200 {
		t.Errorf("the findings table shows %d rows at once; want a page of at most 200", rows)
	}
	if mut != 0 {
		t.Errorf("typing changed the highlighted view %d times; it must show the analysed text until the next analysis", mut)
	}
	if loading != 0 {
		t.Errorf("typing started an analysis")
	}
	if !stale {
		t.Errorf("after an edit the result is not marked stale")
	}
	noErrors(t, tab)
}
