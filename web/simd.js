// Bedside's SIMD128 kernels (engine/simd) for a Go WebAssembly program.
// Go calls them through //go:wasmimport functions of module
// "bedside_simd", so the loader must supply that module before it
// instantiates Go:
//
//   const go = new Go();
//   bedsideSIMD.install(go);            // before WebAssembly.instantiate
//   ... instantiate with go.importObject, then go.run(instance)
//
// Each import is a trampoline to the kernel of the same name, bound when
// Go asks for the kernels (bedsideSIMD.attach, with the module's bytes,
// which Go embeds): the kernel module is compiled then and instantiated on
// Go's own memory, so both share one linear memory. Where
// WebAssembly.validate rejects the module (no SIMD128) attach answers
// false, Go runs its pure-Go loops and the trampolines are never called.
"use strict";
(() => {
  let mem = null;
  let attached = null; // null: not tried; then true or false
  const slots = new Map(); // import name -> { f }
  const notAttached = () => {
    throw new Error("bedside: a SIMD kernel was called before bedsideSIMD.attach succeeded");
  };
  // One fixed-arity trampoline per import, made when the Go module's
  // imports are read (WebAssembly reads them with [[Get]], which the
  // proxy answers), so the shim needs no list of kernel names.
  const imports = new Proxy({}, {
    get(_, name) {
      if (typeof name !== "string") return undefined;
      let s = slots.get(name);
      if (!s) {
        s = { f: notAttached };
        slots.set(name, s);
      }
      return (a, b, c, d, e, f, g, h, i, j, k, l) => s.f(a, b, c, d, e, f, g, h, i, j, k, l);
    },
  });
  globalThis.bedsideSIMD = {
    // off keeps the kernels out (attach answers false): for comparing
    // with the pure-Go path.
    off: false,
    install(go) {
      go.importObject.bedside_simd = imports;
      const run = go.run;
      go.run = function (instance) {
        mem = instance.exports.mem;
        return run.call(this, instance);
      };
    },
    attach(bytes) {
      if (attached !== null) return attached;
      attached = false;
      if (this.off || !mem || !WebAssembly.validate(bytes)) return false;
      try {
        const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem } }).exports;
        for (const [name, s] of slots) {
          if (typeof k[name] !== "function") return false;
          s.f = k[name];
        }
        attached = true;
      } catch (err) {
        // e.g. a browser that refuses to compile synchronously here
        console.warn("bedside: SIMD kernels unavailable, using the Go path:", err);
      }
      return attached;
    },
  };
})();
