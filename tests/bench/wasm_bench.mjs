// Benchmark of the page's engine in headless Chromium: what users feel.
//   node tests/bench/wasm_bench.mjs [DIR] [--limit N]      (or: cargo xtask bench-wasm [DIR] [--limit N])
// DIR (default ../shared/data/bbc-news) is read recursively for .txt files; the first N (default 300,
// in path order) are analyzed by the page's own worker (worker-shim.js + pkg/entity_lens_worker_bg.wasm).
// Prints one JSON object:
//   words, seconds, words_per_second  throughput of the worker over the files (words = whitespace-split)
//   model_load_ms                     model parse + engine build inside the worker (its Ready message)
//   wasm_bytes, wasm_brotli_bytes     both wasm modules (page UI + worker with the embedded model)
//   downloaded_bytes                  every response body the page loads before it is ready
//   time_to_first_highlight_ms        from a drop of one file to the first <mark> on screen
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, launch, openPage, makeTransfer } from '../helpers.mjs';

const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 300;
const dirArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--limit');
const dir = path.resolve(dirArg || path.join(ROOT, '..', 'shared', 'data', 'bbc-news'));
if (!existsSync(dir)) {
  console.error(`no such folder: ${dir}`);
  process.exit(2);
}

function walk(d) {
  return readdirSync(d).sort().flatMap((n) => {
    const p = path.join(d, n);
    return statSync(p).isDirectory() ? walk(p) : n.endsWith('.txt') ? [p] : [];
  });
}
const paths = walk(dir).slice(0, limit);
const files = paths.map((p) => readFileSync(p));
const words = files.reduce((n, b) => n + b.toString('utf8').split(/\s+/).filter(Boolean).length, 0);

const wasmFiles = ['entity_lens_web_bg.wasm', 'entity_lens_worker_bg.wasm'].map((n) => path.join(ROOT, 'pkg', n));
const wasmBytes = wasmFiles.map((f) => statSync(f).size);
const brotli = wasmFiles.map((f) => zlib.brotliCompressSync(readFileSync(f), {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
}).length);

const env = await launch();
try {
  // Page load: every asset, until the recognizer is ready.
  const { page, errors } = await openPage(env.browser, env.base);
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.reload();
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 120000 });
  await page.waitForLoadState('networkidle');
  let downloaded = 0;
  for (const r of responses) downloaded += (await r.body().catch(() => Buffer.alloc(0))).length;

  // Time to first highlight, on the real page: drop one article, wait for a <mark> to be painted.
  const dt = await makeTransfer(page, [{ name: path.basename(paths[0]), bytes: files[0] }]);
  const ttfh = await page.evaluate((dt) => new Promise((resolve) => {
    const t0 = performance.now();
    const check = () => (document.querySelector('article mark.entity')
      ? requestAnimationFrame(() => resolve(performance.now() - t0)) : setTimeout(check, 2));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
    check();
  }), dt);

  // Throughput: a fresh worker (the page's own script), all files posted at once.
  const payload = files.map((b) => b.toString('base64'));
  const result = await page.evaluate(async (payload) => {
    const bytes = payload.map((s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
    const worker = new Worker('worker-shim.js', { type: 'module', name: 'bench' });
    const ready = await new Promise((resolve) => {
      worker.onmessage = (e) => resolve(JSON.parse(e.data));
    });
    let left = bytes.length;
    let failed = 0;
    const t0 = performance.now();
    const elapsed = await new Promise((resolve) => {
      worker.onmessage = (e) => {
        // An analysis arrives as {json, text, spans, record}, other messages as JSON strings.
        const msg = JSON.parse(typeof e.data === 'string' ? e.data : e.data.json);
        if (msg.Failed) failed++;
        if ((msg.Analyzed || msg.Failed) && --left === 0) resolve(performance.now() - t0);
      };
      bytes.forEach((b, id) => worker.postMessage({ Analyze: { id, name: `f${id}.txt`, raw: false, bytes: b } }));
    });
    worker.terminate();
    return { ready, elapsed, failed };
  }, payload);
  const seconds = result.elapsed / 1000;
  console.log(JSON.stringify({
    files: files.length,
    failed: result.failed,
    words,
    seconds: Number(seconds.toFixed(3)),
    words_per_second: Math.round(words / seconds),
    model_load_ms: Math.round(result.ready.Ready?.model_load_ms ?? NaN),
    wasm_bytes: wasmBytes[0] + wasmBytes[1],
    wasm_brotli_bytes: brotli[0] + brotli[1],
    wasm: { ui: wasmBytes[0], ui_brotli: brotli[0], worker: wasmBytes[1], worker_brotli: brotli[1] },
    downloaded_bytes: downloaded,
    time_to_first_highlight_ms: Math.round(ttfh),
    console_errors: errors.length,
    folder: dir,
  }));
} finally {
  await env.close();
}
