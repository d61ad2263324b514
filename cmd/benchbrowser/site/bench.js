// The in-page half of make bench-browser. The Go driver opens
// /bench.html?engine=...&model=...&threads=...&phase=cold|full, and reads
// window.__bench (or window.__benchError) when it appears.
const q = new URLSearchParams(location.search);
const P = {
  engine: q.get('engine'), model: q.get('model'), threads: +(q.get('threads') || 1),
  phase: q.get('phase') || 'cold', runs: +(q.get('runs') || 1000), warmup: +(q.get('warmup') || 50),
  cpuProbe: q.get('cpuprobe') === '1', minBlockMS: +(q.get('block') || 0.2), budgetMS: +(q.get('budget') || 30000), batchSeconds: +(q.get('batchseconds') || 1),
};
const now = () => performance.now();

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src; s.onload = resolve; s.onerror = () => reject(new Error('cannot load ' + src));
    document.head.appendChild(s);
  });
}

// handshake lets the driver read the renderer's CPU time at a phase
// boundary: on a shared machine wall time includes waiting for a core, CPU
// time does not.
async function handshake(tag) {
  if (!P.cpuProbe) return;
  window.__wait = tag;
  while (window.__ack !== tag) await new Promise((r) => setTimeout(r, 5));
}

// yieldNow lets the event loop breathe without the 4 ms setTimeout clamp.
function yieldNow() {
  return new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
}

let jsHeapPeak = 0;
function sampleHeap() {
  if (performance.memory) jsHeapPeak = Math.max(jsHeapPeak, performance.memory.usedJSHeapSize);
}

// parseSafetensors returns name → {shape, data: Float32Array} (F32 only).
function parseSafetensors(buf) {
  const dv = new DataView(buf);
  const n = Number(dv.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, n)));
  const base = 8 + n;
  const out = {};
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (t.dtype !== 'F32') throw new Error(`tensor ${name}: dtype ${t.dtype}, want F32`);
    const [b, e] = t.data_offsets;
    out[name] = { shape: t.shape, data: new Float32Array(buf.slice(base + b, base + e)) };
  }
  return out;
}

// ---- engines: init(meta) then run(x, n) → Float32Array of n×out logits.

const engines = {};

// Bedside through go:wasmexport: the input is written straight into Go's
// memory and a plain exported function runs the batch (see wasm/main.go).
engines.bedside = {
  async init(meta) {
    await loadScript('/bedside/wasm_exec.js');
    await loadScript('/bedside/simd.js');
    const go = new Go();
    bedsideSIMD.install(go); // engine/simd's kernels, as in web/worker.js
    const [inst, weights] = await Promise.all([
      WebAssembly.instantiateStreaming(fetch('/bedside/bench.wasm'), go.importObject),
      fetch(`/models/${meta.name}.safetensors`).then((r) => r.arrayBuffer()),
    ]);
    go.run(inst.instance);
    const err = bedsideBench.load(meta.kind, new Uint8Array(weights));
    if (err) throw new Error(err);
    this.ex = inst.instance.exports; this.outWidth = meta.out;
    if (meta.kind === 'text') bedsideBench.tokens(meta.tokens);
    if (this.ex.benchPrepare(32) !== 0) throw new Error(bedsideBench.lastError());
    this.inPtr = this.ex.benchIn(); this.outPtr = this.ex.benchOut();
    this.Arr = meta.kind === 'mlp' ? Float32Array : Int32Array;
  },
  run(x, n) {
    const buf = this.ex.mem.buffer;
    new this.Arr(buf, this.inPtr, x.length).set(x);
    if (this.ex.benchRun(n) !== 0) throw new Error(bedsideBench.lastError());
    return new Float32Array(this.ex.mem.buffer, this.outPtr, n * this.outWidth).slice();
  },
  async memory() { return { wasmBytes: this.ex.mem.buffer.byteLength }; },
  async resources() { return []; },
};

// Bedside through syscall/js (js.FuncOf): what the boundary costs.
engines['bedside-funcof'] = {
  async init(meta) {
    await loadScript('/bedside/wasm_exec.js');
    await loadScript('/bedside/simd.js');
    const go = new Go();
    bedsideSIMD.install(go); // engine/simd's kernels, as in web/worker.js
    const [inst, weights] = await Promise.all([
      WebAssembly.instantiateStreaming(fetch('/bedside/bench.wasm'), go.importObject),
      fetch(`/models/${meta.name}.safetensors`).then((r) => r.arrayBuffer()),
    ]);
    go.run(inst.instance);
    this.mem = inst.instance.exports.mem;
    const err = bedsideBench.load(meta.kind, new Uint8Array(weights));
    if (err) throw new Error(err);
    this.outWidth = meta.out;
  },
  run(x, n) {
    const out = new Float32Array(n * this.outWidth);
    const err = bedsideBench.runBatch(n, new Uint8Array(x.buffer, x.byteOffset, x.byteLength), new Uint8Array(out.buffer));
    if (err) throw new Error(err);
    return out;
  },
  async memory() { return { wasmBytes: this.mem.buffer.byteLength }; },
  async resources() { return []; },
};

engines['bedside-worker'] = {
  async init(meta) {
    this.w = new Worker('/harness/bedside-worker.js');
    this.pending = new Map(); this.next = 0; this.outWidth = meta.out;
    this.w.onmessage = (ev) => {
      const p = this.pending.get(ev.data.id); this.pending.delete(ev.data.id);
      if (ev.data.err) p.reject(new Error(ev.data.err)); else p.resolve(ev.data);
    };
    await this.call({ op: 'init', kind: meta.kind, tokens: meta.tokens || 0, outWidth: meta.out, weights: `/models/${meta.name}.safetensors` });
  },
  call(msg, transfer) {
    return new Promise((resolve, reject) => {
      msg.id = this.next++; this.pending.set(msg.id, { resolve, reject });
      this.w.postMessage(msg, transfer || []);
    });
  },
  async run(x, n) { return (await this.call({ op: 'run', n, outWidth: this.outWidth, input: x })).out; },
  async memory() { return { wasmBytes: (await this.call({ op: 'mem' })).wasmBytes }; },
  async resources() { return (await this.call({ op: 'resources' })).resources; },
};

engines.tfjs = {
  async init(meta) {
    const weightsP = fetch(`/models/${meta.name}.safetensors`).then((r) => r.arrayBuffer());
    await loadScript('/vendor/tfjs/tf-core.min.js');
    await loadScript('/vendor/tfjs/tf-backend-wasm.min.js');
    tf.wasm.setWasmPaths('/vendor/tfjs/');
    if (P.threads > 1) tf.wasm.setThreadsCount(P.threads);
    else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: wasm backend failed to initialise');
    await tf.ready();
    const t = parseSafetensors(await weightsP);
    const T = (name) => tf.tensor(t[name].data, t[name].shape);
    // Weights are stored transposed to [in, out]: tfjs-backend-wasm 4.22's
    // FusedMatMul gives wrong results with transposeB and a bias when the
    // left operand has more than one row (found by the parity check).
    const TT = (name) => { const a = T(name); const b = tf.transpose(a); a.dispose(); return b; };
    this.meta = meta;
    if (meta.kind === 'mlp') {
      this.layers = [];
      for (const sp of meta.layers) {
        if (sp.kind === 'dense') this.layers.push({ w: TT(sp.name + '.weight'), b: T(sp.name + '.bias'), act: 'linear' });
        else if (sp.kind !== 'dropout') this.layers[this.layers.length - 1].act = sp.kind;
      }
    } else {
      const c = meta.text;
      this.c = c;
      this.emb = T('emb.weight');
      this.dirs = ['fwd', 'bwd'].map((d) => ({
        wx: TT(`rnn.${d}.weight_ih`), bx: T(`rnn.${d}.bias_ih`), wh: TT(`rnn.${d}.weight_hh`), bh: T(`rnn.${d}.bias_hh`),
      }));
      this.attW = TT('att.weight'); this.attB = T('att.bias');
      this.attV = tf.tensor(t['att.v'].data, [c.attention, 1]);
      this.outW = TT('out.weight'); this.outB = T('out.bias');
    }
  },
  forwardMLP(x) {
    let h = x;
    for (const l of this.layers) {
      const fusedAct = { linear: 'linear', relu: 'relu', sigmoid: 'sigmoid' }[l.act];
      h = tf.fused.matMul({ a: h, b: l.w, bias: l.b, activation: fusedAct || 'linear' });
      if (l.act === 'tanh') h = tf.tanh(h);
      else if (l.act === 'softmax') h = tf.softmax(h);
    }
    return h;
  },
  // forwardText is the same GRU as Bedside's, op by op: input projections
  // for all steps in one matMul, then per step one matMul and the gates.
  forwardText(ids, B, Tn) {
    const { hidden: H, embed: E } = this.c;
    const e = tf.reshape(tf.gather(this.emb, ids), [B * Tn, E]);
    const states = this.dirs.map((d, k) => {
      const gx = tf.reshape(tf.fused.matMul({ a: e, b: d.wx, bias: d.bx }), [B, Tn, 3 * H]);
      const [gxrz, gxn] = tf.split(gx, [2 * H, H], 2);
      const xrz = tf.unstack(gxrz, 1), xn = tf.unstack(gxn, 1);
      let h = tf.zeros([B, H]);
      const hs = new Array(Tn);
      for (let s = 0; s < Tn; s++) {
        const t = k === 0 ? s : Tn - 1 - s;
        const gh = tf.fused.matMul({ a: h, b: d.wh, bias: d.bh });
        const [ghrz, ghn] = tf.split(gh, [2 * H, H], 1);
        const [r, z] = tf.split(tf.sigmoid(tf.add(xrz[t], ghrz)), 2, 1);
        const n = tf.tanh(tf.add(xn[t], tf.mul(r, ghn)));
        h = tf.add(n, tf.mul(z, tf.sub(h, n)));
        hs[t] = h;
      }
      return tf.stack(hs, 1); // [B, T, H]
    });
    const hs = tf.concat(states, 2); // [B, T, 2H]
    const D = 2 * H;
    const u = tf.tanh(tf.fused.matMul({ a: tf.reshape(hs, [B * Tn, D]), b: this.attW, bias: this.attB }));
    const alpha = tf.softmax(tf.reshape(tf.matMul(u, this.attV), [B, Tn]));
    const ctx = tf.reshape(tf.matMul(tf.reshape(alpha, [B, 1, Tn]), hs), [B, D]);
    return tf.fused.matMul({ a: ctx, b: this.outW, bias: this.outB });
  },
  run(x, n) {
    return tf.tidy(() => {
      const m = this.meta;
      const y = m.kind === 'mlp' ? this.forwardMLP(tf.tensor2d(x, [n, m.in]))
        : this.forwardText(tf.tensor2d(x, [n, m.tokens], 'int32'), n, m.tokens);
      return y.dataSync();
    });
  },
  async memory() {
    const w = tf.backend().wasm;
    return { wasmBytes: w && w.HEAPU8 ? w.HEAPU8.buffer.byteLength : 0, tensorBytes: tf.memory().numBytes };
  },
  async resources() { return []; },
};

engines.ort = {
  async init(meta) {
    const modelP = fetch(`/models/${meta.name}.onnx`).then((r) => r.arrayBuffer());
    await loadScript('/vendor/ort/ort.wasm.min.js');
    ort.env.wasm.wasmPaths = '/vendor/ort/';
    ort.env.wasm.numThreads = P.threads;
    ort.env.wasm.proxy = false;
    this.session = await ort.InferenceSession.create(new Uint8Array(await modelP), {
      executionProviders: ['wasm'], graphOptimizationLevel: 'all',
    });
    this.meta = meta;
  },
  async run(x, n) {
    const m = this.meta;
    const feeds = m.kind === 'mlp'
      ? { x: new ort.Tensor('float32', x, [n, m.in]) }
      : { ids: new ort.Tensor('int32', x, [n, m.tokens]) };
    const r = await this.session.run(feeds);
    return r.logits.data;
  },
  async memory() { return {}; },
  async resources() { return []; },
};

// ---- measurement

function flat(rows, kind) {
  const w = rows[0].length;
  const a = kind === 'mlp' ? new Float32Array(rows.length * w) : new Int32Array(rows.length * w);
  rows.forEach((r, i) => a.set(r, i * w));
  return a;
}

function pct(sorted, p) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
  return sorted[i];
}

// latency times P.runs runs after P.warmup warm-ups. Runs shorter than
// P.minBlockMS are timed in blocks of k (performance.now() is 5 µs even when
// isolated) and each block's mean is one sample.
async function latency(eng, x) {
  const one = async () => { const r = eng.run(x, 1); if (r && r.then) await r; };
  // Warm-ups stop early (after at least 5) past a fifth of the budget: one
  // engine takes ~1 s per run on the large model.
  const tw = now();
  let warm = 0;
  for (; warm < P.warmup && (warm < 5 || now() - tw < P.budgetMS / 5); warm++) await one();
  // Calibrate on the fastest of a few repeats: the machine is shared, and a
  // preempted repeat must not make the blocks too short.
  let n = 1, t = 0;
  for (;;) {
    const s = now(); for (let j = 0; j < n; j++) await one(); t = now() - s;
    if (t >= 2 || n >= 1 << 20) break;
    n *= 2;
  }
  let est = t / n;
  for (let r = 0; r < 3; r++) {
    const s = now(); for (let j = 0; j < n; j++) await one(); est = Math.min(est, (now() - s) / n);
  }
  const k = Math.max(1, Math.ceil(P.minBlockMS / est));
  const samples = [];
  await handshake('lat0');
  let lastYield = now(), maxRun = 0;
  // A time budget keeps the run near ten minutes when an engine takes
  // ~1 s per run; the table reports the samples actually taken.
  const tStart = now();
  for (let i = 0; i < P.runs && (i < 20 || now() - tStart < P.budgetMS); i++) {
    const s = now();
    for (let j = 0; j < k; j++) await one();
    const d = (now() - s) / k;
    samples.push(d); maxRun = Math.max(maxRun, d);
    if (now() - lastYield > 50) { sampleHeap(); await yieldNow(); lastYield = now(); }
  }
  await handshake('lat1');
  const sorted = samples.slice().sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { warmups: warm, runs: samples.length * k, samples: samples.length, block: k, p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), mean, max: maxRun };
}

// throughput is batch examples over the median time of one batch (the
// median, not the mean, because the machine is shared).
async function throughput(eng, xb, n) {
  const one = async () => { const r = eng.run(xb, n); if (r && r.then) await r; };
  await one();
  const times = [];
  await handshake('thr0');
  const t0 = now();
  while (times.length < 3 || (now() - t0 < P.batchSeconds * 1000 && times.length < 200)) {
    const s = now(); await one(); times.push(now() - s);
    sampleHeap(); await yieldNow();
  }
  await handshake('thr1');
  times.sort((a, b) => a - b);
  const med = pct(times, 50);
  return { batch: n, batches: times.length, medianBatchMS: med, examplesPerSecond: n / (med / 1000) };
}

async function main() {
  const meta = await (await fetch(`/models/${P.model}.json`, { cache: 'no-store' })).json();
  const eng = engines[P.engine];
  if (!eng) throw new Error('unknown engine ' + P.engine);
  const kind = meta.kind;
  const x1 = flat([meta.inputs[0]], kind);
  const tInit0 = now();
  await eng.init(meta);
  const tInit = now();
  let y = eng.run(x1, 1); if (y && y.then) y = await y;
  const tFirst = now();
  const res = {
    engine: P.engine, model: P.model, threads: P.threads, phase: P.phase,
    crossOriginIsolated: self.crossOriginIsolated,
    userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency,
    initMS: tInit - tInit0, firstInferenceMS: tFirst - tInit, firstResultMS: tFirst,
  };
  // Parity: each fixed input alone, then all of them as one batch.
  res.parity = [];
  for (const row of meta.inputs) {
    let o = eng.run(flat([row], kind), 1); if (o && o.then) o = await o;
    res.parity.push(Array.from(o));
  }
  let ob = eng.run(flat(meta.inputs, kind), meta.inputs.length); if (ob && ob.then) ob = await ob;
  res.parityBatch = Array.from(ob);
  sampleHeap();
  res.longTasksLoad = window.__longTasks.filter(([s]) => s <= tFirst);
  if (P.phase === 'full') {
    res.latency = await latency(eng, x1);
    res.throughput = await throughput(eng, flat(meta.batch, kind), meta.batch.length);
    const lt = window.__longTasks.filter(([s]) => s > tFirst);
    res.longTasksBench = { count: lt.length, totalMS: lt.reduce((a, [, d]) => a + d, 0), maxMS: lt.reduce((a, [, d]) => Math.max(a, d), 0) };
  }
  sampleHeap();
  res.jsHeapPeak = jsHeapPeak;
  res.memory = await eng.memory();
  res.workerResources = await eng.resources();
  res.longTasksUnsupported = window.__longTasksUnsupported || '';
  return res;
}

main().then((r) => { window.__bench = r; document.getElementById('status').textContent = 'done'; },
  (e) => { window.__benchError = String(e && e.stack || e); document.getElementById('status').textContent = 'error: ' + e; });
