// Package engine is Bedside's neural-network library: it trains small
// models natively in float64 and runs them in float32, natively or in
// WebAssembly, with the same numbers (within 1e-5).
//
// # Training (float64, on gonum)
//
// Batches are *mat.Dense with one example per row. A Layer has
// Forward(x, train), Backward(dy) and Params(); Backward accumulates
// parameter gradients into Param.Grad and returns dL/dx, the input gradient
// used for gradient×input explanations. Layers: Dense, ReLU/Sigmoid/Tanh,
// Softmax, Dropout, and Sequential to chain them (NewMLP builds one).
// Sequence layers for text (Embedding, GRU, BiGRU, AttentionPool) work on
// padded batches of token ids; TextClassifier chains them.
//
// Losses take logits and return (mean loss, dL/dlogits): BCEWithLogits
// (optional positive weight), CrossEntropy (class weights, label
// smoothing), MSE, and Cox (negative partial likelihood, Breslow ties).
// Softmax and sigmoid inside the losses go through LogSumExp/softplus, so no
// logit overflows.
//
// Optimizers: SGD (momentum, L2 decay) and Adam (decoupled weight decay);
// ClipGradNorm; Schedule (StepDecay, CosineDecay with warm-up) sets LR per
// epoch; EarlyStopping with Snapshot/Restore keeps the best epoch;
// Batches gives seeded shuffled mini-batches. All randomness comes from
// NewRand(seed) (PCG), and gonum's float64 kernels are deterministic for a
// given input, so on one platform the same seed gives bit-identical
// weights. Across platforms (native vs wasm) float64 training agrees to
// ~1e-16, since math.Exp has an assembly version on amd64 only.
//
// A training step:
//
//	engine.ZeroGrad(ps)
//	logits := model.Forward(x, true)
//	loss, dlogits := engine.CrossEntropy{}.Loss(logits, labels)
//	model.Backward(dlogits)
//	engine.ClipGradNorm(ps, 5)
//	opt.Step(ps)
//
// Programmer errors (shape mismatches, labels out of range) panic in
// training code; bad data from outside (weights files) returns errors.
//
// # Weights
//
// SaveParams/LoadParams write and read parameters by name as F32 tensors
// in a safetensors file (package engine/safetensors documents the layout).
// 2-D weights are [out, in] as in PyTorch. Sequential.Save also records the
// layer specs in the metadata key "engine.layers", so LoadSequential
// (float64) and LoadMLP32 (float32) rebuild the model from the file alone;
// TextClassifier.Save does the same under "engine.text".
//
// # Inference (float32)
//
// MLP32 and TextClassifier32 are float32 copies built from a weights file.
// They follow gonum's destination style: the caller passes the output
// slice, and the models keep their scratch buffers, so a batch-1 Forward
// allocates nothing in the steady state (one model value per goroutine or
// worker). The kernels are plain Go with four independent accumulators and
// a fixed summation order rather than blas32: in wasm there is no SIMD and
// gonum runs pure Go anyway, unrolling is ~1.65x faster than a naive loop
// there, and one code path means native and wasm results agree (bit for
// bit on amd64; the parity test checks 1e-5). The text model precomputes
// the GRU input projections for all time steps in one pass before the
// recurrence.
package engine
