package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp/record"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// drivingWords is how many of the specialty model's heaviest words to list.
const drivingWords = 8

// Notes is the note analyzer: findings in context, sections, a copyable
// findings table and the likely specialty with the words that drove it.
type Notes struct {
	app.Compo
	base
	text      string
	problem   *Problem
	busy      bool
	asked     string
	context   *NoteContext
	specialty *clinical.TextPrediction
	failure   string
	copied    string
	missing   bool             // the specialty model is not in this release
	english   bool             // the note is Chinese and the specialty model reads English only
	pages     []notePage       // the analysed note, highlighted, a page at a time
	words     []string         // the specialty's driving words
	excerpts  []string         // the start of each section drawn
	listPage  [resultLists]int // the page of each list on screen
	page      int              // the page of the highlighted note on screen
	rowPage   int              // the page of the findings table on screen
	focused   int              // index+1 of the finding whose row has focus, 0 = none
	drawn     int              // the drawSteps step the result is drawn to
	drawing   int              // counts results, so a newer one stops an older one's steps
	// shown is the text the page put in the box (an example, a reopened
	// note); the box's value is bound to it, not to text, so that typing
	// never makes go-app write 100k characters back into the box.
	shown string
}

func (n *Notes) OnMount(ctx app.Context) {
	n.mountBase(ctx)
	if client != nil {
		client.Want("specialty") // large, so it waits until a page needs it
	}
	// A collection now, while the heap is small: the page's first one came
	// during a long note's decoding and took 19-31 ms of CPU in one task
	// (likely the collector's code running before the browser optimised
	// it); after this one it is no longer among the longest.
	if app.IsClient {
		ctx.Async(func() { yield(); runtime.GC() })
	}
	if e := takeReopen("notes"); e != nil {
		n.fill(e.Input)
		n.submit(ctx)
	}
}

// onInput keeps the text and redraws only when what is shown changes (the
// result turns stale, a problem appears or clears): a keystroke must not
// make go-app diff the whole page, and it never starts an analysis.
func (n *Notes) onInput(ctx app.Context, e app.Event) {
	defer n.catch()
	stale, problem := n.text != n.asked, n.problem != nil
	n.setText(ctx.JSSrc().Get("value").String())
	if problem != (n.problem != nil) {
		return
	}
	ctx.PreventUpdate()
	// Dimming the result as stale is one class on one element; a redraw
	// for it cost 170-260 ms with a long note. go-app writes the class
	// again whenever its own copy differs from the truth, so setting it
	// here never leaves the page wrong.
	if now := n.text != n.asked; now != stale && app.IsClient {
		if r := app.Window().GetElementByID("notes-result"); r.Truthy() {
			r.Get("classList").Call("toggle", "stale", now)
		}
	}
}

func (n *Notes) setText(v string) {
	n.text = v
	if n.problem != nil && checkText(v, maxNoteChars) == nil {
		n.problem = nil
	}
}

// fill puts v in the box as if typed.
func (n *Notes) fill(v string) {
	n.shown = v
	n.setText(v)
	// The box may hold typed text while shown is unchanged, when go-app
	// would not write it again.
	if app.IsClient {
		if box := app.Window().GetElementByID("note-text"); box.Truthy() {
			box.Set("value", v)
		}
	}
}

func (n *Notes) onExample(ctx app.Context, e app.Event) {
	defer n.catch()
	n.fill(tr("example.note"))
	n.submit(ctx)
}

func (n *Notes) onSubmit(ctx app.Context, e app.Event) {
	defer n.catch()
	e.PreventDefault()
	n.submit(ctx)
}

func (n *Notes) submit(ctx app.Context) {
	n.failure, n.copied = "", ""
	if p := checkText(n.text, maxNoteChars); p != nil {
		n.problem = p
		// A result for other text would read as the answer to this one.
		n.context, n.specialty, n.missing = nil, nil, false
		return
	}
	n.problem = nil
	if client == nil {
		n.failure = tr("err.noplatform")
		return
	}
	n.busy = true
	text := n.text
	n.run(ctx, func() func(app.Context) {
		nc, err := receiveNoteContext(ctx, client, text, yield)
		// Hand the main thread back to the browser between the heavy steps
		// (a sleep returns to the JS event loop in wasm), so no single task
		// holds a long note's whole analysis.
		yield()
		var sp *clinical.TextPrediction
		var spErr error
		missing := err == nil && !hasModel(specialtyModel)
		// The specialty model learned English notes only: a guess on a
		// Chinese note would be noise dressed as an answer.
		englishOnly := record.Language(text) == "zh"
		yield() // reading a long note's every character took a task of its own
		if err == nil && !missing && !englishOnly {
			input, _ := json.Marshal(map[string]string{"text": text})
			var raw []byte
			if raw, spErr = client.Predict(ctx, specialtyModel, input); spErr == nil {
				yield() // the answer came in the task that took the worker's message
				sp, spErr = decodeTextPrediction(raw, yield)
			}
			yield()
		}
		// Cut once here, not on every render: the page draws one page of it.
		var pages []notePage
		var words, excerpts []string
		if err == nil {
			var tokens []clinical.TokenWeight
			if sp != nil && spErr == nil {
				tokens = sp.Tokens
			}
			segs := segmentsPaused(text, tokens, nc.Findings, yield)
			yield()
			pages = paginate(segs, notePageChars, notePageSegments)
			yield()
			// Once here, not in every render: sorting a long note's 17,000
			// token weights and cutting the note into runes for each
			// section's excerpt made a render of the result 10-15 ms longer.
			if sp != nil {
				words = topWords(sp.Tokens, drivingWords)
			}
			excerpts = sectionExcerpts(text, nc.Sections[:firstN(len(nc.Sections), findingsPageRows)])
			yield()
		}
		return func(ctx app.Context) {
			n.busy = false
			if err != nil {
				n.failure = errorMessage(err)
				return
			}
			n.asked, n.context, n.specialty = text, &nc, sp
			n.pages, n.page, n.rowPage, n.focused = pages, 0, 0, 0
			n.words, n.excerpts, n.listPage = words, excerpts, [resultLists]int{}
			n.drawRest(ctx)
			n.missing, n.english = missing, englishOnly
			if spErr != nil {
				// The findings stand on their own; say the specialty failed.
				n.failure = errorMessage(spErr)
				n.specialty = nil
			}
			summary := trf("notes.summary", len(nc.Findings))
			if sp != nil && len(sp.Classes) > 0 {
				summary += " · " + specialtyName(sp.Classes[0].Label)
			}
			saveHistory(ctx, "notes", text, summary)
		}
	})
}

// yield hands the main thread back to the browser until a timer of its
// own fires. A plain time.Sleep did not always: when the Go runtime had
// other work that outlasted the sleep (a garbage collection), the sleeper
// went on in the same task, and a long note's analysis was decoded three
// parts (25 ms of CPU) per task; waiting on a JavaScript callback always
// ends the task.
func yield() {
	if !app.IsClient {
		time.Sleep(time.Millisecond)
		return
	}
	done := make(chan struct{})
	f := app.FuncOf(func(app.Value, []app.Value) any { close(done); return nil })
	app.Window().Call("setTimeout", f, 0)
	<-done
	f.Release()
}

// drawRest draws a new result step by step (drawSteps), one render per
// task: each step waits until the previous one is on screen, then hands
// the main thread back to the browser before the next.
func (n *Notes) drawRest(ctx app.Context) {
	n.drawing++
	n.drawn = 0
	if !app.IsClient {
		n.drawn = drawnAll // the server pre-renders in one go
		return
	}
	gen := n.drawing
	// Start once the first step is on screen: a pause that began during
	// its render would be over by its end, and the next step would run in
	// the same task.
	ctx.Defer(func(ctx app.Context) { ctx.Async(func() { n.drawNext(ctx, gen) }) })
}

// drawNext draws the steps after the first, each once the one before is
// on screen and the browser has had the main thread back.
func (n *Notes) drawNext(ctx app.Context, gen int) {
	// Scrolled to in a task of its own: scrolling lays the page out, and
	// in the first step's render that added 5 ms to its 20-25.
	yield()
	ctx.Dispatch(func(ctx app.Context) {
		ctx.PreventUpdate()
		if n.drawing == gen {
			app.Window().ScrollToID("notes-result-h")
		}
	})
	for step := 1; step <= drawnAll; step++ {
		yield()
		drawn := make(chan bool, 1)
		ctx.Dispatch(func(ctx app.Context) {
			if n.drawing != gen || n.drawn >= step {
				drawn <- false
				ctx.PreventUpdate()
				return
			}
			n.drawn = step
			ctx.Defer(func(app.Context) { drawn <- true })
		})
		select {
		case ok := <-drawn:
			if !ok {
				return
			}
		case <-ctx.Done(): // the page went away before the step was drawn
			return
		}
	}
}

// parseNoteContext accepts the platform's context JSON: an object with
// findings and sections, or a bare list of findings.
func parseNoteContext(data []byte) (NoteContext, error) {
	return decodeNoteContext(data, func() {})
}

// findingsPerPause is how many findings are decoded between pauses.
const findingsPerPause = 100

// decodeNoteContext decodes the findings one at a time and calls pause
// after every findingsPerPause of them: a long note's thousands of
// findings decoded at once held the main thread for about 440 ms.
func decodeNoteContext(data []byte, pause func()) (NoteContext, error) {
	var nc NoteContext
	dec := json.NewDecoder(bytes.NewReader(data))
	var err error
	if strings.HasPrefix(strings.TrimSpace(string(data)), "[") {
		nc.Findings, err = decodeFindings(dec, pause)
		return nc, err
	}
	if err := expectDelim(dec, '{'); err != nil {
		return nc, err
	}
	others := map[string]any{"sections": &nc.Sections, "medications": &nc.Medications,
		"vitals": &nc.Vitals, "labs": &nc.Labs, "allergies": &nc.Allergies}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nc, err
		}
		key, _ := tok.(string)
		switch dst, ok := others[key]; {
		case key == "findings":
			nc.Findings, err = decodeFindings(dec, pause)
		case ok:
			err = dec.Decode(dst)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return nc, err
		}
	}
	return nc, expectDelim(dec, '}')
}

func decodeFindings(dec *json.Decoder, pause func()) ([]record.Finding, error) {
	tok, err := dec.Token()
	if err != nil || tok == nil { // null is no findings
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, fmt.Errorf("findings: want a list, got %v", tok)
	}
	var fs []record.Finding
	for dec.More() {
		var f record.Finding
		if err := dec.Decode(&f); err != nil {
			return fs, err
		}
		fs = append(fs, f)
		if len(fs)%findingsPerPause == 0 {
			pause()
		}
	}
	return fs, expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %v, got %v", want, tok)
	}
	return nil
}

func (n *Notes) copy(kind string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		defer n.catch()
		if n.context == nil {
			return
		}
		var s string
		switch kind {
		case "csv":
			s = findingsCSV(n.context.Findings)
		case "json":
			s = noteJSON(n.context)
		case "fhir":
			n.copyFHIR(ctx)
			return
		default:
			s = findingsText(n.context.Findings)
		}
		copyText(s)
		n.copied = kind
	}
}

// copyText puts s on the clipboard; the table stays selectable on screen
// for browsers that refuse.
func copyText(s string) {
	if !app.IsClient {
		return
	}
	if cb := app.Window().Get("navigator").Get("clipboard"); cb.Truthy() {
		// A refused permission rejects the promise; catch it so it is not an
		// uncaught error (the table stays on screen to select by hand).
		if ignoreRejection == nil {
			ignoreRejection = app.FuncOf(func(app.Value, []app.Value) any { return nil })
		}
		cb.Call("writeText", s).Call("catch", ignoreRejection)
	}
}

// ignoreRejection is made once and kept for the life of the app.
var ignoreRejection app.Func

func (n *Notes) Render() app.UI {
	return n.shell("/notes",
		app.H1().Text(tr("notes.title")),
		app.P().Class("lead").Text(tr("notes.lead")),
		el("form").Class("ask").OnSubmit(n.onSubmit).Body(
			el("label").Attr("for", "note-text").Text(tr("notes.label")),
			app.P().ID("note-help").Class("help").Text(trf("notes.help", formatInt(maxNoteChars))),
			el("textarea").ID("note-text").Attr("name", "note").Attr("rows", 12).
				Aria("describedby", "note-help note-error").Aria("invalid", ariaBool(n.problem != nil)).
				Attr("value", n.shown).OnInput(n.onInput),
			app.P().ID("note-error").Class("field-error").Aria("live", "assertive").Text(n.problem.String()),
			app.Div().Class("actions").Body(
				el("button").Attr("type", "submit").Class("primary").Attr("disabled", ariaBool(n.busy)).Text(tr("notes.submit")),
				el("button").Attr("type", "button").Class("chip").Text(tr("notes.example")).OnClick(n.onExample),
			),
		),
		app.If(n.busy, func() app.UI { return loading("notes.running") }),
		app.If(n.failure != "", func() app.UI { return app.P().Class("notice", "error").Role("alert").Text(n.failure) }),
		app.If(n.context != nil && !n.busy, func() app.UI { return n.result() }),
		app.P().Class("disclaimer").Text(tr("disclaimer")),
	)
}

func (n *Notes) result() app.UI {
	nc := n.context
	stale := n.text != n.asked
	step := drawSteps[min(n.drawn, drawnAll)]
	return el("section").ID("notes-result").Class("result", staleClass(stale)).Aria("labelledby", "notes-result-h").
		Aria("busy", ariaBool(n.drawn < drawnAll)).Body(
		el("h2").ID("notes-result-h").Text(tr("result.title")),
		// Always there, shown by the stale class alone (see onInput).
		app.P().Class("stale-note", "if-stale").Role("status").Text(tr("result.stale")),
		historyNotice(),
		app.If(n.specialty != nil, func() app.UI { return specialtyBox(n.specialty, n.words) }),
		app.If(n.missing, func() app.UI { return app.P().Class("notice").Text(tr("notes.nospecialty")) }),
		app.If(n.english && !n.missing, func() app.UI { return app.P().Class("notice").Text(tr("notes.englishonly")) }),
		el("h3").Text(tr("notes.highlighted")),
		legend(),
		n.noteView(step.segs),
		app.If(len(nc.Sections) > 0, func() app.UI {
			if step.lists < 1 {
				return notDrawn()
			}
			shown := nc.Sections[:firstN(len(nc.Sections), findingsPageRows)]
			return app.Div().Body(
				el("h3").Text(tr("notes.sections")),
				el("ol").Class("sections").Body(app.Range(shown).Slice(func(i int) app.UI {
					ex := ""
					if i < len(n.excerpts) {
						ex = n.excerpts[i]
					}
					return el("li").Body(
						el("strong").Text(sectionName(shown[i].Name)),
						el("span").Class("help").Text(" "+ex),
					)
				})),
			)
		}),
		n.mentions(step.lists, 1, "notes.meds", len(nc.Medications), func(lo, hi int) []string { return medicationLines(nc.Medications[lo:hi]) }),
		n.mentions(step.lists, 2, "notes.vitals", len(nc.Vitals), func(lo, hi int) []string { return vitalLines(nc.Vitals[lo:hi]) }),
		n.mentions(step.lists, 3, "notes.labs", len(nc.Labs), func(lo, hi int) []string { return labLines(nc.Labs[lo:hi]) }),
		n.mentions(step.lists, 4, "notes.allergies", len(nc.Allergies), func(lo, hi int) []string { return allergyLines(nc.Allergies[lo:hi]) }),
		el("h3").ID("findings-h").Text(trf("notes.findings", len(nc.Findings))),
		app.If(len(nc.Findings) == 0, func() app.UI { return app.P().Text(tr("notes.nofindings")) }).ElseIf(step.rows == 0, notDrawn).Else(func() app.UI {
			lo := n.rowPage * findingsPageRows
			hi := min(lo+findingsPageRows, len(nc.Findings))
			return app.Div().Body(
				app.Div().Class("actions").Body(
					el("button").Attr("type", "button").Text(tr("notes.copy.text")).OnClick(n.copy("text")),
					el("button").Attr("type", "button").Text(tr("notes.copy.csv")).OnClick(n.copy("csv")),
					el("button").Attr("type", "button").Text(tr("notes.copy.json")).OnClick(n.copy("json")),
					el("button").Attr("type", "button").Text(tr("notes.copy.fhir")).OnClick(n.copy("fhir")),
					el("span").Aria("live", "polite").Class("help").Text(map[bool]string{true: tr("notes.copied"), false: ""}[n.copied != ""]),
				),
				&findingsTable{Owner: n, Gen: n.drawing, Lang: current, Lo: lo, Hi: min(hi, lo+step.rows), Focused: n.focused},
				pager("findings-pager", trf("notes.rows", lo+1, hi, len(nc.Findings)), n.rowPage, pageCount(len(nc.Findings), findingsPageRows), n.turnRows),
			)
		}),
	)
}

// findingsTable is a page of the findings table as its own component, and
// noteView the highlighted note: a drawing step that grows one of them
// re-renders that one, and go-app skips the other (its fields are
// unchanged) instead of diffing the whole page's ~1000 elements, which
// cost 20-45 ms of CPU per step with a long note. Their fields are what
// they draw from; Owner holds the result itself, and Gen tells a new
// result from the last.
type findingsTable struct {
	app.Compo
	Owner   *Notes
	Gen     int
	Lang    Lang
	Lo, Hi  int // the findings shown
	Focused int
}

func (t *findingsTable) Render() app.UI {
	n := t.Owner
	if n == nil || n.context == nil {
		return app.Div().Class("table-wrap")
	}
	header := findingRows(nil)[0]
	chunks := make([]struct{}, pageCount(t.Hi-t.Lo, findingsRowChunk))
	return app.Div().Class("table-wrap").TabIndex(0).Aria("labelledby", "findings-h").Role("region").Body(
		el("table").Class("findings").Attr("role", "table").Body(
			el("thead").Body(el("tr").Attr("role", "row").Body(app.Range(whyColumns(header)).Slice(func(i int) app.UI {
				return el("th").Attr("scope", "col").Attr("role", "columnheader").Text(whyColumns(header)[i])
			}))),
			app.Range(chunks).Slice(func(i int) app.UI {
				lo := t.Lo + i*findingsRowChunk
				hi := min(lo+findingsRowChunk, t.Hi)
				focused := 0
				if t.Focused > lo && t.Focused <= hi {
					focused = t.Focused
				}
				return &findingsRows{Owner: n, Gen: t.Gen, Lang: t.Lang, Lo: lo, Hi: hi, Focused: focused}
			}),
		),
	)
}

// findingsRowChunk is how many rows of the findings table are a component
// (a tbody) of their own: a drawing step that adds rows then mounts them
// and leaves the rows drawn before as they are, instead of building and
// diffing all of them again (20-34 ms of CPU per step with 50 rows).
const findingsRowChunk = 10

// findingsRows is a run of the findings table's rows, Lo to Hi.
type findingsRows struct {
	app.Compo
	Owner   *Notes
	Gen     int
	Lang    Lang
	Lo, Hi  int
	Focused int // index+1 of the focused finding, if it is one of these
}

func (t *findingsRows) Render() app.UI {
	n := t.Owner
	if n == nil || n.context == nil || t.Lo >= t.Hi || t.Hi > len(n.context.Findings) {
		return el("tbody")
	}
	shown := n.context.Findings[t.Lo:t.Hi]
	rows := findingRows(shown)
	return el("tbody").Body(app.Range(shown).Slice(func(i int) app.UI {
		f, r := shown[i], rows[i+1]
		idx := t.Lo + i
		cls := "ctx-" + contextClass(f)
		cell := func(j int) app.UI { return el("td").Attr("role", "cell").Attr("data-label", rows[0][j]).Text(r[j]) }
		return el("tr").Attr("role", "row").TabIndex(0).Class(map[bool]string{true: "focused", false: ""}[t.Focused == idx+1]).
			OnFocus(n.onFindingFocus(idx)).Body(
			el("td").Attr("role", "cell").Body(map[bool]app.UI{true: el("s").Class(cls).Text(r[0]), false: el("mark").Class(cls).Text(r[0])}[contextClass(f) == ctxNegated]),
			cell(1), cell(2), cell(3), cell(4), cell(5), cell(6),
			el("td").Attr("role", "cell").Attr("data-label", rows[0][9]).Class("why").Text(r[9]),
		)
	}))
}

// noteView is one page of the analysed note, highlighted, with the focused
// finding's triggers marked, drawn up to its upTo-th segment. It always
// shows the analysed text, never the text being typed (the section is
// dimmed as stale then).
func (n *Notes) noteView(upTo int) app.UI {
	if len(n.pages) == 0 {
		return app.Div().Class("note-view")
	}
	page := min(n.page, len(n.pages)-1)
	return app.Div().Body(
		&noteView{Owner: n, Gen: n.drawing, Lang: current, Page: page, Focused: n.focused, UpTo: upTo},
		app.If(len(n.pages) > 1, func() app.UI {
			return pager("note-pager", trf("notes.page", page+1, len(n.pages)), n.page, len(n.pages), n.turnNote)
		}),
	)
}

// noteView is the highlighted page as its own component (see findingsTable).
type noteView struct {
	app.Compo
	Owner   *Notes
	Gen     int
	Lang    Lang
	Page    int
	Focused int
	UpTo    int // segments drawn
}

func (v *noteView) Render() app.UI {
	n := v.Owner
	var segs []Segment
	if n != nil && v.Page < len(n.pages) {
		p := n.pages[v.Page]
		segs = p.Segs
		if n.context != nil && v.Focused > 0 && v.Focused <= len(n.context.Findings) {
			segs = withTriggers(p, n.context.Findings[v.Focused-1].Triggers)
		}
	}
	segs = segs[:min(len(segs), v.UpTo)]
	return app.Div().ID("note-view").Class("note-view").TabIndex(0).Aria("label", tr("notes.highlighted")).Body(highlightSegments(segs))
}

func (n *Notes) turnNote(ctx app.Context, page int) { n.page = page }

func (n *Notes) turnRows(ctx app.Context, page int) { n.rowPage, n.focused = page, 0 }

// onFindingFocus shows the page of the note holding the finding and marks
// the words that set its context.
func (n *Notes) onFindingFocus(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		defer n.catch()
		if n.context == nil || i >= len(n.context.Findings) || n.focused == i+1 {
			ctx.PreventUpdate()
			return
		}
		n.focused = i + 1
		if pg := pageAt(n.pages, n.context.Findings[i].Start); pg >= 0 {
			n.page = pg
		}
	}
}

// pager is a label with previous and next buttons; turn gets the new page.
func pager(id, label string, page, pages int, turn func(app.Context, int)) app.UI {
	if pages <= 1 {
		return app.Text("")
	}
	step := func(d int) app.EventHandler {
		return func(ctx app.Context, e app.Event) {
			if p := page + d; p >= 0 && p < pages {
				turn(ctx, p)
			}
		}
	}
	return el("nav").ID(id).Class("pager", "actions").Aria("label", label).Body(
		el("button").Attr("type", "button").Attr("disabled", ariaBool(page == 0)).Text(tr("notes.prev")).OnClick(step(-1)),
		el("span").Aria("live", "polite").Class("help").Text(label),
		el("button").Attr("type", "button").Attr("disabled", ariaBool(page >= pages-1)).Text(tr("notes.next")).OnClick(step(1)),
	)
}

// notDrawn holds the place of a part of the result not drawn yet, so
// drawing it later adds elements instead of shifting the ones after it
// (go-app matches children by position).
func notDrawn() app.UI { return app.Text("") }

// firstN is n capped at max, for lists drawn only in part.
func firstN(n, max int) int {
	if n > max {
		return max
	}
	return n
}

// legend explains the colours, in words, so colour is never the only cue.
func legend() app.UI {
	classes := []string{ctxAffirmed, ctxNegated, ctxPossible, ctxHistorical, ctxHypothetical, ctxFamily}
	return el("ul").Class("legend").Aria("label", tr("notes.legend")).Body(app.Range(classes).Slice(func(i int) app.UI {
		c := classes[i]
		tag := "mark"
		if c == ctxNegated {
			tag = "s"
		}
		return el("li").Body(el(tag).Class("finding", "ctx-"+c).Text(tr("ctx." + c)))
	}))
}

func specialtyBox(p *clinical.TextPrediction, words []string) app.UI {
	bars := []Bar{}
	for i, c := range p.Classes {
		if i == 3 {
			break
		}
		bars = append(bars, Bar{Label: specialtyName(c.Label), Prob: c.Prob})
	}
	return app.Div().Class("specialty").Body(
		el("h3").Text(tr("notes.specialty")),
		app.If(p.Uncertain, func() app.UI { return app.P().Class("notice", "uncertain").Text(tr("notes.uncertain")) }),
		ProbBars(bars),
		app.If(len(words) > 0, func() app.UI {
			return app.P().Body(
				app.Text(tr("notes.driving")+" "),
				app.Range(words).Slice(func(i int) app.UI { return el("mark").Class("w4", "word").Text(words[i]) }),
			)
		}),
		app.P().Class("meta").Body(
			app.Text(trf("model.version", p.Version)+" · "),
			el("a").Attr("href", "/models/"+specialtyModel).Text(tr("model.card.link")),
		),
	)
}

// topWords lists the distinct words with the most attention, heaviest first.
func topWords(tokens []clinical.TokenWeight, k int) []string {
	ts := append([]clinical.TokenWeight(nil), tokens...)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Weight > ts[j].Weight })
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		w := strings.ToLower(strings.TrimSpace(t.Text))
		if w == "" || seen[w] || !(t.Weight > 0) {
			continue
		}
		seen[w] = true
		out = append(out, t.Text)
		if len(out) == k {
			break
		}
	}
	return out
}

// excerpt is the start of a section, cut at n runes.
func excerpt(text string, start, end, n int) string {
	return excerptRunes([]rune(text), start, end, n)
}

func excerptRunes(r []rune, start, end, n int) string {
	if !validSpan(start, end, len(r)) {
		return ""
	}
	s := strings.Join(strings.Fields(string(r[start:end])), " ")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return s
}

// mentions is the list at index i of the result's lists (see drawSteps)
// when that step is drawn: a heading with its count and a page of
// mentionsPageRows lines, made by lines for mentions lo to hi; nothing
// when the note has none of the kind.
func (n *Notes) mentions(drawn, i int, key string, total int, lines func(lo, hi int) []string) app.UI {
	if drawn <= i {
		return notDrawn()
	}
	if total == 0 {
		return app.Text("")
	}
	pages := pageCount(total, mentionsPageRows)
	page := min(n.listPage[i], pages-1)
	lo := page * mentionsPageRows
	hi := min(lo+mentionsPageRows, total)
	shown := lines(lo, hi)
	return app.Div().Class("mentions").Body(
		el("h3").Text(trf(key, total)),
		el("ul").Body(app.Range(shown).Slice(func(j int) app.UI { return el("li").Text(shown[j]) })),
		pager(strings.TrimPrefix(key, "notes.")+"-pager", trf("notes.items", lo+1, hi, total), page, pages,
			func(ctx app.Context, p int) { n.listPage[i] = p }),
	)
}

// sectionExcerpts is the start of each section, the note cut into runes once.
func sectionExcerpts(text string, sections []Section) []string {
	if len(sections) == 0 {
		return nil
	}
	r := []rune(text)
	out := make([]string, len(sections))
	for i, s := range sections {
		out[i] = excerptRunes(r, s.Start, s.End, 80)
	}
	return out
}

// whyColumns are the table's visible columns: the first seven and the
// trigger that explains them (the offsets stay in the exports).
func whyColumns(header []string) []string {
	return append(append([]string(nil), header[:7]...), header[9])
}
