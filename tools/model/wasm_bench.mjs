// Times the wasm build of crates/engine/examples/wasm_bench.rs under Node (wall clock and
// process CPU time; the latter is what to trust on a busy machine).
// usage: node tools/model/wasm_bench.mjs path/to/wasm_bench.wasm [tokens]
import { readFileSync } from "node:fs";
const [path, tokArg] = process.argv.slice(2);
const tokens = Number(tokArg ?? 20000);
const t0 = performance.now();
const { instance } = await WebAssembly.instantiate(readFileSync(path), {});
const t1 = performance.now();
if (instance.exports.load() !== 0) throw new Error("model failed to load");
const t2 = performance.now();
instance.exports.run(1000); // warm-up
const t3 = performance.now();
const c3 = process.cpuUsage();
const ents = instance.exports.run(tokens);
const c4 = process.cpuUsage(c3);
const t4 = performance.now();
const cpu = (c4.user + c4.system) / 1e6;
console.log(`wasm: instantiate ${(t1 - t0).toFixed(1)} ms, model load ${(t2 - t1).toFixed(1)} ms; ` +
  `${tokens} tokens in ${((t4 - t3) / 1e3).toFixed(3)} s = ${(tokens / ((t4 - t3) / 1e3)).toFixed(0)} tokens/s (${ents} ents); ` +
  `process cpu ${cpu.toFixed(3)} s = ${(tokens / cpu).toFixed(0)} tokens/s`);
