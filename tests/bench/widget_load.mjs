// Benchmark (not a test): what an <entity-lens> host page costs its visitors.
//
//   node tests/bench/widget_load.mjs [--runs N]      (after `cargo xtask build`)
//
// For 1, 2 and 5 widgets below the fold of a host page on another origin than the assets, each
// run in a fresh browser context (cold cache):
// - bytes downloaded from the assets before the first widget is visible (raw, gzip -9, brotli
//   quality 11 as a CDN's static compression), and after it, until highlighted (the 10 MB worker
//   wasm compressed at brotli 5: quality 11 takes a minute on it);
// - milliseconds from "scrolled into view" to "every widget highlighted" (median of the runs).
// The peer measured in the same run: the standalone page (index.html), cold, from navigation to
// "recognizer ready"; the ratio says what a widget adds to the model's own load.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { ROOT, launchOrigins, openHost } from '../helpers.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const TEXTS = [
  'Angela Merkel met Emmanuel Macron in Paris on Monday.',
  'Kenneth Griffin gave $25 million to the Art Institute of Chicago.',
  'Foreign ministers from Niger and Chad met in Niamey on Tuesday.',
  'The Sydney Harbour Bridge closed as winds swept across New South Wales.',
  'Olaf Scholz flew to Warsaw to meet Donald Tusk.',
];
const COUNTS = [1, 2, 5];

const page = (n) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="host.css"><script type="module" src="ASSETS/widget.js"></script></head><body>
<div class="spacer">A research site's page: the widgets are below the fold.</div>
${TEXTS.slice(0, n).map((t, i) => `<entity-lens id="w${i}" text="${t}"></entity-lens>`).join('\n')}
</body></html>`;
const pages = { 'host.css': '.spacer { height: 3000px; }' };
for (const n of COUNTS) pages[`w${n}.html`] = page(n);

const sizes = new Map();
/** {raw, gzip, brotli} of an asset (its file under the repo root). */
function sizeOf(url) {
  const file = path.join(ROOT, decodeURIComponent(new URL(url).pathname));
  if (!sizes.has(file)) {
    const bytes = readFileSync(file);
    const quality = bytes.length > 2_000_000 ? 5 : 11;
    sizes.set(file, {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }).length,
    });
  }
  return sizes.get(file);
}

const sum = (urls) => urls.map(sizeOf).reduce((a, s) => ({
  raw: a.raw + s.raw, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli,
}), { raw: 0, gzip: 0, brotli: 0 });
const kb = (s) => `${(s.raw / 1024).toFixed(1)} KB raw, ${(s.gzip / 1024).toFixed(1)} KB gzip, ${(s.brotli / 1024).toFixed(1)} KB brotli`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const env = await launchOrigins([{ pages }]);
try {
  // The peer: the standalone page, cold, navigation → recognizer ready.
  const peer = [];
  for (let r = 0; r < runs; r++) {
    const context = await env.browser.newContext();
    const p = await context.newPage();
    const t0 = Date.now();
    await p.goto(`${env.assets}/index.html`);
    await p.waitForSelector('.model-status[data-model="ready"]', { timeout: 120000 });
    peer.push(Date.now() - t0);
    await context.close();
  }
  console.log(`peer: the standalone page, cold, navigation → recognizer ready: median ${median(peer)} ms (${peer.join(', ')})`);

  for (const n of COUNTS) {
    const times = [];
    let before = [];
    let after = [];
    for (let r = 0; r < runs; r++) {
      const { page: p, context, errors, requests } = await openHost(env.browser, `${env.hosts[0]}/w${n}.html`, { height: 800 });
      await p.waitForLoadState('networkidle');
      await p.waitForTimeout(300);
      const seen = requests.length;
      const ms = await p.evaluate((n) => new Promise((resolve) => {
        const widgets = Array.from({ length: n }, (_, i) => document.getElementById(`w${i}`));
        const t0 = performance.now();
        widgets[0].scrollIntoView();
        const check = () => {
          if (widgets.every((w) => w.shadowRoot.querySelector('mark.entity'))) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        };
        check();
      }), n);
      const fromAssets = (urls) => [...new Set(urls.filter((u) => u.startsWith(`${env.assets}/`)).map((u) => u.split('?')[0]))];
      before = fromAssets(requests.slice(0, seen));
      after = fromAssets(requests.slice(seen)).filter((u) => !before.includes(u));
      times.push(Math.round(ms));
      if (errors.length) console.log(`  errors: ${errors.join('; ')}`);
      await context.close();
    }
    const m = median(times);
    console.log(`${n} widget${n > 1 ? 's' : ''}: before the first is visible ${kb(sum(before))} `
      + `(${before.map((u) => new URL(u).pathname).join(', ')}); visible → highlighted ${kb(sum(after))}; `
      + `visible → all highlighted (cold cache): median ${m} ms (${times.join(', ')}), ${(m / median(peer)).toFixed(2)}× the peer`);
  }
} finally {
  await env.close();
}
