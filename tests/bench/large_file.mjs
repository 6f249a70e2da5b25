// Benchmark (not a test) of one long text in the page, in headless Chromium: BBC News stories
// (../shared/data/bbc-news, else the fixtures) joined by blank lines, repeated in a fixed order
// up to the size asked, dropped as one file with one analysis worker:
//   node tests/bench/large_file.mjs [--mib 30] [--workers 1]
// Prints one JSON object:
//   bytes, words                   the text (words: whitespace-split)
//   seconds                        drop to the row done (the view and record arrived)
//   words_per_second               words / seconds
//   words_analysed(_per_second)    the same for the text cleanup kept (the batch line's words)
//   progress_messages              distinct percentages the row showed while analysing
//   worker_wasm_mib                each worker's wasm memory after the run, by its name (wasm
//                                  memory never shrinks: this is its peak)
//   page_wasm_mib, page_heap_mib   the page's wasm memory, and its JS heap (CDP JSHeapUsedSize,
//                                  peak of the samples taken each second)
//   open_ms, longest_task_ms       opening the article in the reader: click to its first part
//                                  complete, and the longest main-thread task meanwhile
//   longest_task_during_run_ms     the longest main-thread task from the drop to the row done
//   arrival_long_tasks             main-thread tasks over 50 ms in the 2 s before the row turned
//                                  done and the second after it (the result's arrival):
//                                  [ms before (-) or after the row turned done, duration ms]
//   open_long_tasks                the same for opening the article ([ms after the click, ms])
//   options: --no-open             skip opening the article
//            --profile N           print the page's N functions of most self time (CPU profile
//                                  from 95% analysed to a second after opening, idle left out)
import { ROOT, launch } from '../helpers.mjs';
import { articles } from '../pool_articles.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const bytes = Number(arg('--mib', '30')) * 1024 * 1024;
const workers = Number(arg('--workers', '1'));
void ROOT;

/** Stories joined by blank lines, repeated until `n` bytes; each round's paragraphs open with
 * their own word (cleanup drops exact repeats of a paragraph, as a copied block). */
function longText(n) {
  const stories = articles(2225).map((f) => f.bytes.toString('utf8').trim());
  const rounds = ['', 'Monday: ', 'Tuesday: ', 'Wednesday: ', 'Thursday: ', 'Friday: ', 'Saturday: ',
    'Sunday: ', 'Later: ', 'Update: ', 'Again: ', 'Meanwhile: '];
  const parts = [];
  let size = 0;
  for (let i = 0; size < n; i++) {
    const lead = rounds[Math.floor(i / stories.length) % rounds.length];
    const s = stories[i % stories.length].split(/\n\s*\n/).map((p) => lead + p.trim()).join('\n\n');
    parts.push(s);
    size += Buffer.byteLength(s) + 2;
  }
  return `${parts.join('\n\n')}\n`;
}

const env = await launch();
const mib = (b) => Math.round(b / 1048576);
try {
  const text = longText(bytes);
  const out = { bytes: Buffer.byteLength(text), words: text.split(/\s+/).filter(Boolean).length };
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await context.newPage();
  await page.goto(`${env.base}/?workers=${workers}`);
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 120000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  await page.evaluate(() => {
    window.longest = 0;
    window.tasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        window.longest = Math.max(window.longest, e.duration);
        window.tasks.push([e.startTime, e.duration]);
      }
    }).observe({ type: 'longtask' });
    // When the long text's row turns done (the result arrived and was applied).
    new MutationObserver(() => {
      const li = document.querySelector('li.file[data-file="year-of-news.txt"]');
      if (li?.dataset.state === 'done' && window.doneAt === undefined) window.doneAt = performance.now();
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true });
  });
  const around = (at, before, after) => page.evaluate(({ at, before, after }) => {
    const t = at ?? window.doneAt ?? 0;
    return window.tasks.filter(([s, d]) => s + d >= t - before && s <= t + after)
      .map(([s, d]) => [Math.round(s - t), Math.round(d)]);
  }, { at, before, after });
  const dt = await page.evaluateHandle((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'year-of-news.txt', { type: 'text/plain' }));
    return dt;
  }, text);
  const profileTop = Number(arg('--profile', '0'));
  let profiling = false;
  if (profileTop) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  }
  const t0 = Date.now();
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('body', type, { dataTransfer: dt });
  const seen = new Set();
  let peakHeap = 0;
  let state = '';
  for (;;) {
    const s = await page.evaluate(() => {
      const li = document.querySelector('li.file[data-file="year-of-news.txt"]');
      return { state: li?.dataset.state, label: li?.querySelector('.state')?.textContent ?? '',
        alert: li?.querySelector('[role="alert"]')?.textContent ?? '' };
    });
    const m = s.label.match(/(\d+)%/);
    if (m) seen.add(Number(m[1]));
    if (profileTop && !profiling && m && Number(m[1]) >= 95) {
      profiling = true;
      await cdp.send('Profiler.start');
    }
    peakHeap = Math.max(peakHeap, await heap());
    state = s.state;
    if (state === 'done' || state === 'error') {
      if (state === 'error') out.error = s.alert;
      break;
    }
    if (Date.now() - t0 > 30 * 60 * 1000) throw new Error('not done after 30 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
  out.seconds = (Date.now() - t0) / 1000;
  // Words of the text as analysed (after cleanup), from the batch line.
  const line = await page.locator('.batch-text').innerText();
  out.words_analysed = Number(line.match(/([\d,]+) words in/)?.[1].replaceAll(',', '') ?? 0);
  out.words_analysed_per_second = Math.round(out.words_analysed / out.seconds);
  out.words_per_second = Math.round(out.words / out.seconds);
  out.progress_messages = [...seen].sort((a, b) => a - b);
  out.longest_task_during_run_ms = Math.round(await page.evaluate(() => window.longest));
  await new Promise((r) => setTimeout(r, 1000));
  out.arrival_long_tasks = await around(null, 2000, 1000);
  const wasmOf = (target) => target.evaluate(async () => {
    const names = ['./pkg/entity_lens_worker.js', './pkg/entity_lens_web.js'];
    let total = 0;
    for (const n of names) {
      try {
        const m = await import(new URL(n, self.location.href).href);
        if (self.document ? n.includes('web') : n.includes('worker')) total += (await m.default()).memory.buffer.byteLength;
      } catch { /* not this realm's module */ }
    }
    return [self.name || 'page', total];
  });
  out.worker_wasm_mib = {};
  for (const w of page.workers()) {
    const [name, b] = await wasmOf(w);
    out.worker_wasm_mib[name] = mib(b);
  }
  out.page_wasm_mib = mib((await wasmOf(page))[1]);
  out.page_heap_mib = mib(Math.max(peakHeap, await heap()));
  if (state === 'done' && !args.includes('--no-open')) {
    await page.evaluate(() => { window.longest = 0; });
    const clickAt = await page.evaluate(() => performance.now());
    const t1 = Date.now();
    await page.locator('li.file[data-file="year-of-news.txt"] button.open').click();
    await page.waitForSelector('article[data-file="year-of-news.txt"]:not([aria-busy])', { timeout: 300000 });
    out.open_ms = Date.now() - t1;
    out.parts = await page.locator('nav.article-sections').count()
      ? Number(await page.locator('nav.article-sections').getAttribute('data-sections')) : 1;
    await new Promise((r) => setTimeout(r, 1000));
    out.longest_task_ms = Math.round(await page.evaluate(() => window.longest));
    out.open_long_tasks = await around(clickAt, 0, 60000);
    out.page_heap_mib = Math.max(out.page_heap_mib, mib(await heap()));
  }
  if (profileTop) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map(profile.nodes.map((n) => [n.id, 0]));
    profile.samples.forEach((id, i) => self.set(id, self.get(id) + (profile.timeDeltas[i] ?? 0)));
    const byName = new Map();
    for (const n of profile.nodes) {
      const f = n.callFrame;
      if (['(idle)', '(program)', '(root)'].includes(f.functionName)) continue;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
      byName.set(key, (byName.get(key) ?? 0) + self.get(n.id));
    }
    out.profile_self_ms = [...byName].sort((a, b) => b[1] - a[1]).slice(0, profileTop)
      .map(([k, us]) => `${(us / 1000).toFixed(1)} ${k}`);
    // The callers of the 5 heaviest nodes (short names).
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
    const short = (n) => (n.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '').slice(-60);
    out.profile_stacks = profile.nodes.filter((n) => !['(idle)', '(program)', '(root)', '(garbage collector)'].includes(n.callFrame.functionName))
      .sort((a, b) => self.get(b.id) - self.get(a.id)).slice(0, 6).map((n) => {
        const chain = [];
        for (let p = n; p && chain.length < 12; p = parent.get(p.id)) chain.push(short(p));
        return `${(self.get(n.id) / 1000).toFixed(1)} ms: ${chain.join(' < ')}`;
      });
  }
  out.progress_messages = out.progress_messages.length;
  console.log(JSON.stringify(out, null, 1));
  await context.close();
} finally {
  await env.close();
}
