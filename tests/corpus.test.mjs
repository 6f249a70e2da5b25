// The corpus views in a real browser: entity table (virtualized, filter, sort, choose → file
// list filtered, merge, heat strip), network (SVG, node click filters, SVG/PNG downloads),
// timeline, contexts (KWIC → article), and every export download compared with the CLI's
// `entity-lens export` of the same files (`cargo run -p entity-lens-cli -- export ...`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, FIXTURES, readArticles, launch, openPage, dropFiles, waitFinished, runCli } from './helpers.mjs';

const fixtures = readArticles(FIXTURES);

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function loaded() {
  const { page, errors } = await openPage(env.browser, env.base);
  await dropFiles(page, fixtures);
  const states = await waitFinished(page, fixtures.map((f) => f.name));
  assert.ok(Object.values(states).every((s) => s === 'done'), JSON.stringify(states));
  return { page, errors };
}

const tab = (page, name) => page.locator(`.tabs button.tab[data-tab="${name}"]`).click();

test('entity table: counts, filter by text and label, sort, choose to filter articles, merge, heat strip', async () => {
  const { page, errors } = await loaded();
  await tab(page, 'entities');
  const rows = page.locator('.entity-scroll .entity-row[data-entity]');
  await rows.first().waitFor({ timeout: 60000 });
  const total = Number((await page.locator('.row-count').innerText()).match(/of (\d+)/)[1]);
  assert.ok(total >= 20, `entities: ${total}`);
  // Virtualized: far fewer rows in the DOM than entities when there are many.
  const inDom = await rows.count();
  assert.ok(inDom <= 480 / 30 + 2 * 8 + 1, `rows in the DOM: ${inDom}`);
  // Filter by text.
  await page.locator('input.entity-filter').fill('griffin');
  await page.waitForFunction(() => document.querySelectorAll('.entity-scroll .entity-row[data-entity]').length === 1);
  assert.match(await rows.first().innerText(), /Kenneth Griffin/);
  // Choose it: the file list shows only the article that mentions it.
  await rows.first().locator('input[type="checkbox"]').check();
  await page.waitForFunction(() => document.querySelectorAll('li.file').length === 1);
  assert.equal(await page.locator('li.file').getAttribute('data-file'), 'museum-gift.txt');
  // Heat strip: one row for the chosen entity, a cell for its article.
  const heat = page.locator('.heat-strip g.heat-row');
  assert.equal(await heat.count(), 1);
  assert.ok(await heat.locator('rect').count() >= 1);
  await page.locator('button.show-all').click();
  assert.equal(await page.locator('li.file').count(), fixtures.length);
  // Filter by label, sort by name.
  await page.locator('input.entity-filter').fill('');
  await page.locator('select.label-filter').selectOption('PERSON');
  await page.waitForFunction(() => [...document.querySelectorAll('.entity-scroll .entity-row[data-entity]')].every((r) => r.dataset.label === 'PERSON'));
  await page.locator('button.sort[data-sort="Name"]').click();
  const names = await rows.locator('button.entity-name').allInnerTexts();
  const sorted = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  assert.deepEqual(names, sorted);
  assert.equal(await page.locator('[role="columnheader"][aria-sort="ascending"]').count(), 1);
  // Merge two people: one entity remains with the sum of mentions.
  const people = await rows.evaluateAll((rs) => rs.slice(0, 2).map((r) => ({
    id: r.dataset.entity, mentions: Number(r.querySelector('.mentions').textContent) })));
  for (const p of people) await page.locator(`.entity-row[data-entity="${p.id}"] input[type="checkbox"]`).check();
  await page.locator('button.merge').click();
  await page.waitForFunction((n) => {
    const m = document.querySelector('.row-count')?.textContent.match(/of (\d+)/);
    return m && Number(m[1]) === n;
  }, total - 1, { timeout: 30000 });
  const merged = await page.evaluate((ids) => ids.map((id) => document.querySelector(`.entity-row[data-entity="${id}"] .mentions`)?.textContent ?? null), people.map((p) => p.id));
  assert.equal(merged.filter((x) => x !== null).length <= 1, true);
  await page.locator('button.reset-overrides').click();
  await page.waitForFunction((n) => document.querySelector('.row-count')?.textContent.includes(`of ${n}`), total, { timeout: 30000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('network, timeline and contexts', async () => {
  const { page, errors } = await loaded();
  await tab(page, 'network');
  const node = page.locator('svg.graph g.node');
  await node.first().waitFor({ timeout: 60000 });
  const n = await node.count();
  assert.ok(n >= 3, `nodes: ${n}`);
  // Edges are drawn as one path per width class; the group counts them, and the paths hold
  // one segment per edge.
  const edgeCount = () => page.evaluate(() => {
    const g = document.querySelector('svg.graph g.edges');
    const drawn = [...g.querySelectorAll('path.edge-class')]
      .reduce((n, p) => n + (p.getAttribute('d').match(/M/g) || []).length, 0);
    return { count: Number(g.dataset.count), drawn };
  });
  const edges1 = await edgeCount();
  assert.ok(edges1.count >= 1, JSON.stringify(edges1));
  assert.equal(edges1.drawn, edges1.count);
  // Hovering a node draws its edges on top.
  await node.first().hover();
  await page.waitForFunction(() => (document.querySelector('svg.graph path.edge-hover').getAttribute('d') || '').startsWith('M'));
  // Minimum weight: raising it never adds edges.
  await page.locator('input.min-weight').fill('3');
  await page.waitForTimeout(500);
  assert.ok((await edgeCount()).count <= edges1.count);
  await page.locator('input.min-weight').fill('1');
  await page.waitForFunction((e) => Number(document.querySelector('svg.graph g.edges').dataset.count) === e, edges1.count);
  // Keyboard: Enter on a node chooses it and filters the articles.
  await node.first().focus();
  await page.keyboard.press('Enter');
  assert.equal(await node.first().getAttribute('aria-pressed'), 'true');
  assert.ok(await page.locator('li.file').count() < fixtures.length || fixtures.length === 1);
  // Downloads: SVG and PNG.
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.locator('button.save-svg').click()]);
  const svg = readFileSync(await svgDl.path(), 'utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((svg.match(/<circle/g) || []).length, n);
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.locator('button.save-png').click()]);
  const png = readFileSync(await pngDl.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await page.locator('button.show-all').click();

  await tab(page, 'timeline');
  await page.locator('section.timeline').waitFor({ timeout: 30000 });
  const dates = await page.locator('li.date').count();
  assert.ok(dates >= 3, `date mentions: ${dates}`);
  const resolved = await page.locator('li.date.resolved').count();
  assert.ok(resolved >= 1, 'some dates resolved against the publication date');

  // Contexts: from the entity table's details.
  await tab(page, 'entities');
  await page.locator('input.entity-filter').fill('griffin');
  await page.waitForFunction(() => document.querySelectorAll('.entity-scroll .entity-row[data-entity]').length === 1);
  const mentions = Number(await page.locator('.entity-scroll .entity-row .mentions').innerText());
  await page.locator('.entity-scroll button.entity-name').click();
  await page.locator('button.show-contexts').click();
  const kwic = page.locator('table.kwic tr.kwic-row');
  await kwic.first().waitFor({ timeout: 30000 });
  assert.equal(await kwic.count(), mentions);
  assert.ok((await kwic.locator('td.hit').allInnerTexts()).every((t) => /Griffin/.test(t)));
  await page.locator('button.sort-right').click();
  const rights = await kwic.locator('td.right').allInnerTexts();
  assert.deepEqual(rights, [...rights].sort((a, b) => (a.trim().toLowerCase() < b.trim().toLowerCase() ? -1 : a.trim().toLowerCase() > b.trim().toLowerCase() ? 1 : 0)));
  await kwic.first().locator('button.open-mention').click();
  await page.waitForSelector('article[data-file="museum-gift.txt"] mark.entity.flash', { timeout: 5000 });
  assert.deepEqual(errors, []);
  await page.close();
});

/** Parses an export into something comparable. */
function parsed(format, bytes) {
  const text = bytes.toString('utf8');
  if (format === 'spacy-jsonl') return text.trim().split('\n').map((l) => JSON.parse(l));
  if (format === 'web-annotation') return JSON.parse(text);
  if (format === 'brat') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brat-'));
    writeFileSync(path.join(dir, 'a.zip'), bytes);
    return JSON.parse(execFileSync('python3', ['-c',
      'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode() for n in sorted(z.namelist())}))',
      path.join(dir, 'a.zip')], { encoding: 'utf8' }));
  }
  if (format.endsWith('-csv')) {
    return JSON.parse(execFileSync('python3', ['-c',
      'import csv,io,json,sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read())))))'],
    { input: text, encoding: 'utf8' }));
  }
  return text; // graphml, gexf, conll, html: compared as text
}

test('every export downloads and equals the CLI export of the same files', async () => {
  const { page, errors } = await loaded();
  await tab(page, 'export');
  const names = fixtures.map((f) => f.name);
  for (const format of ['spacy-jsonl', 'mentions-csv', 'entities-csv', 'graphml', 'gexf', 'brat', 'conll', 'web-annotation', 'html']) {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }),
      page.locator(`button.export[data-format="${format}"]`).click()]);
    const got = readFileSync(await dl.path());
    const cli = runCli(['export', '--format', format, '--out', '-', ...names],
    { cwd: FIXTURES, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
    assert.ok(got.length > 0, `${format}: empty download`);
    assert.deepEqual(parsed(format, got), parsed(format, cli), `${format}: page download differs from the CLI export`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
