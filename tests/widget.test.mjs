// Browser tests of the <entity-lens> widget (widget.js): host pages on other origins than the
// widget's assets, hostile host CSS, the exact Content-Security-Policy the README gives hosts,
// events, live attributes, the corpus view, one worker pool for many widgets (Worker
// constructions and terminations counted), laziness.
// Run with `node --test tests/widget.test.mjs` after `cargo xtask build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { ROOT, FIXTURES, HOST_CSP, launchOrigins, openHost, makeTransfer } from './helpers.mjs';



// Code points outside the BMP and a combining mark before the entities: offsets are code points.
const TEXT_1 = 'Prices rose 5 € 😀 and cafe\u0301 owners complained. Angela Merkel met Emmanuel Macron in Paris on Monday.';
const TEXT_2 = 'Kenneth Griffin gave $25 million to the Art Institute of Chicago, Claude Monet fans said in London.';

const HOSTILE_CSS = `* { all: unset; }
mark { display: none !important; }
h1.host-title { color: rgb(200, 0, 0); font-size: 31px; display: block; }
p.host-text { color: rgb(0, 90, 0); display: block; }
`;

// Records what reaches the host document (a file: the CSP page forbids inline scripts).
const HOST_JS = `window.__analyzed = [];
window.__errors = [];
window.__violations = [];
document.addEventListener('analyzed', (e) => window.__analyzed.push({ id: e.target.id, detail: e.detail }));
document.addEventListener('error', (e) => { if (e.detail) window.__errors.push({ id: e.target.id, message: e.detail.message }); });
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
// Counts service worker registrations (this module runs before widget.js).
window.__serviceWorkers = [];
if (navigator.serviceWorker) {
  const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
  navigator.serviceWorker.register = (url, options) => { window.__serviceWorkers.push(String(url)); return register(url, options); };
}
`;

const attr = (s) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

function hostPage({ widget = true } = {}) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A research site</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="host.css">
<script type="module" src="host.js"></script>
${widget ? '<script type="module" src="ASSETS/widget.js"></script>' : ''}
</head><body>
<h1 class="host-title">Reading the news</h1>
<p class="host-text">Our corpus, with its entities. <mark id="host-mark">a host mark</mark></p>
<entity-lens id="w1" text="${attr(TEXT_1)}"></entity-lens>
<entity-lens id="w2" text="${attr(TEXT_2)}" labels="PERSON,ORG" entities="raw" views="reader" theme="dark"></entity-lens>
<entity-lens id="w3" src="articles/harbor-bridge.txt"></entity-lens>
</body></html>`;
}

const article = readFileSync(path.join(FIXTURES, 'harbor-bridge.txt'));
const lazyPage = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="lazy.css">
<script type="module" src="ASSETS/widget.js"></script></head><body>
<div class="spacer">Scroll down</div>
<entity-lens id="far" text="${attr(TEXT_1)}"></entity-lens></body></html>`;
// Counts the page's Worker constructions and terminations by worker name (a classic script, so
// it runs before the widget's modules).
const COUNT_JS = `window.__workers = { made: [], ended: [] };
const NativeWorker = window.Worker;
window.Worker = class CountingWorker extends NativeWorker {
  constructor(url, options) {
    super(url, options);
    this.countedName = options?.name ?? '';
    window.__workers.made.push(this.countedName);
  }
  terminate() {
    window.__workers.ended.push(this.countedName);
    super.terminate();
  }
};
`;
const twicePage = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="count.js"></script>
<script type="module" src="ASSETS/widget.js"></script>
<script type="module" src="ASSETS/widget.js?copy=2"></script></head><body></body></html>`;

const pages = {
  'host.css': HOSTILE_CSS, 'host.js': HOST_JS, 'count.js': COUNT_JS, 'index.html': hostPage(),
  'plain.html': hostPage({ widget: false }), 'articles/harbor-bridge.txt': article,
  'lazy.html': lazyPage, 'lazy.css': '.spacer { height: 3000px; }', 'twice.html': twicePage,
  'drop.html': `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="host.js"></script>
<script type="module" src="ASSETS/widget.js"></script></head><body>
<entity-lens id="dropper" drop></entity-lens><entity-lens id="closed" text="Rome is old."></entity-lens></body></html>`,
  'corpus.html': `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="count.js"></script><script type="module" src="host.js"></script>
<script type="module" src="ASSETS/widget.js"></script></head><body>
<entity-lens id="lab" views="reader,entities,corpus" drop></entity-lens>
<entity-lens id="single" views="reader" drop text="${attr(TEXT_2)}"></entity-lens></body></html>`,
  'missing.html': `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="host.js"></script>
<script type="module" src="ASSETS/widget.js"></script></head><body>
<entity-lens id="gone" src="articles/no-such-article.txt"></entity-lens></body></html>`,
};

let env;
before(async () => {
  env = await launchOrigins([{ pages }, { pages, csp: HOST_CSP }]);
});
after(async () => { await env?.close(); });

/** Waits until every widget listed has dispatched `analyzed`; returns the details by id. */
async function analyzedOf(page, ids, timeout = 90000) {
  await page.waitForFunction((ids) => ids.every((id) => window.__analyzed?.some((a) => a.id === id)),
    ids, { timeout });
  return page.evaluate((ids) => Object.fromEntries(ids.map((id) =>
    [id, window.__analyzed.filter((a) => a.id === id).at(-1).detail])), ids);
}

/** The visible marks of a widget as {text, label} (text without the label tag). */
function marksIn(page, id) {
  return page.evaluate((id) => [...document.getElementById(id).shadowRoot.querySelectorAll('mark.entity')]
    .filter((m) => m.getBoundingClientRect().width > 0 && getComputedStyle(m).display !== 'none')
    .map((m) => ({
      text: [...m.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''),
      label: m.dataset.label,
    })), id);
}

/** Computed styles of the host's own elements. */
function hostStyles(page) {
  return page.evaluate(() => Object.fromEntries(['h1.host-title', 'p.host-text', '#host-mark', 'body']
    .map((sel) => {
      const s = getComputedStyle(document.querySelector(sel));
      return [sel, { color: s.color, display: s.display, font: s.font, margin: s.margin, background: s.backgroundColor }];
    })));
}

const cp = (text, start, end) => Array.from(text).slice(start, end).join('');

/** Asserts every request went to the host or the assets. */
function assertTwoOrigins(requests, host) {
  const outside = requests.filter((u) => !u.startsWith(`${host}/`) && !u.startsWith(`${env.assets}/`)
    && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(outside, [], 'no request leaves the two origins');
}

for (const [which, csp] of [['hostile CSS, no CSP', false], ['hostile CSS and the README\'s CSP', true]]) {
  test(`three widgets on a host page of another origin (${which}) all highlight`, async () => {
    const host = env.hosts[csp ? 1 : 0];
    if (csp) {
      const res = await fetch(`${host}/index.html`);
      assert.equal(res.headers.get('content-security-policy'), HOST_CSP.replaceAll('ASSETS', env.assets));
    }
    const { page, context, errors, requests } = await openHost(env.browser, `${host}/index.html`);
    const details = await analyzedOf(page, ['w1', 'w2', 'w3']);

    // Widget 1: refined labels, code-point offsets into the given text.
    const d1 = details.w1;
    assert.equal(d1.text, TEXT_1);
    assert.equal(d1.mode, 'refined');
    for (const e of d1.entities) assert.equal(cp(TEXT_1, e.start, e.end), e.text, JSON.stringify(e));
    for (const [text, label] of [['Angela Merkel', 'PERSON'], ['Emmanuel Macron', 'PERSON'], ['Paris', 'GPE']]) {
      assert.ok(d1.entities.some((e) => e.text === text && e.label === label), `${text} ${label}: ${JSON.stringify(d1.entities)}`);
    }
    const merkel = d1.entities.find((e) => e.text === 'Angela Merkel');
    assert.ok(merkel.byteStart > merkel.start, 'byte offsets differ from code points after € and 😀');
    const marks1 = await marksIn(page, 'w1');
    assert.ok(marks1.some((m) => m.text === 'Angela Merkel' && m.label === 'PERSON'), JSON.stringify(marks1));
    assert.deepEqual(await page.evaluate(() => document.getElementById('w1').entities.map((e) => e.text)),
      d1.entities.map((e) => e.text), 'element.entities holds the last result');

    // Widget 2: only PERSON and ORG, spaCy's raw output, no entity panel, dark theme.
    const d2 = details.w2;
    assert.equal(d2.mode, 'raw');
    assert.ok(d2.entities.length > 0);
    assert.ok(d2.entities.every((e) => ['PERSON', 'ORG'].includes(e.label)), JSON.stringify(d2.entities));
    const marks2 = await marksIn(page, 'w2');
    assert.ok(marks2.some((m) => m.text === 'Kenneth Griffin' && m.label === 'PERSON'), JSON.stringify(marks2));
    assert.ok(marks2.every((m) => ['PERSON', 'ORG'].includes(m.label)), JSON.stringify(marks2));
    const w2 = await page.evaluate(() => {
      const root = document.getElementById('w2').shadowRoot;
      return {
        panel: root.querySelectorAll('.entity-panel').length,
        mode: root.querySelector('article').dataset.mode,
        background: getComputedStyle(root.querySelector('.widget')).backgroundColor,
      };
    });
    assert.deepEqual(w2, { panel: 0, mode: 'raw', background: 'rgb(31, 34, 40)' });

    // Widget 3: the article fetched by src (relative to the host page), cleaned and analyzed.
    const d3 = details.w3;
    assert.equal(d3.name, 'harbor-bridge.txt');
    assert.ok(d3.entities.some((e) => e.text === 'Dominic Perrottet' && e.label === 'PERSON'), JSON.stringify(d3.entities));
    for (const e of d3.entities) assert.equal(cp(d3.text, e.start, e.end), e.text);
    assert.ok((await marksIn(page, 'w3')).length >= 4);

    // The host's mark stays hidden by its own rule; the host's styles are as without widgets.
    const withWidgets = await hostStyles(page);
    const plain = await openHost(env.browser, `${host}/plain.html`);
    assert.deepEqual(withWidgets, await hostStyles(plain.page), 'host styles unchanged');
    assert.equal(withWidgets['#host-mark'].display, 'none');
    assert.equal(withWidgets['h1.host-title'].color, 'rgb(200, 0, 0)');
    await plain.context.close();

    // Styles only through constructed sheets; no style element or attribute in the widgets.
    const inline = await page.evaluate(() => [...document.querySelectorAll('entity-lens')].map((w) => ({
      sheets: w.shadowRoot.adoptedStyleSheets.length,
      styleElements: w.shadowRoot.querySelectorAll('style').length,
      styleAttributes: w.shadowRoot.querySelectorAll('[style]').length,
    })));
    assert.deepEqual(inline, Array(3).fill({ sheets: 2, styleElements: 0, styleAttributes: 0 }));

    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
    assert.deepEqual(await page.evaluate(() => window.__errors), []);
    // The widget registers no service worker on its host (the offline cache is the page's own).
    assert.deepEqual(await page.evaluate(async () => [window.__serviceWorkers,
      (await navigator.serviceWorker.getRegistrations()).length]), [[], 0]);
    assertTwoOrigins(requests, host);
    assert.ok(requests.some((u) => u.startsWith(`${env.assets}/pkg/entity_lens_worker_bg.wasm`)), 'the engine came from the assets');
    assert.equal(page.workers().length, 1, 'one worker for three widgets');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('attributes change a live widget; analyze() and mount() drive it from script', async () => {
  const host = env.hosts[1];
  const { page, context, errors } = await openHost(env.browser, `${host}/index.html`);
  await analyzedOf(page, ['w1']);
  // labels: only GPE marks remain, and a new analyzed event says so.
  await page.evaluate(() => { window.__analyzed = []; document.getElementById('w1').setAttribute('labels', 'GPE'); });
  const { w1 } = await analyzedOf(page, ['w1']);
  assert.deepEqual([...new Set(w1.entities.map((e) => e.label))], ['GPE']);
  await page.waitForFunction(() => [...document.getElementById('w1').shadowRoot.querySelectorAll('mark.entity')]
    .every((m) => m.dataset.label === 'GPE'));
  // text: analyzed again.
  await page.evaluate(() => { window.__analyzed = []; document.getElementById('w1').setAttribute('text', 'Berlin and Rome are far from Madrid.'); });
  const again = await analyzedOf(page, ['w1']);
  assert.deepEqual(again.w1.entities.map((e) => e.text), ['Berlin', 'Rome', 'Madrid']);
  // analyze() resolves with the detail; mount() makes a widget in any element.
  const result = await page.evaluate(async () => {
    const { mount } = await import(document.querySelector('script[src$="widget.js"]').src);
    const box = document.createElement('div');
    document.body.append(box);
    const el = mount(box, { labels: ['PERSON'], views: 'reader' });
    const detail = await el.analyze('Barack Obama visited Kenya with Michelle Obama.');
    return { tag: el.localName, parent: el.parentElement === box, entities: detail.entities.map((e) => [e.text, e.label]),
      labels: el.getAttribute('labels') };
  });
  assert.deepEqual(result, { tag: 'entity-lens', parent: true, labels: 'PERSON',
    entities: [['Barack Obama', 'PERSON'], ['Michelle Obama', 'PERSON']] });
  assert.deepEqual(errors, []);
  await context.close();
});

test('with `drop`, a file dropped on the widget is analyzed there; without it, drops are ignored', async () => {
  const { page, context, errors } = await openHost(env.browser, `${env.hosts[1]}/drop.html`);
  await page.locator('#dropper .drop-zone').waitFor({ timeout: 60000 });
  await analyzedOf(page, ['closed']);
  const dt = await makeTransfer(page, [{ name: 'museum-gift.txt', bytes: readFileSync(path.join(FIXTURES, 'museum-gift.txt')) }]);
  for (const id of ['dropper', 'closed']) {
    for (const type of ['dragenter', 'dragover', 'drop']) {
      await page.dispatchEvent(`#${id} .widget-body`, type, { dataTransfer: dt });
    }
  }
  const { dropper } = await analyzedOf(page, ['dropper']);
  assert.equal(dropper.name, 'museum-gift.txt');
  assert.ok(dropper.entities.some((e) => e.text === 'Kenneth Griffin' && e.label === 'PERSON'));
  await page.waitForTimeout(500);
  const closed = await page.evaluate(() => window.__analyzed.filter((a) => a.id === 'closed').map((a) => a.detail.name));
  assert.deepEqual(closed, [''], 'the widget without drop kept its text');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a src that cannot be fetched is shown in the widget and sent as an error event', async () => {
  const { page, context, errors } = await openHost(env.browser, `${env.hosts[0]}/missing.html`);
  await page.waitForFunction(() => window.__errors?.length > 0, null, { timeout: 30000 });
  const [{ id, message }] = await page.evaluate(() => window.__errors);
  assert.equal(id, 'gone');
  assert.match(message, /no-such-article\.txt.*404/);
  const shown = await page.evaluate(() => document.getElementById('gone').shadowRoot.querySelector('[part="error"]').textContent);
  assert.equal(shown, message);
  // The 404 itself is the only console error (the browser's own line for the failed fetch).
  assert.ok(errors.every((e) => /404/.test(e)), JSON.stringify(errors));
  await context.close();
});

const ANALYSIS = 'entity-lens analysis 1';
const CORPUS = 'entity-lens corpus';
/** Worker constructions and terminations so far, by name: {made: {name: n}, ended: {name: n}}. */
const workerCounts = (page) => page.evaluate(() => {
  const tally = (names) => names.reduce((o, n) => ({ ...o, [n]: (o[n] ?? 0) + 1 }), {});
  return { made: tally(window.__workers.made), ended: tally(window.__workers.ended) };
});

test('widget.js loaded twice; 20 widgets created and removed: one pool, no leaked worker', async () => {
  const { page, context, errors } = await openHost(env.browser, `${env.hosts[1]}/twice.html`);
  const out = await page.evaluate(async (assets) => {
    const a = await import(`${assets}/widget.js`);
    const b = await import(`${assets}/widget.js?copy=2`);
    const made = [];
    for (let i = 0; i < 20; i++) {
      const el = document.createElement('entity-lens');
      el.setAttribute('text', `Reporter ${i} met Angela Merkel in Berlin.`);
      // Every other one with the corpus view: a corpus worker of its own.
      if (i % 2) el.setAttribute('views', 'reader,entities,corpus');
      document.body.append(el);
      made.push(el.analyze(`Reporter number ${i} met Angela Merkel in Berlin.`));
    }
    const results = await Promise.all(made);
    for (const el of [...document.querySelectorAll('entity-lens')]) el.remove();
    return {
      distinctModules: a !== b,
      engines: [await a.engines(), await b.engines()],
      highlighted: results.filter((d) => d.entities.some((e) => e.text === 'Angela Merkel')).length,
      left: document.querySelectorAll('entity-lens').length,
    };
  }, env.assets);
  assert.deepEqual(out, { distinctModules: true, engines: [1, 1], highlighted: 20, left: 0 });
  // One analysis worker for all 20 (the pool's one); the ten corpus workers ended with their
  // widgets; the pool outlives its last widget, for the next one.
  assert.deepEqual(await workerCounts(page), { made: { [ANALYSIS]: 1, [CORPUS]: 10 }, ended: { [CORPUS]: 10 } });

  // One more after all were removed: the same pool, its model already loaded.
  const last = await page.evaluate(async () => {
    const el = document.createElement('entity-lens');
    document.body.append(el);
    const d = await el.analyze('Emmanuel Macron spoke in Lyon.');
    el.remove();
    return d.entities.map((e) => e.text);
  });
  assert.deepEqual(last, ['Emmanuel Macron', 'Lyon']);
  assert.equal((await workerCounts(page)).made[ANALYSIS], 1, 'still one analysis worker');
  assert.equal(await page.evaluate(async (assets) => (await import(`${assets}/widget.js`)).engines(), env.assets), 1);

  // With no widget left, release() ends the pool: every worker made has ended.
  const released = await page.evaluate(async (assets) => (await import(`${assets}/widget.js`)).release(), env.assets);
  assert.equal(released, true);
  assert.deepEqual(await workerCounts(page), { made: { [ANALYSIS]: 1, [CORPUS]: 10 }, ended: { [ANALYSIS]: 1, [CORPUS]: 10 } });
  for (let i = 0; i < 50 && page.workers().length > 0; i++) await page.waitForTimeout(100);
  assert.equal(page.workers().length, 0, `workers left: ${page.workers().map((w) => w.url())}`);

  // A widget after that starts a new pool (a second engine), which works, and a mounted widget
  // keeps its pool: release() refuses.
  const again = await page.evaluate(async (assets) => {
    const mod = await import(`${assets}/widget.js`);
    const el = document.createElement('entity-lens');
    document.body.append(el);
    const d = await el.analyze('Olaf Scholz visited Warsaw.');
    return { entities: d.entities.map((e) => e.text), released: await mod.release(), engines: await mod.engines() };
  }, env.assets);
  assert.deepEqual(again, { entities: ['Olaf Scholz', 'Warsaw'], released: false, engines: 2 });
  assert.deepEqual(await workerCounts(page), { made: { [ANALYSIS]: 2, [CORPUS]: 10 }, ended: { [ANALYSIS]: 1, [CORPUS]: 10 } });
  assert.deepEqual(errors, []);
  await context.close();
});

/** The rows of widget `id`'s entity table (its Entities tab) whose names contain `needle`, as
 * "name LABEL" (the table is virtualized: its filter brings rows into view). */
async function entityRows(page, id, needle) {
  await page.locator(`#${id} button.tab[data-tab="entities"]`).click();
  await page.locator(`#${id} .entity-row[data-entity]`).first().waitFor({ timeout: 30000 });
  await page.locator(`#${id} input.entity-filter`).fill(needle);
  await page.waitForTimeout(100);
  return page.evaluate((id) => [...document.getElementById(id).shadowRoot.querySelectorAll('.entity-row[data-entity]')]
    .map((r) => `${r.querySelector('.entity-name').textContent} ${r.dataset.label}`), id);
}

test('views="reader,entities,corpus" with drop: the dropped files become the widget\'s corpus; views="reader" has none', async () => {
  const { page, context, errors } = await openHost(env.browser, `${env.hosts[1]}/corpus.html`);
  await page.locator('#lab .drop-zone').waitFor({ timeout: 60000 });
  await analyzedOf(page, ['single']);
  const files = ['museum-gift.txt', 'harbor-bridge.txt', 'sahel-talks.txt']
    .map((name) => ({ name, bytes: readFileSync(path.join(FIXTURES, name)) }));
  // Two drops: the second adds to the corpus.
  for (const batch of [files.slice(0, 2), files.slice(2)]) {
    const dt = await makeTransfer(page, batch);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      await page.dispatchEvent('#lab .widget-body', type, { dataTransfer: dt });
    }
    await page.waitForFunction((names) => names.every((n) => window.__analyzed.some((a) => a.id === 'lab' && a.detail.name === n)),
      batch.map((f) => f.name), { timeout: 90000 });
  }
  const names = await page.evaluate(() => window.__analyzed.filter((a) => a.id === 'lab').map((a) => a.detail.name).sort());
  assert.deepEqual(names, ['harbor-bridge.txt', 'museum-gift.txt', 'sahel-talks.txt']);

  // The tabs: the article, then the page's corpus views.
  const tabs = await page.evaluate(() => [...document.getElementById('lab').shadowRoot.querySelectorAll('button.tab')].map((b) => b.dataset.tab));
  assert.deepEqual(tabs, ['read', 'entities', 'network', 'timeline', 'contexts']);
  // The entity table holds every file's entities; the heat strip has one column per file.
  for (const want of ['Kenneth Griffin PERSON', 'Dominic Perrottet PERSON', 'Niger GPE']) {
    const rows = await entityRows(page, 'lab', want.split(' ')[0]);
    assert.ok(rows.includes(want), `${want} in ${JSON.stringify(rows)}`);
  }
  await page.locator('#lab input.entity-filter').fill('');
  const columns = await page.evaluate(() => new Set([...document.getElementById('lab').shadowRoot
    .querySelectorAll('.heat-strip rect[data-file]')].map((r) => r.dataset.file)).size);
  assert.equal(columns, 3);
  // The network of the three articles is drawn.
  await page.locator('#lab button.tab[data-tab="network"]').click();
  await page.locator('#lab g.node').first().waitFor({ timeout: 30000 });
  // Back to the article: a picker of the three.
  await page.locator('#lab button.tab[data-tab="read"]').click();
  const picker = await page.evaluate(() => [...document.getElementById('lab').shadowRoot.querySelectorAll('.article-picker option')].map((o) => o.textContent));
  assert.deepEqual(picker, files.map((f) => f.name));

  // views="reader": no tabs, no corpus worker (one analysis worker + the lab's corpus worker).
  const single = await page.evaluate(() => {
    const root = document.getElementById('single').shadowRoot;
    return { tabs: root.querySelectorAll('button.tab').length, table: root.querySelectorAll('.corpus-entities').length };
  });
  assert.deepEqual(single, { tabs: 0, table: 0 });
  assert.deepEqual((await workerCounts(page)).made, { [ANALYSIS]: 1, [CORPUS]: 1 });
  // Adding the corpus view to it live: it becomes a corpus client and shows its article's table.
  await page.evaluate(() => document.getElementById('single').setAttribute('views', 'reader,corpus'));
  const griffin = await entityRows(page, 'single', 'Kenneth');
  assert.deepEqual(griffin, ['Kenneth Griffin PERSON']);
  assert.deepEqual(await entityRows(page, 'single', 'Niger'), [], 'each widget has its own corpus');
  assert.deepEqual((await workerCounts(page)).made, { [ANALYSIS]: 1, [CORPUS]: 2 });

  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
  assert.deepEqual(await page.evaluate(() => window.__errors), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('lazy: nothing large loads before the widget is seen; then it highlights (cold cache)', async () => {
  const host = env.hosts[1];
  const { page, context, errors, requests } = await openHost(env.browser, `${host}/lazy.html`, { height: 800 });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  // The text is there at once, without the engine.
  const preview = await page.evaluate(() => document.getElementById('far').shadowRoot.querySelector('[part="text"]').textContent);
  assert.equal(preview, TEXT_1);
  const before = requests.filter((u) => u.startsWith(env.assets));
  assert.ok(!before.some((u) => /\.wasm|worker|entity_lens_web/.test(u)), `engine not loaded yet: ${before}`);
  // Quality 11 as a CDN's static compression; the 10 MB worker at 5 (11 takes a minute).
  const brotli = (u, quality = 11) => {
    const file = path.join(ROOT, new URL(u).pathname);
    return brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }).length;
  };
  const bytesBefore = before.reduce((sum, u) => sum + brotli(u), 0);
  const pageWasm = brotli(`${env.assets}/pkg/entity_lens_web_bg.wasm`) + brotli(`${env.assets}/pkg/entity_lens_web.js`);
  const worker = brotli(`${env.assets}/pkg/entity_lens_worker_bg.wasm`, 5) + brotli(`${env.assets}/pkg/entity_lens_worker.js`);
  const t0 = Date.now();
  await page.evaluate(() => document.getElementById('far').scrollIntoView());
  await page.waitForFunction(() => document.getElementById('far').shadowRoot.querySelector('mark.entity'), null, { timeout: 90000 });
  const ms = Date.now() - t0;
  console.log(`# before the first widget is seen: ${before.length} files, ${(bytesBefore / 1024).toFixed(1)} KB brotli `
    + `(${before.map((u) => new URL(u).pathname).join(', ')}); then the page wasm ${(pageWasm / 1024).toFixed(0)} KB `
    + `and the worker + model ${(worker / 1024).toFixed(0)} KB brotli (quality 5); visible → highlighted on a cold cache: ${ms} ms`);
  assert.ok(bytesBefore < 150 * 1024, `${bytesBefore} bytes before the widget is seen`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('importing widget.js outside a browser touches nothing (server-side rendering)', async () => {
  const mod = await import(path.join(ROOT, 'widget.js'));
  assert.equal(typeof mod.mount, 'function');
  assert.equal(typeof mod.define, 'function');
  assert.equal(await mod.engines(), 0);
});

test('the example page (examples/embed.html): both widgets highlight; screenshot docs/embed.png', async () => {
  const { page, context, errors } = await openHost(env.browser, `${env.assets}/examples/embed.html`, { width: 1100, height: 1500 });
  await page.locator('#article').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => ['sentence', 'article'].every((id) => document.getElementById(id).result),
    null, { timeout: 90000 });
  const details = await page.evaluate(() => Object.fromEntries(['sentence', 'article']
    .map((id) => [id, document.getElementById(id).result])));
  assert.ok(details.sentence.entities.every((e) => ['PERSON', 'GPE', 'ORG'].includes(e.label)));
  assert.ok(details.article.entities.some((e) => e.text === 'Kenneth Griffin'));
  assert.match(await page.locator('#count').textContent(), /PERSON/);
  await page.locator('#article').locator('.entity-panel').waitFor();
  await page.screenshot({ path: path.join(ROOT, 'docs', 'embed.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
