// Benchmark (not a test) of the page at scale, in headless Chromium, on BBC News stories
// (../shared/data/bbc-news, repeated in a fixed order to reach the counts asked):
//   node tests/bench/page_scale.mjs [--articles 1000] [--memory 1000,10000] [--workers 1,2,N]
// Prints one JSON object:
//   machine.cores, pool_default             navigator.hardwareConcurrency and the pool's default size
//   throughput[k]                            words/s of a batch with k analysis workers (input words,
//                                            whitespace-split; drop to last file done), and
//                                            scaling = wps(k) / (k * wps(1))
//   cold_first_highlight_ms                  fresh browser context: navigation start -> first <mark>
//                                            of a file dropped as soon as the page is up
//   bytes                                    the build's assets (pkg/build.js): raw, gzip -9, brotli -q 11
//   memory[n]                                n articles with the default pool, sampled each second:
//                                            peak of the page's JS heap (CDP Performance.getMetrics
//                                            JSHeapUsedSize), of each wasm memory (the page's and each
//                                            worker's by its name: analysis workers, the corpus worker), their peak
//                                            sum, the renderer processes' peak proportional resident
//                                            memory (Linux /proc PSS, page and workers together), seconds taken, whether an
//                                            estimate of the time left was shown and whether the tab crashed
//   Only the memory runs: --articles 0 --workers '' (e.g. --memory 1000,10000); --memory-workers K
//   runs them with K analysis workers instead of the default.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, launch, makeTransfer, dropTransfer } from '../helpers.mjs';
import { articles } from '../pool_articles.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
// 1,000 articles by default: a batch of a few hundred lasts a few seconds, and the second
// worker's start (loading its model) then weighs on the scaling ratio (0.75 for 300 articles,
// 0.83 for 1,000, on the same machine).
const batch = Number(arg('--articles', '1000'));
const memoryCounts = arg('--memory', '1000,10000').split(',').filter(Boolean).map(Number);
const workerArg = arg('--workers', '1,2,N');
/** Analysis workers for the memory runs (default: the pool's default size). */
const memoryWorkers = Number(arg('--memory-workers', '0'));

const env = await launch();
const out = { machine: {}, throughput: {}, bytes: {}, memory: {} };

/** Opens a page in a fresh context with `?workers=k` (or the default) and waits for the model. */
async function open(k) {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await context.newPage();
  await page.goto(`${env.base}/${k ? `?workers=${k}` : ''}`);
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 120000 });
  return { context, page };
}

/** Drops `files` and waits until all are finished; returns seconds, words and the samples. */
async function run(page, files, sample) {
  const dt = await makeTransfer(page, files);
  const t0 = Date.now();
  let crashed = false;
  page.on('crash', () => { crashed = true; });
  let eta = false;
  await dropTransfer(page, dt);
  for (;;) {
    if (crashed) throw new Error(`the tab crashed after ${(Date.now() - t0) / 1000} s`);
    const s = await page.evaluate(() => {
      const p = document.querySelector('.batch-text');
      return { finished: Number(p?.dataset.finished), total: Number(p?.dataset.total), text: p?.textContent ?? '' };
    });
    eta ||= /left/.test(s.text);
    if (sample) await sample(s);
    if (s.total === files.length && s.finished === files.length) {
      const words = files.reduce((n, f) => n + f.bytes.toString('utf8').split(/\s+/).filter(Boolean).length, 0);
      return { seconds: (Date.now() - t0) / 1000, words, text: s.text, eta };
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** `[name, bytes]` of the wasm memory of the page and of each worker (by its name), plus the page's used JS heap. */
async function memoryNow(page, cdp) {
  const wasmOf = async (target) => target.evaluate(async () => {
    const base = self.location.href;
    const names = ['./pkg/entity_lens_worker.js', './pkg/entity_lens_web.js'];
    let bytes = 0;
    for (const n of names) {
      try {
        const m = await import(new URL(n, base).href);
        // Initialized already in this realm: init() returns the instance's exports at once.
        if (self.document ? n.includes('web') : n.includes('worker')) bytes += (await m.default()).memory.buffer.byteLength;
      } catch { /* not this realm's module */ }
    }
    return [self.name || 'page', bytes];
  }).catch(() => ['gone', 0]);
  const wasm = [await wasmOf(page)];
  for (const w of page.workers()) wasm.push(await wasmOf(w));
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  return { heap, wasm };
}

/** Proportional resident bytes (PSS) of the browser's renderer processes (Linux; 0 elsewhere). */
function rendererRss() {
  let total = 0;
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!cmd.includes('--type=renderer') || !cmd.includes(userDataDir)) continue;
        const rss = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/Pss:\s+(\d+) kB/);
        if (rss) total += Number(rss[1]) * 1024;
      } catch { /* gone */ }
    }
  } catch { /* no /proc */ }
  return total;
}
/** This browser's profile folder (its processes carry it on their command line). */
let userDataDir = '';

try {
  // Machine and the pool's default size.
  {
    const { context, page } = await open(0);
    out.machine.cores = await page.evaluate(() => navigator.hardwareConcurrency);
    out.pool_default = page.workers().length - 1;
    await context.close();
  }
  const sizes = batch > 0 ? workerArg.split(',').filter(Boolean).map((k) => (k === 'N' ? out.pool_default : Number(k))) : [];
  const files = articles(batch);
  for (const k of [...new Set(sizes)]) {
    const { context, page } = await open(k);
    // Warm-up: one file, so model loading is not counted.
    await run(page, articles(1).map((f) => ({ ...f, name: 'warm.txt' })));
    const r = await run(page, files);
    out.throughput[k] = { articles: files.length, words: r.words, seconds: r.seconds, words_per_second: Math.round(r.words / r.seconds) };
    await context.close();
  }
  const one = out.throughput[1]?.words_per_second;
  for (const [k, t] of Object.entries(out.throughput)) if (one) t.scaling = Number((t.words_per_second / (Number(k) * one)).toFixed(2));

  // Cold: a fresh context (no cache), the file dropped as soon as the page is up.
  {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${env.base}/`);
    await page.waitForSelector('body[data-ready="1"]');
    await dropTransfer(page, await makeTransfer(page, articles(1)));
    await page.waitForSelector('article[data-file] mark.entity', { timeout: 120000 });
    out.cold_first_highlight_ms = Date.now() - t0;
    await context.close();
  }

  // Bytes: the build's assets.
  const build = readFileSync(path.join(ROOT, 'pkg', 'build.js'), 'utf8');
  const assets = JSON.parse(build.match(/assets: (\[[\s\S]*?\])/)[1].replace(/,\s*\]/, ']'));
  let raw = 0; let gzip = 0; let brotli = 0;
  for (const a of assets) {
    const bytes = readFileSync(path.join(ROOT, a));
    raw += statSync(path.join(ROOT, a)).size;
    gzip += zlib.gzipSync(bytes, { level: 9 }).length;
    brotli += zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  out.bytes = { assets: assets.length, raw, gzip, brotli };

  // Memory at 1,000 and 10,000 articles (default pool).
  {
    const pid = env.browser.process?.()?.pid;
    const cmd = pid ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
    userDataDir = cmd.split('\0').find((a) => a.startsWith('--user-data-dir='))?.slice(16) ?? '--type=renderer';
  }
  for (const n of memoryCounts) {
    const { context, page } = await open(memoryWorkers);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const peak = { heap: 0, wasm: {}, total: 0, rss: 0 };
    let reported = 0;
    const t0 = Date.now();
    const sample = async (s) => {
      const m = await memoryNow(page, cdp);
      // Progress on stderr every 1,000 files: a run stopped early still tells how memory grows.
      if (s && s.finished >= reported + 1000) {
        reported = s.finished - (s.finished % 1000);
        console.error(JSON.stringify({ n, finished: s.finished, seconds: (Date.now() - t0) / 1000, eta: s.text,
          heap_mib: Math.round(m.heap / 1048576), wasm_mib: Object.fromEntries(m.wasm.map(([k, b]) => [k, Math.round(b / 1048576)])),
          renderer_pss_mib: Math.round(rendererRss() / 1048576) }));
      }
      peak.heap = Math.max(peak.heap, m.heap);
      for (const [name, b] of m.wasm) peak.wasm[name] = Math.max(peak.wasm[name] ?? 0, b);
      peak.total = Math.max(peak.total, m.heap + m.wasm.reduce((a, [, b]) => a + b, 0));
      peak.rss = Math.max(peak.rss, rendererRss());
    };
    const r = await run(page, articles(n), sample);
    await sample();
    const mib = (b) => Math.round(b / 1048576);
    out.memory[n] = {
      workers: memoryWorkers || out.pool_default,
      seconds: r.seconds, words: r.words, words_per_second: Math.round(r.words / r.seconds),
      eta_shown: r.eta, crashed: false,
      peak_js_heap_mib: mib(peak.heap), peak_wasm_mib: Object.fromEntries(Object.entries(peak.wasm).filter(([k]) => k !== 'gone').map(([k, b]) => [k, mib(b)])),
      peak_heap_plus_wasm_mib: mib(peak.total), peak_renderer_pss_mib: mib(peak.rss),
    };
    await context.close();
    console.error(JSON.stringify({ [n]: out.memory[n] }));
  }
  console.log(JSON.stringify(out, null, 2));
} finally {
  await env.close();
}
