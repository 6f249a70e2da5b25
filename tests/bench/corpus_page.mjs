// Benchmark of the corpus views in headless Chromium (issue 9): how the entity table scrolls and
// how the network view animates on a real corpus. Not a test: it prints numbers.
//   node tests/bench/corpus_page.mjs [DIR] [--limit N]
//   node tests/bench/corpus_page.mjs --generate N [--names-per-article K]
// DIR (default ../shared/data/bbc-news) is read recursively for .txt files; the first N (default:
// all) are dropped on the page and analysed by its worker(s). With --generate, N short articles
// are made up instead, each naming K (default 24) people and places no other article names
// (full names from fixed lists of first names and English-looking surnames, towns from syllables):
// a corpus of about N*K distinct entities (issue 9: the entity table with 20,000 rows), cheap to
// analyse. Then:
//   idle_frames         frame intervals of the page doing nothing: the floor on this machine
//   entities            rows of the entity table (all labels)
//   table_scroll        frame intervals (ms) while the table is scrolled top to bottom, one scroll
//                       step per animation frame: median, p95, max, and frames over 50 ms
//   network             nodes and edges shown (scope "article", minimum weight 1: the densest view)
//   network_drag        frame intervals while a node is dragged in circles (layout, edges follow)
//   network_zoom        frame intervals while the wheel zooms in and out
// Frame intervals are measured inside the page with requestAnimationFrame; headless Chromium runs
// frames at up to 60 per second, so 16.7 ms is the floor.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, launch, openPage, dropFiles, waitBatch } from '../helpers.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const limit = flag('--limit') ?? Infinity;
const generate = flag('--generate');
const perArticle = flag('--names-per-article') ?? 24;
const dirArg = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const dir = path.resolve(dirArg || path.join(ROOT, '..', 'shared', 'data', 'bbc-news'));
if (!generate && !existsSync(dir)) {
  console.error(`no such folder: ${dir}`);
  process.exit(2);
}

/** `n` made-up articles, each naming `k` people (and a few towns) that no other one names. */
function generated(n, k) {
  const first = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William',
    'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles',
    'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Paul', 'Emily',
    'Steven', 'Helen', 'Andrew', 'Rachel', 'Peter', 'Laura', 'George', 'Anna', 'Simon', 'Claire',
    'Edward', 'Alice', 'Henry', 'Grace', 'Oliver', 'Lucy', 'Samuel', 'Ruth', 'Martin', 'Julia'];
  const head = ['Ash', 'Brad', 'Carl', 'Dun', 'Ell', 'Fair', 'Gold', 'Hart', 'Ing', 'Kel', 'Lang', 'Mar',
    'North', 'Oak', 'Pem', 'Rad', 'Stan', 'Thorn', 'Up', 'Wal', 'Whit', 'Brom', 'Crans', 'Holl'];
  const tail = ['ford', 'ley', 'ton', 'wood', 'field', 'by', 'worth', 'ham', 'well', 'more', 'ridge',
    'stead', 'combe', 'bury', 'wick', 'dale', 'hurst', 'mere', 'shaw', 'brook'];
  const surnames = head.flatMap((h) => tail.map((t) => h + t));
  const towns = ['Kel', 'Mor', 'Bran', 'Tud', 'Wex', 'Lin', 'Har', 'Pol'].flatMap((a) =>
    ['chester', 'mouth', 'borough', 'minster', 'caster', 'port'].map((b) => a + b));
  const says = [
    (p, t) => `${p}, who lives in ${t}, said the plan would cost more than expected.`,
    (p) => `The report was welcomed by ${p}, a spokesman for the council.`,
    (p, t) => `${p} told reporters in ${t} that talks would go on next week.`,
    (p) => `Speaking on Tuesday, ${p} said the decision was a mistake.`,
    (p) => `According to ${p}, the company had known about the problem for months.`,
    (p, t) => `Later, ${p} travelled to ${t} to meet local officials.`,
  ];
  const out = [];
  let person = 0;
  for (let i = 0; i < n; i++) {
    const lines = [`Local talks continue (${i + 1})`, ''];
    for (let j = 0; j < k; j++, person++) {
      // Each full name once in the corpus: surname by the person's number, first name cycling.
      const name = `${first[person % first.length]} ${surnames[Math.floor(person / first.length) % surnames.length]}`;
      const town = towns[(person * 7) % towns.length];
      lines.push(says[j % says.length](name, town));
    }
    out.push({ name: `generated-${String(i + 1).padStart(5, '0')}.txt`, bytes: Buffer.from(lines.join('\n'), 'utf8') });
  }
  return out;
}

function walk(d) {
  return readdirSync(d).sort().flatMap((n) => {
    const p = path.join(d, n);
    return statSync(p).isDirectory() ? walk(p) : n.endsWith('.txt') ? [p] : [];
  });
}
// Names are made unique (the corpus has the same file name in several folders).
const files = generate ? generated(generate, perArticle) : walk(dir).slice(0, limit).map((p) => ({
  name: path.relative(dir, p).replaceAll(path.sep, '-'),
  bytes: readFileSync(p),
}));

/** Summary of frame intervals. */
function stats(intervals) {
  const s = [...intervals].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const r = (x) => Math.round(x * 10) / 10;
  return {
    frames: s.length,
    median_ms: r(at(0.5)),
    p95_ms: r(at(0.95)),
    max_ms: r(s[s.length - 1] ?? 0),
    over_50ms: s.filter((x) => x > 50).length,
  };
}

/** Scrolls `.entity-scroll` to the bottom in `frames` steps, one per animation frame; returns the
 * frame intervals. */
async function scrollFrames(page, frames) {
  return page.evaluate(async (frames) => {
    const el = document.querySelector('.entity-scroll');
    const step = el.scrollHeight / frames;
    const intervals = [];
    let last = performance.now();
    for (let i = 0; i < frames; i++) {
      el.scrollTop = (i + 1) * step;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      intervals.push(now - last);
      last = now;
    }
    return intervals;
  }, frames);
}

const env = await launch();
try {
  const { page } = await openPage(env.browser, env.base);
  const t0 = Date.now();
  // Drop in slices (one DataTransfer of thousands of files is built in the page's memory).
  for (let i = 0; i < files.length; i += 250) await dropFiles(page, files.slice(i, i + 250));
  // The file list is virtualized: the progress line counts the batch.
  const line = await waitBatch(page, files.length);
  const analysedS = (Date.now() - t0) / 1000;

  await page.locator('.tabs button.tab[data-tab="entities"]').click();
  await page.locator('.entity-scroll .entity-row[data-entity]').first().waitFor({ timeout: 120000 });
  const entities = Number((await page.locator('.row-count').innerText()).match(/of (\d+)/)?.[1] ?? 0);
  // Baseline: frames of the same page doing nothing (what this machine's load allows).
  const idle = await page.evaluate(async () => {
    const intervals = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      intervals.push(now - last);
      last = now;
    }
    return intervals;
  });
  const table = await scrollFrames(page, 300);
  const rowsInDom = await page.locator('.entity-scroll .entity-row[data-entity]').count();

  await page.locator('.tabs button.tab[data-tab="network"]').click();
  await page.locator('select.scope').selectOption('article');
  await page.locator('svg.graph g.node').first().waitFor({ timeout: 120000 });
  const edgeCount = () => page.evaluate(() => Number(document.querySelector('svg.graph g.edges')?.dataset.count ?? 0));
  // The densest view with at most 5,000 edges (the size): raise the minimum weight.
  let minWeight = 1;
  await page.waitForTimeout(1000);
  while ((await edgeCount()) > 5000 && minWeight < 20) {
    minWeight += 1;
    await page.locator('input.min-weight').fill(String(minWeight));
    await page.waitForTimeout(1500);
  }
  const nodes = await page.locator('svg.graph g.node').count();
  const edges = await edgeCount();
  // Pointer and wheel events dispatched inside the page, one per animation frame (no round trip
  // to the harness per frame).
  const network = (mode) => page.evaluate(async (mode) => {
    const svg = document.querySelector('svg.graph');
    const node = svg.querySelector('g.node');
    const r = node.querySelector('circle').getBoundingClientRect();
    const cx = r.x + r.width / 2;
    const cy = r.y + r.height / 2;
    const at = (x, y) => ({ clientX: x, clientY: y, bubbles: true, pointerId: 1, isPrimary: true });
    if (mode === 'drag') node.dispatchEvent(new PointerEvent('pointerdown', at(cx, cy)));
    const intervals = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      const a = (i / 30) * Math.PI;
      if (mode === 'drag') {
        svg.dispatchEvent(new PointerEvent('pointermove', at(cx + 80 * Math.cos(a), cy + 80 * Math.sin(a))));
      } else {
        svg.dispatchEvent(new WheelEvent('wheel', { clientX: cx, clientY: cy, deltaY: i % 40 < 20 ? -60 : 60, bubbles: true, cancelable: true }));
      }
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      intervals.push(now - last);
      last = now;
    }
    if (mode === 'drag') svg.dispatchEvent(new PointerEvent('pointerup', at(cx, cy)));
    return intervals;
  }, mode);
  const drag = await network('drag');
  const zoom = await network('zoom');

  console.log(JSON.stringify({
    articles: files.length,
    progress_line: line,
    analysed_seconds: analysedS,
    entities,
    idle_frames: stats(idle),
    table_rows_in_dom: rowsInDom,
    table_scroll: stats(table),
    network: { nodes, edges, min_weight: minWeight },
    network_drag: stats(drag),
    network_zoom: stats(zoom),
  }, null, 2));
} finally {
  await env.close();
}
