package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// copyFHIR copies the analysed note as a FHIR R4 Bundle. The worker writes
// the bundle (its codes come from the note reader's lexicon, which the app
// does not link), so the text arrives after the click; the clipboard write
// is started within the click all the same, since some browsers (Safari)
// allow one only there.
func (n *Notes) copyFHIR(ctx app.Context) {
	n.failure, n.copied = "", ""
	if client == nil {
		n.failure = tr("err.noplatform")
		return
	}
	text := n.asked
	deliver := pendingClipboard()
	n.run(ctx, func() func(app.Context) {
		out, err := client.FHIR(ctx, text)
		return func(ctx app.Context) {
			if err != nil {
				deliver("", false)
				n.failure = errorMessage(err)
				return
			}
			deliver(string(out), true)
			n.copied = "fhir"
		}
	})
}

// pendingClipboard starts a clipboard write whose text is given later to
// deliver (ok false abandons it): a ClipboardItem holding a promise where
// the browser has them, else writeText once the text is there.
func pendingClipboard() (deliver func(s string, ok bool)) {
	if !app.IsClient {
		return func(string, bool) {}
	}
	w := app.Window()
	cb := w.Get("navigator").Get("clipboard")
	if !cb.Truthy() || !cb.Get("write").Truthy() || !w.Get("ClipboardItem").Truthy() {
		return func(s string, ok bool) {
			if ok {
				copyText(s)
			}
		}
	}
	var resolve, reject app.Value
	executor := app.FuncOf(func(_ app.Value, args []app.Value) any {
		resolve, reject = args[0], args[1]
		return nil
	})
	promise := w.Get("Promise").New(executor) // runs executor now
	executor.Release()
	if ignoreRejection == nil {
		ignoreRejection = app.FuncOf(func(app.Value, []app.Value) any { return nil })
	}
	// Abandoning rejects the promise, which rejects the write: caught.
	promise.Call("catch", ignoreRejection)
	item := w.Get("ClipboardItem").New(map[string]any{"text/plain": promise})
	cb.Call("write", []any{item}).Call("catch", ignoreRejection)
	return func(s string, ok bool) {
		if !ok {
			reject.Invoke()
			return
		}
		resolve.Invoke(w.Get("Blob").New([]any{s}, map[string]any{"type": "text/plain"}))
	}
}
