// Diagnosis (not a test) of the page's main thread while a batch is analysed, in headless
// Chromium: a long-task observer plus Chromium's sampling profiler (CDP `Profiler`).
//   node tests/bench/page_longtasks.mjs [--articles 300] [--open 3] [--top 25] [--seconds S] [--trace [--task-ms 50]]
// Drops `--articles` generated articles (tests/pool_articles.mjs), then, once they are done,
// opens `--open` of them one after another. Prints the long tasks (>= 50 ms) the observer saw
// and, for every stretch of the profile where the main thread was busy for 40 ms or more, the
// functions taking the most time in it (self and total), so that what makes a task long is named.
import { launch, makeTransfer, dropTransfer } from '../helpers.mjs';
import { articles } from '../pool_articles.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const n = Number(arg('--articles', '300'));
const opens = Number(arg('--open', '3'));
/** With `--seconds S`: stop watching the batch after S seconds (the drop's first tasks only). */
const seconds = Number(arg('--seconds', 'Infinity'));
const top = Number(arg('--top', '25'));
/** With `--trace`: a Chromium trace too (slows the page), its tasks of `--task-ms` or more broken down. */
const trace = args.includes('--trace');
/** Tasks shown from the trace (`--task-ms`, default 50). */
const MIN_TASK_US = Number(arg('--task-ms', '50')) * 1000;

/**
 * Prints every main-thread task of 50 ms or more in a Chromium trace with what it spent its time
 * on: the task's direct children by name (script, style, layout, GC...).
 */
function tasksOf(events) {
  const found = [];
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e);
  }
  for (const [k, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const tasks = list.filter((e) => e.name === 'RunTask' && e.dur >= MIN_TASK_US);
    if (tasks.length === 0) continue;
    console.log(`# thread ${k}: ${tasks.length} tasks >= ${MIN_TASK_US / 1000} ms`);
    for (const t of tasks) {
      const inside = list.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
      const sums = new Map();
      for (const e of inside) {
        let what = e.name;
        if (e.name === 'FunctionCall' || e.name === 'TimerFire' || e.name === 'EventDispatch') {
          const d = e.args?.data ?? {};
          what += ` ${d.functionName ?? d.type ?? ''} ${(d.url ?? '').split('/').pop()}:${d.lineNumber ?? ''}`;
        }
        sums.set(what, (sums.get(what) ?? 0) + e.dur / 1000);
      }
      const parts = [...sums].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, ms]) => `${n}=${ms.toFixed(1)}`).join('; ');
      // `tdur`: the thread's CPU time in the task; far below the wall time, the thread waited
      // for a core (other processes' load), it did not work.
      const cpu = t.tdur === undefined ? '' : ` (cpu ${(t.tdur / 1000).toFixed(1)} ms)`;
      console.log(`  ${(t.dur / 1000).toFixed(1)} ms${cpu} at ${(t.ts / 1e6).toFixed(2)}: ${parts}`);
      found.push({ ts: t.ts, dur: t.dur, tdur: t.tdur });
    }
  }
  return found;
}

const env = await launch();
try {
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 950 } });
  await page.goto(`${env.base}/`);
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 120000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const dt = await makeTransfer(page, articles(n));
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ at: Math.round(e.startTime), ms: Math.round(e.duration) });
    }).observe({ type: 'longtask' });
  });
  await cdp.send('Profiler.start');
  if (trace) await env.browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const t0 = Date.now();
  await dropTransfer(page, dt);
  for (;;) {
    const s = await page.evaluate(() => {
      const p = document.querySelector('.batch-text');
      return { finished: Number(p?.dataset.finished), total: Number(p?.dataset.total) };
    });
    if (s.total === n && s.finished === n) break;
    if (Date.now() - t0 > seconds * 1000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const batchSeconds = (Date.now() - t0) / 1000;
  // Cut short by --seconds: the articles to open may not be analysed yet.
  const finished = await page.evaluate(() => Number(document.querySelector('.batch-text')?.dataset.finished));
  const toOpen = finished === n ? opens : 0;
  const duringBatch = await page.evaluate(() => window.__longTasks.length);
  // Opening articles one after another (the list's buttons).
  for (let i = 0; i < toOpen; i++) {
    const name = `article-${String(2 + ((i * 7) % (n - 1))).padStart(4, "0")}.txt`;
    await page.locator('li.file button.open', { hasText: name }).first().click();
    await page.waitForSelector(`article[data-file="${name}"]`);
    await page.waitForTimeout(300);
  }
  const { profile } = await cdp.send('Profiler.stop');
  let traced = [];
  if (trace) {
    const events = JSON.parse((await env.browser.stopTracing()).toString('utf8'));
    traced = tasksOf(events.traceEvents ?? events);
  }
  const longTasks = await page.evaluate(() => window.__longTasks);
  console.log(`# ${n} articles in ${batchSeconds.toFixed(1)} s; long tasks during the batch: ${JSON.stringify(longTasks.slice(0, duringBatch))}`);
  console.log(`# long tasks while opening ${toOpen} articles: ${JSON.stringify(longTasks.slice(duringBatch))}`);

  // Busy stretches of the profile: consecutive samples that are not idle.
  const nodes = new Map(profile.nodes.map((nd) => [nd.id, nd]));
  const parent = new Map();
  for (const nd of profile.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id);
  const name = (nd) => {
    const f = nd.callFrame;
    return f.functionName || (f.url ? `(anonymous ${f.url.split('/').pop()}:${f.lineNumber})` : '(anonymous)');
  };
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => {
    t += profile.timeDeltas[i];
    return { id, t };
  });
  const stretches = [];
  let cur = null;
  for (let i = 0; i < samples.length; i++) {
    const nd = nodes.get(samples[i].id);
    const idle = nd.callFrame.functionName === '(idle)';
    if (!idle) {
      if (!cur) cur = { from: i, to: i };
      else cur.to = i;
    } else if (cur) {
      stretches.push(cur);
      cur = null;
    }
  }
  if (cur) stretches.push(cur);
  const long = stretches
    .map((s) => ({ ...s, ms: (samples[s.to].t - samples[s.from].t) / 1000 }))
    .filter((s) => s.ms >= 40);
  console.log(`# busy stretches >= 40 ms in the profile: ${long.length} (${long.map((s) => Math.round(s.ms)).join(', ')})`);
  const selfTime = new Map();
  const totalTime = new Map();
  for (const s of long) {
    for (let i = s.from; i <= s.to; i++) {
      const dtMs = (samples[Math.min(i + 1, samples.length - 1)].t - samples[i].t) / 1000;
      const leaf = nodes.get(samples[i].id);
      selfTime.set(name(leaf), (selfTime.get(name(leaf)) ?? 0) + dtMs);
      const seen = new Set();
      for (let id = samples[i].id; id !== undefined; id = parent.get(id)) {
        const nm = name(nodes.get(id));
        if (seen.has(nm)) continue;
        seen.add(nm);
        totalTime.set(nm, (totalTime.get(nm) ?? 0) + dtMs);
      }
    }
  }
  const show = (m, count = top) => [...m].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k.slice(0, 160)}`).join('\n');
  // Each traced task's samples (the profile and the trace share Chromium's clock, in µs): the
  // functions it spent its time in, and the page's own ones among their callers.
  const OWN = /entity_lens|store\.js|intake\.js|tachys::|reactive_graph::|leptos/;
  for (const task of traced) {
    const self = new Map();
    const own = new Map();
    let sampled = 0;
    for (let i = 0; i < samples.length - 1; i++) {
      if (samples[i].t < task.ts || samples[i].t > task.ts + task.dur) continue;
      const dtMs = (samples[i + 1].t - samples[i].t) / 1000;
      sampled += dtMs;
      const leaf = nodes.get(samples[i].id);
      self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dtMs);
      const seen = new Set();
      for (let id = samples[i].id; id !== undefined; id = parent.get(id)) {
        const nm = name(nodes.get(id));
        if (seen.has(nm) || !OWN.test(nm)) continue;
        seen.add(nm);
        own.set(nm, (own.get(nm) ?? 0) + dtMs);
      }
    }
    const cpu = task.tdur === undefined ? '' : ` (cpu ${(task.tdur / 1000).toFixed(1)} ms)`;
    console.log(`# task of ${(task.dur / 1000).toFixed(1)} ms${cpu} at ${((task.ts - profile.startTime) / 1e6).toFixed(2)} s (${sampled.toFixed(1)} ms sampled); self:\n${show(self, 10)}\n  page's own (total):\n${show(own, 14)}`);
  }
  console.log(`# self time in those stretches:\n${show(selfTime)}`);
  console.log(`# total time in those stretches:\n${show(totalTime)}`);
  const ours = new Map([...totalTime].filter(([k]) => /entity_lens|tachys|reactive_graph|store\.js|Layout|postMessage|put/.test(k)));
  console.log(`# of which in the page's own code:\n${show(ours)}`);
} finally {
  await env.close();
}
