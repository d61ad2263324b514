// Bedside's engine in a Web Worker: the same bench wasm as on the main
// thread, behind postMessage. Replies carry the logits (transferred).
importScripts('/bedside/wasm_exec.js', '/bedside/simd.js');
let ex, outWidth, inPtr, outPtr, Arr;
self.onmessage = async (ev) => {
  const msg = ev.data;
  try {
    if (msg.op === 'init') {
      const go = new Go();
      bedsideSIMD.install(go); // engine/simd's kernels, as in web/worker.js
      const [inst, weights] = await Promise.all([
        WebAssembly.instantiateStreaming(fetch('/bedside/bench.wasm'), go.importObject),
        fetch(msg.weights).then((r) => r.arrayBuffer()),
      ]);
      go.run(inst.instance);
      const err = bedsideBench.load(msg.kind, new Uint8Array(weights));
      if (err) throw new Error(err);
      // The go:wasmexport path, as on the main thread.
      ex = inst.instance.exports; outWidth = msg.outWidth;
      if (msg.kind === 'text') bedsideBench.tokens(msg.tokens);
      if (ex.benchPrepare(32) !== 0) throw new Error(bedsideBench.lastError());
      inPtr = ex.benchIn(); outPtr = ex.benchOut();
      Arr = msg.kind === 'mlp' ? Float32Array : Int32Array;
      self.postMessage({ id: msg.id });
      return;
    }
    if (msg.op === 'mem') {
      self.postMessage({ id: msg.id, wasmBytes: ex.mem.buffer.byteLength });
      return;
    }
    if (msg.op === 'resources') {
      self.postMessage({ id: msg.id, resources: performance.getEntriesByType('resource').map((e) => [e.name, e.encodedBodySize]) });
      return;
    }
    new Arr(ex.mem.buffer, inPtr, msg.input.length).set(msg.input);
    if (ex.benchRun(msg.n) !== 0) throw new Error(bedsideBench.lastError());
    const out = new Float32Array(ex.mem.buffer, outPtr, msg.n * outWidth).slice();
    self.postMessage({ id: msg.id, out }, [out.buffer]);
  } catch (e) {
    self.postMessage({ id: msg.id, err: String(e && e.stack || e) });
  }
};
