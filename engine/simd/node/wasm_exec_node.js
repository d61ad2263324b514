// go test -exec runner for GOOS=js GOARCH=wasm (see go_js_wasm_exec here):
// $(go env GOROOT)/lib/wasm/wasm_exec_node.js plus web/simd.js, the shim
// that gives Go programs linking engine/simd their kernels.
// BEDSIDE_SIMD=off runs the same binaries on the pure-Go path.
"use strict";

if (process.argv.length < 3) {
  console.error("usage: go_js_wasm_exec [wasm binary] [arguments]");
  process.exit(1);
}

globalThis.require = require;
globalThis.fs = require("fs");
globalThis.path = require("path");
globalThis.TextEncoder = require("util").TextEncoder;
globalThis.TextDecoder = require("util").TextDecoder;
globalThis.performance ??= require("performance");
globalThis.crypto ??= require("crypto");

require(path.join(process.env.GOROOT_WASM, "wasm_exec"));
require(path.join(__dirname, "..", "..", "..", "web", "simd.js"));

const go = new Go();
go.argv = process.argv.slice(2);
go.env = Object.assign({ TMPDIR: require("os").tmpdir() }, process.env);
go.exit = process.exit;
bedsideSIMD.off = process.env.BEDSIDE_SIMD === "off";
bedsideSIMD.install(go);
WebAssembly.instantiate(fs.readFileSync(process.argv[2]), go.importObject).then((result) => {
  process.on("exit", (code) => { // Node.js exits if no event handler is pending
    if (code === 0 && !go.exited) {
      // deadlock, make Go print error and stack traces
      go._pendingEvent = { id: 0 };
      go._resume();
    }
  });
  return go.run(result.instance);
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
