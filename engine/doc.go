// Package engine is Bedside's neural-network library: it trains small
// models natively in float64 and runs them in float32, natively or in
// WebAssembly, with the same numbers (within 1e-5; bit for bit on amd64).
//
// # Training (float64, on gonum)
//
// Batches are *mat.Dense with one example per row. A Layer has
// Forward(x, train), Backward(dy) and Params(); Backward accumulates
// parameter gradients into Param.Grad and returns dL/dx, the input gradient
// used for gradient×input explanations. Layers: Dense, ReLU/Sigmoid/Tanh,
// Softmax, Dropout, and Sequential to chain them (NewMLP builds one).
//
// Sequence layers (Embedding with a padding id, GRU, BiGRU, AttentionPool)
// work on right-padded batches: T step matrices of batch×features plus
// each example's length (PadBatch builds them). Recurrent layers carry
// their state unchanged through padding and attention gives it weight 0.
//
// Losses take logits and return (mean loss, dL/dlogits): BCEWithLogits
// (optional positive weight), CrossEntropy (class weights, label
// smoothing), MSE, and Cox (negative partial likelihood, Breslow ties;
// BaselineHazard gives Breslow's cumulative baseline hazard for survival
// curves). Sigmoid and softmax inside the losses go through softplus and
// LogSumExp, so no logit overflows.
//
// Optimizers: SGD (momentum, L2 decay) and Adam (decoupled weight decay,
// i.e. AdamW); ClipGradNorm; a Schedule (StepDecay, CosineDecay with
// warm-up) sets LR per epoch; EarlyStopping with Snapshot/Restore keeps the
// best epoch; Batches gives seeded shuffled mini-batches. All randomness
// comes from NewRand(seed) (PCG), and gonum's float64 kernels are
// deterministic for a given input, so on one platform the same seed gives
// bit-identical weights. Across platforms (native vs wasm) float64
// training agrees to ~1e-16, since math.Exp has an assembly version on
// amd64 only.
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
// training code; bad data from outside (weights files, token ids at
// inference) returns errors.
//
// # Weights
//
// SaveParams/LoadParams write and read parameters by name as F32 tensors
// in a safetensors file (package engine/safetensors documents the layout,
// which Python's safetensors reads). 2-D weights are [out, in] as in
// PyTorch; GRU weights use PyTorch's names and gate order (r, z, n). A 2-D
// weight may instead be stored as int8 rows with a per-row F32 scale
// (QuantizeRows; every loader reads both forms, see Weights32).
// Sequential.Save records the layer specs in the metadata key
// "engine.layers", so LoadSequential (float64) and LoadMLP32 (float32)
// rebuild the model from the file alone. Loaders check every tensor's
// shape before allocating, so a small hostile file cannot ask for a huge
// model. Task data (vocabulary, feature names, scaling statistics) can
// travel in the same file as metadata strings or extra tensors, which the
// loaders ignore.
//
// # Inference (float32)
//
// MLP32 is the float32 copy of an MLP built from a weights file; GRU32 and
// the exported kernels (Gemv32, Dot32, Axpy32, Softmax32, Sigmoid32,
// Tanh32) are the pieces for other float32 architectures.
// They follow gonum's destination style: the caller passes the output
// slices, and the models keep their scratch buffers, so a batch-1 Forward
// allocates nothing in the steady state. A model value is therefore not
// safe for concurrent use: make one per goroutine or worker.
// MLP32.InputGrad gives d output / d input for explanations.
//
// The kernels are plain Go with a fixed summation order (a four-row
// matrix-vector product sharing loads of x, a four-accumulator dot,
// bounds checks hoisted to blocks) rather than blas32: Go's wasm backend
// emits no SIMD and gonum runs pure Go there anyway. GRU32 splits the
// input projection (Project) from the recurrence (Step) so that a sequence
// model can compute all projections before the sequential loop, or cache
// them per token; Run is the whole recurrent pass.
//
// Under js/wasm, where the loader installs web/simd.js and the browser has
// SIMD128, Gemv32, the dense layers' forward and backward products,
// GRU32.Run and the text network's attention run as engine/simd's
// generated SIMD128 kernels instead (10-20x faster in Node); the pure-Go
// loops stay the fallback and the reference, which the kernels match
// within 1e-6 (tests under make test-wasm; native and wasm agree within
// 1e-5, the parity test in testdata).
//
// In the browser: fetch the weights bytes, safetensors.Decode them, build
// the model once with LoadMLP32, and call Forward
// per request.
//
// Not provided: LSTM (the GRU covers the sequence models) and layer
// normalisation (no model here needs it).
package engine
