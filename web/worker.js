// Bedside's inference Web Worker: runs web/worker.wasm (Go: engine, nlp and
// the task models) off the page's thread. Messages from web/bedside.js:
// {id, op: "load"|"predict"|"context"|"contextParts"|"fhir", entry?, name?, data};
// each answer is {id, json}, for contextParts {id, parts} (a list of JSON
// strings: the analysis without its findings, then the findings in slices,
// see cmd/worker/noteparts.go), or {id, error, kind, field}; kind is a
// clinical.ErrorKind Code
// ("invalid", "not_found", "corrupt", "internal").
"use strict";
// When this script began and when its imports had arrived, on the page's
// clock (performance.timeOrigin differs between page and worker): the
// page's timings say where a slow start goes.
const scriptAt = performance.timeOrigin + performance.now();
importScripts("/wasm_exec.js", "/web/simd.js");
const importedAt = performance.timeOrigin + performance.now();

const started = (async () => {
  const go = new Go();
  bedsideSIMD.install(go); // the engine's SIMD kernels (engine/simd)
  const t0 = performance.now();
  const { instance } = await WebAssembly.instantiateStreaming(fetch("/web/worker.wasm"), go.importObject);
  go.run(instance); // publishes self.bedsideWorker before it blocks
  if (!self.bedsideWorker) {
    throw new Error("worker.wasm did not start");
  }
  const ms = performance.now() - t0;
  self.postMessage({ started: ms, simd: self.bedsideWorker.simd ? 1 : 0, scriptAt, importedAt });
  return ms;
})();

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    await started;
  } catch (err) {
    self.postMessage({ id: msg.id, error: "The inference engine could not start (" + err + "). Reload the page; if it persists, clear the site's data.", kind: "internal" });
    return;
  }
  const w = self.bedsideWorker;
  let r;
  try {
    const t0 = performance.now();
    switch (msg.op) {
      case "load":
        r = w.load(JSON.stringify(msg.entry), msg.data);
        break;
      case "predict":
        r = w.predict(msg.name, msg.data);
        break;
      case "context":
        r = w.context(msg.data);
        break;
      case "fhir":
        r = w.fhir(msg.data);
        break;
      case "contextParts":
        r = w.contextParts(msg.data);
        break;
      case "ping":
        r = { json: "null" }; // measures the message round trip alone
        break;
      default:
        r = { error: "unknown operation " + msg.op, kind: "internal" };
    }
    r.ms = performance.now() - t0;
  } catch (err) {
    r = { error: "The inference engine stopped (" + err + "). Reload the page.", kind: "internal" };
  }
  self.postMessage(Object.assign({ id: msg.id }, r));
};
