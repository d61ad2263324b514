// Bedside's platform script: the weights store and the JavaScript API.
//
// window.bedside.ready()              Promise, resolved when every model this
//                                     visit loads at start has loaded or failed
//                                     (failures do not reject; see models());
//                                     rejected only if the model list itself
//                                     cannot be read. Models over 512 KB that are
//                                     not on the device yet are not among them:
//                                     they download when first used, when a
//                                     page asks for them (want) or on load(name).
// window.bedside.models()             the manifest entries (web/models/manifest.json),
//                                     each with status ("pending", "downloading",
//                                     "ready", "failed"), progress (0..1), error
//                                     and onDemand (true while a large model
//                                     waits to be needed).
// window.bedside.load(name)           Promise: download and load one model now
//                                     (to have it offline), resolved when ready.
// window.bedside.predict(name, input) Promise of the JSON `bedside predict` prints;
//                                     input is {"text": ...} for text models, an
//                                     object keyed by column names otherwise.
// window.bedside.context(text)        Promise of findings (negation, temporality,
//                                     experiencer), sections and offsets.
// window.bedside.fhir(text)           Promise of the text `bedside fhir` prints for
//                                     the note: a FHIR R4 Bundle (JSON).
// Extras for the app: manifest() (Promise of models() once the manifest is
// read), status(name), card(name), want(names) (start loading models a page
// will use), contextParts(text) and predictJSON(name, json) (the answers as
// unparsed JSON text), updateReady(), timings, the
// "bedside:status" event on window whenever a model's status changes and
// "bedside:update" when a new release has been installed.
//
// Weights are fetched once with progress, verified against the manifest's
// sha256 and size (in the worker, with Go's crypto/sha256, so it also works
// outside secure contexts), and kept in IndexedDB keyed by sha256: a release
// that does not change a model does not download it again, and everything
// works offline. Nothing here sends anything but static GETs.
(() => {
  "use strict";
  const base = "/web/models/";
  const dbName = "bedside-weights";
  const storeName = "weights";

  const t0 = performance.now();
  const timings = {};
  let entries = [];
  const status = new Map();

  function setStatus(name, s) {
    const st = Object.assign({ name: name, status: "pending", progress: 0, error: "" }, status.get(name), s);
    status.set(name, st);
    window.dispatchEvent(new CustomEvent("bedside:status", { detail: Object.assign({}, st) }));
  }

  // ---- loading line -------------------------------------------------------
  // go-app bakes one label into its app.js, so its loader shows only the
  // percentage; the words come from the page's <body data-loading-LANG>
  // (ui's tables, rendered by the server), in the language the app will
  // use: the saved setting, else the browser's (as ui.startLang). This
  // script runs in <head>, before the body exists, hence the observer: the
  // words are in place before the first paint.
  function loadingLang() {
    let tag = "";
    try {
      tag = localStorage.getItem("bedside.lang") || "";
    } catch (e) {
      // storage blocked: the browser's language
    }
    tag = (tag || navigator.language || "").trim().toLowerCase();
    return tag === "zh" || tag.startsWith("zh-") || tag.startsWith("zh_") ? "zh" : "en";
  }

  function loadingWords() {
    const label = document.getElementById("app-wasm-loader-label");
    if (!label || !document.body) {
      return false;
    }
    const lang = loadingLang();
    const words = document.body.getAttribute("data-loading-" + lang) || document.body.getAttribute("data-loading-en");
    if (words) {
      const span = document.createElement("span");
      span.className = "loading-words";
      span.textContent = words;
      label.before(span);
      label.parentElement.setAttribute("lang", lang === "zh" ? "zh-Hans" : "en");
    }
    return true;
  }

  if (!loadingWords() && document.readyState === "loading") {
    const seen = new MutationObserver(() => {
      if (loadingWords()) {
        seen.disconnect();
      }
    });
    seen.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", () => seen.disconnect(), { once: true });
  }

  // Until the app runs, the pre-rendered forms are there to be read, not
  // filled in: go-app replaces the page's nodes when it mounts, so whatever
  // was typed would vanish, and a form submitted without the app would put
  // it in a URL sent to the server. Their controls are disabled as soon as
  // the HTML is parsed (before the deferred go-app scripts); the app's own
  // controls replace them.
  function lockForms() {
    if (!document.getElementById("app-wasm-loader")) {
      return;
    }
    for (const el of document.querySelectorAll("main form input, main form textarea, main form select, main form button")) {
      el.disabled = true;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", lockForms, { once: true });
  } else {
    lockForms();
  }
  document.addEventListener("submit", (e) => {
    if (document.getElementById("app-wasm-loader")) {
      e.preventDefault();
    }
  }, true);

  // ---- worker -------------------------------------------------------------
  let worker = null;
  let seq = 0;
  const pending = new Map();

  function startWorker() {
    timings.workerCreatedAt = performance.now();
    worker = new Worker("/web/worker.js");
    worker.onmessage = (event) => {
      const r = event.data;
      if (r.started !== undefined) {
        timings.workerStart = r.started; // fetch + compile + start of worker.wasm
        timings.workerReadyAt = performance.now();
        timings.simd = r.simd; // 1 when the engine runs its SIMD128 kernels (engine/simd)
        timings.workerScriptAt = r.scriptAt - performance.timeOrigin;
        timings.workerImportedAt = r.importedAt - performance.timeOrigin;
        return;
      }
      const p = pending.get(r.id);
      if (!p) {
        return;
      }
      pending.delete(r.id);
      if (r.error) {
        const err = new Error(r.error);
        err.kind = r.kind || "internal";
        if (r.field) {
          err.field = r.field;
        }
        p.reject(err);
      } else {
        p.resolve(r);
      }
    };
    worker.onerror = (event) => {
      const msg = "The inference engine failed (" + (event.message || "worker error") + "). Reload the page.";
      for (const p of pending.values()) {
        p.reject(new Error(msg));
      }
      pending.clear();
    };
  }

  async function call(msg) {
    letModelsStart();
    await workerUp;
    return new Promise((resolve, reject) => {
      msg.id = ++seq;
      pending.set(msg.id, { resolve, reject });
      worker.postMessage(msg);
    });
  }

  // ---- a first visit on a slow network -----------------------------------
  // With nothing on the device, app.wasm, worker.wasm and the weights
  // would share the connection, and the page would take typing only once
  // all of them had arrived (10 s on the slow profile of make budgets,
  // where the models alone were ready at 5.5 s). So on a link the browser
  // does not report as fast, the worker and the weights' downloads wait
  // until app.wasm has arrived (its resource timing entry): the page turns
  // usable first (7.5 s) and the models arrive while the patient types.
  // They start at once when the link is fast (the downloads then cost
  // little and the two compiles overlap), when the service worker serves
  // the visit (nothing to share), as soon as anything asks for a model or
  // the worker, and after 30 s in any case.
  let letModelsStart;
  const modelsMayStart = new Promise((resolve) => {
    letModelsStart = () => {
      if (timings.modelsStartAt === undefined) {
        timings.modelsStartAt = performance.now();
      }
      resolve();
    };
  });
  const link = navigator.connection;
  timings.downlink = link && typeof link.downlink === "number" ? link.downlink : -1; // Mbit/s, as the browser estimates it
  const fastLink = !!link && !link.saveData && link.downlink >= 10;
  const isAppWasm = (e) => new URL(e.name, location.href).pathname === "/web/app.wasm";
  if (fastLink || (navigator.serviceWorker && navigator.serviceWorker.controller) || !self.PerformanceObserver) {
    letModelsStart();
  } else {
    try {
      const seen = new PerformanceObserver((list) => {
        if (list.getEntries().some(isAppWasm)) {
          seen.disconnect();
          letModelsStart();
        }
      });
      seen.observe({ type: "resource", buffered: true });
    } catch (err) {
      letModelsStart();
    }
    setTimeout(letModelsStart, 30000);
  }
  const workerUp = modelsMayStart.then(startWorker);
  workerUp.catch(() => {}); // a worker that cannot start fails each call with its error

  // ---- IndexedDB ----------------------------------------------------------
  // Every store operation may fail (private browsing, quota): the app then
  // downloads weights each visit instead of failing.
  let dbPromise = null;

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        if (!self.indexedDB) {
          reject(new Error("no IndexedDB"));
          return;
        }
        const req = indexedDB.open(dbName, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(storeName);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    return dbPromise;
  }

  async function tx(mode, fn) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction(storeName, mode);
      const req = fn(t.objectStore(storeName));
      t.oncomplete = () => resolve(req && req.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }

  const stored = (sha) => tx("readonly", (s) => s.get(sha)).catch(() => undefined);
  const store = (sha, bytes) => tx("readwrite", (s) => s.put(bytes, sha)).catch(() => undefined);
  const forget = (sha) => tx("readwrite", (s) => s.delete(sha)).catch(() => undefined);

  // prune drops weights no model of this release uses, so the store does
  // not grow with every release.
  async function prune(keep) {
    try {
      const keys = await tx("readonly", (s) => s.getAllKeys());
      for (const k of keys || []) {
        if (!keep.has(k)) {
          await forget(k);
        }
      }
    } catch (e) {
      // nothing stored, nothing to prune
    }
  }

  // ---- weights ------------------------------------------------------------
  async function download(e) {
    let resp;
    try {
      resp = await fetch(base + e.file);
    } catch (err) {
      throw new Error(`The ${e.name} model is not on this device yet and the network is unavailable. Connect once to download it (${Math.round(e.bytes / 1024)} KB).`);
    }
    if (!resp.ok) {
      throw new Error(`The ${e.name} model's weights could not be downloaded (HTTP ${resp.status}). The other models keep working; try again later.`);
    }
    const chunks = [];
    let got = 0;
    const reader = resp.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      chunks.push(value);
      got += value.byteLength;
      setStatus(e.name, { status: "downloading", progress: Math.min(got / e.bytes, 1) });
    }
    const bytes = new Uint8Array(got);
    let off = 0;
    for (const c of chunks) {
      bytes.set(c, off);
      off += c.byteLength;
    }
    return bytes;
  }

  async function loadModel(e) {
    setStatus(e.name, { status: "downloading", progress: 0, error: "" });
    const cached = await stored(e.sha256);
    if (cached) {
      try {
        const r = await call({ op: "load", entry: e, data: cached });
        timings["load_" + e.name] = r.ms;
        setStatus(e.name, { status: "ready", progress: 1, source: "device" });
        return;
      } catch (err) {
        await forget(e.sha256); // damaged on the device: fetch it again
      }
    }
    try {
      await modelsMayStart; // on a slow first visit, the app's own wasm first (see call)
      const bytes = await download(e);
      const r = await call({ op: "load", entry: e, data: bytes });
      timings["load_" + e.name] = r.ms;
      await store(e.sha256, bytes);
      setStatus(e.name, { status: "ready", progress: 1, source: "network" });
    } catch (err) {
      let msg = err.message;
      if (err.kind === "not_found") {
        msg = `This version of Bedside cannot run the ${e.name} model (${err.message}). Reload to update the app; the other models keep working.`;
      } else if (err.kind === "corrupt") {
        msg = `The ${e.name} model's weights failed verification and were not used (${err.message}). The download may be truncated or tampered with: reload to fetch it again. The other models keep working.`;
      }
      setStatus(e.name, { status: "failed", progress: 0, error: msg });
    }
  }

  // ---- updates ------------------------------------------------------------
  // The service worker installs a new release in the background and takes
  // over at once; the page then announces it (go-app also calls
  // OnAppUpdate on components). The next visit runs the new release.
  let updateReady = false;
  if (navigator.serviceWorker) {
    const hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (!hadController) {
        return; // the first install, not an update
      }
      updateReady = true;
      window.dispatchEvent(new CustomEvent("bedside:update"));
    });
  }

  // ---- start --------------------------------------------------------------
  // The worker starts at once, or on a slow first visit when app.wasm has
  // arrived (see call), and compiles its wasm while the weights download.

  const started = (async () => {
    let resp;
    try {
      resp = await fetch(base + "manifest.json");
    } catch (err) {
      throw new Error("The list of models could not be loaded: you are offline and this device has not opened Bedside before.");
    }
    if (!resp.ok) {
      throw new Error(`The list of models could not be loaded (HTTP ${resp.status}).`);
    }
    const m = await resp.json();
    entries = Array.isArray(m.models) ? m.models : [];
    timings.manifest = performance.now() - t0;
    for (const e of entries) {
      setStatus(e.name, { status: "pending" });
    }
  })();

  // A first visit on a phone should not download weights the patient may
  // never use: a model over ON_DEMAND_BYTES (the note specialty model, the
  // Chinese clinic model) that is not on the device yet waits until it is
  // first used, a page asks for it (want) or load(name); one already on the
  // device loads at once, so offline use is unchanged.
  const ON_DEMAND_BYTES = 512 * 1024;
  const loads = new Map(); // name -> Promise of loadModel, once started

  // startLoad joins the load under way, or starts one: first, or again
  // after a failure (the network may be back, the file replaced).
  function startLoad(e) {
    let p = loads.get(e.name);
    if (!p || status.get(e.name).status === "failed") {
      setStatus(e.name, { onDemand: false });
      p = loadModel(e);
      loads.set(e.name, p);
    }
    return p;
  }

  // decide settles once a model either loads (and is ready or failed) or
  // is marked on demand; memoised, so ready() and a first use agree.
  const decisions = new Map();
  function decide(e) {
    let d = decisions.get(e.name);
    if (!d) {
      d = (async () => {
        if (e.bytes > ON_DEMAND_BYTES && !(await stored(e.sha256))) {
          setStatus(e.name, { onDemand: true });
          return;
        }
        await startLoad(e);
      })();
      decisions.set(e.name, d);
    }
    return d;
  }

  const all = (async () => {
    await started;
    // Loads run one after another in the worker, downloads in parallel.
    await Promise.all(entries.map(decide));
    timings.ready = performance.now() - t0;
    timings.readyAt = performance.now(); // since navigation start
    // keep what is ready and what has not been needed yet (an on-demand
    // model's stored weights are loaded at start, so they are ready here)
    prune(new Set(entries.filter((e) => status.get(e.name).status === "ready" || status.get(e.name).onDemand).map((e) => e.sha256)));
    return models();
  })();
  all.catch(() => {}); // reported through ready()

  function models() {
    return entries.map((e) => Object.assign({}, e, status.get(e.name)));
  }

  async function ensure(name) {
    await started;
    const e = entries.find((x) => x.name === name);
    if (!e) {
      throw new Error(`There is no model named "${name}". Models: ${entries.map((x) => x.name).join(", ") || "none"}.`);
    }
    await decide(e);
    await startLoad(e); // the load already under way, or an on-demand one now
    const now = status.get(name);
    if (now.status === "failed") {
      throw new Error(now.error);
    }
  }

  async function predict(name, input) {
    let text;
    if (typeof input === "string") {
      text = input;
    } else if (input && typeof input === "object" && !Array.isArray(input)) {
      text = JSON.stringify(input);
    } else {
      throw new Error(`predict(${JSON.stringify(String(name))}, input): input must be an object (for text models {"text": "..."}).`);
    }
    await ensure(String(name));
    const r = await call({ op: "predict", name: String(name), data: text });
    timings.lastWorkerMs = r.ms;
    return JSON.parse(r.json);
  }

  async function context(text) {
    if (typeof text !== "string") {
      throw new Error("context(text): text must be a string.");
    }
    await started;
    const r = await call({ op: "context", data: text });
    timings.lastWorkerMs = r.ms;
    return JSON.parse(r.json);
  }

  // fhir resolves to the text of the bundle, not a parsed object, so that
  // its numbers keep the digits the note wrote ("0.50" stays 0.50).
  async function fhir(text) {
    if (typeof text !== "string") {
      throw new Error("fhir(text): text must be a string.");
    }
    await started;
    const r = await call({ op: "fhir", data: text });
    timings.lastWorkerMs = r.ms;
    return r.json;
  }

  // nextTask resolves in a task of its own. Taking a long note's answer
  // from the worker (megabytes of text) is a task of 15-25 ms by itself;
  // the page's own work on it then starts in the next task, not the same.
  function nextTask() {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  // contextParts is context for the app: the analysis as JSON strings, the
  // findings in slices (cmd/worker/noteparts.go), left unparsed so the page
  // decodes one slice per task instead of a long note's all at once.
  async function contextParts(text) {
    if (typeof text !== "string") {
      throw new Error("contextParts(text): text must be a string.");
    }
    await started;
    const r = await call({ op: "contextParts", data: text });
    timings.lastWorkerMs = r.ms;
    await nextTask();
    return r.parts;
  }

  // predictJSON is predict for the app: the answer's JSON text, unparsed,
  // so the page decodes it in its own time (a long note's token weights
  // parsed at once held the main thread).
  async function predictJSON(name, input) {
    if (typeof input !== "string") {
      throw new Error("predictJSON(name, input): input must be JSON text.");
    }
    await ensure(String(name));
    const r = await call({ op: "predict", name: String(name), data: input });
    timings.lastWorkerMs = r.ms;
    await nextTask();
    return r.json;
  }

  async function card(name) {
    await started;
    const e = entries.find((x) => x.name === name);
    if (!e || !e.card) {
      throw new Error(`There is no model card for "${name}".`);
    }
    const resp = await fetch(base + e.card);
    if (!resp.ok) {
      throw new Error(`The ${name} model card could not be loaded (HTTP ${resp.status}).`);
    }
    return resp.json();
  }

  window.bedside = Object.freeze({
    ready: () => all,
    models: models,
    predict: predict,
    context: context,
    fhir: fhir,
    contextParts: contextParts,
    predictJSON: predictJSON,
    status: (name) => Object.assign({}, status.get(name)),
    load: (name) => ensure(String(name)).then(() => Object.assign({}, status.get(String(name)))),
    want: (names) => {
      letModelsStart();
      if (!navigator.onLine) {
        return; // offline it cannot download; a first use says so
      }
      started.then(() => {
        for (const n of [].concat(names || [])) {
          const e = entries.find((x) => x.name === n);
          if (e) {
            decide(e).then(() => startLoad(e));
          }
        }
      }).catch(() => {});
    },
    card: card,
    updateReady: () => updateReady,
    manifest: () => started.then(models),
    ping: () => started.then(() => call({ op: "ping" })).then(() => null),
    timings: timings,
  });
})();
