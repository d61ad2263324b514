// Measures the cost of one call from wasm into a kernel export through each
// kind of JS trampoline web/simd.js could use (node engine/simd/node/calltest.js):
// best of 12 runs of 5e6 calls of gemv with no rows.
"use strict";
const fs = require("fs");
const kb = fs.readFileSync(require("path").join(__dirname, "..", "kernels.wasm"));
const mem = new WebAssembly.Memory({ initial: 1 });
const K = new WebAssembly.Instance(new WebAssembly.Module(kb), { env: { mem } }).exports;
function sec(id, body) { return [id, body.length, ...body]; }
const t0 = [0x60, 7, ...Array(7).fill(0x7f), 0x00], t1 = [0x60, 1, 0x7f, 0x00];
const code = [0x01, 0x01, 0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x4f, 0x0d, 0x01, ...Array(7).fill([0x41, 0x00]).flat(), 0x10, 0x00, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x0c, 0x00, 0x0b, 0x0b, 0x0b];
const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
  ...sec(1, [2, ...t0, ...t1]),
  ...sec(2, [1, 1, 0x6d, 1, 0x66, 0x00, 0x00]),
  ...sec(3, [1, 1]),
  ...sec(7, [1, 4, 0x6c, 0x6f, 0x6f, 0x70, 0x00, 0x01]),
  ...sec(10, [1, code.length, ...code])]);
const callerMod = new WebAssembly.Module(bytes);
const s = { f: K.gemv };
const variants = {
  direct: K.gemv,
  exact: (a, b, c, d, e, f, g) => s.f(a, b, c, d, e, f, g),
  generic12: (a, b, c, d, e, f, g, h, i, j, k, l) => s.f(a, b, c, d, e, f, g, h, i, j, k, l),
  rest: (...a) => s.f(...a),
};
const N = 5e6;
const best = {}; for (let rep = 0; rep < 12; rep++) {
  for (const [name, fn] of Object.entries(variants)) {
    const inst = new WebAssembly.Instance(callerMod, { m: { f: fn } });
    inst.exports.loop(100000);
    const t = performance.now();
    inst.exports.loop(N);
    const ns = (performance.now() - t) * 1e6 / N; best[name] = Math.min(best[name] ?? 1e9, ns);
  }
}
console.log(best);
