//go:build !(js && wasm)

package symptom

// The card's red-flag and abstention rates are measured when the model is
// trained, which the browser never does: set only outside wasm, the hooks
// (and the abstention sets they embed) stay out of the worker.
func init() {
	Spec.Extend = redFlagRates
	Spec.Measure = abstentionRates
}
