// The workspace kept in the browser (IndexedDB, src/store.rs): analyzed files, a hand merge,
// raw/refined and hidden labels come back after a reload without analyzing again; "Clear"
// empties it; a second tab reads the workspace and says it saves nothing; a full storage is
// said, naming the files not kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, readArticles, launch, dropFiles, waitFinished } from './helpers.mjs';

const fixtures = readArticles(FIXTURES).filter((f) => f.name !== 'payload.txt');

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function ready(page) {
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 60000 });
}

const total = async (page) => Number((await page.locator('.row-count').innerText()).match(/of (\d+)/)[1]);

test('a reload restores the files, a merge, raw/refined and hidden labels; Clear empties the workspace', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${env.base}/`);
  await ready(page);
  await dropFiles(page, fixtures);
  const states = await waitFinished(page, fixtures.map((f) => f.name));
  assert.ok(Object.values(states).every((s) => s === 'done'), JSON.stringify(states));
  const names = fixtures.map((f) => f.name);
  // Choices: spaCy's labels, one label hidden, two people merged.
  await page.locator('button.mode[data-mode="raw"]').click();
  const hidden = await page.locator('.legend button.toggle').first().getAttribute('data-label');
  await page.locator('.legend button.toggle').first().click();
  await page.locator('.tabs button.tab[data-tab="entities"]').click();
  const rows = page.locator('.entity-scroll .entity-row[data-entity]');
  await rows.first().waitFor({ timeout: 60000 });
  const before = await total(page);
  await page.locator('select.label-filter').selectOption('PERSON');
  await page.waitForFunction(() => [...document.querySelectorAll('.entity-scroll .entity-row[data-entity]')].every((r) => r.dataset.label === 'PERSON'));
  const people = await rows.evaluateAll((rs) => rs.slice(0, 2).map((r) => r.dataset.entity));
  for (const id of people) await page.locator(`.entity-row[data-entity="${id}"] input[type="checkbox"]`).check();
  await page.locator('button.merge').click();
  await page.waitForFunction((n) => document.querySelector('.row-count')?.textContent.includes(`of ${n}`), before - 1, { timeout: 30000 });
  await page.waitForTimeout(600); // saves are batched (200 ms)

  const requests = [];
  page.on('request', (r) => { if (/\.txt$/.test(r.url())) requests.push(r.url()); });
  await page.reload();
  await ready(page);
  const back = await waitFinished(page, names);
  assert.ok(Object.values(back).every((s) => s === 'done'), JSON.stringify(back));
  assert.deepEqual(await page.locator('li.file').evaluateAll((ls) => ls.map((l) => l.dataset.file)), names);
  await page.locator('article[data-file]').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('article[data-file]').getAttribute('data-mode'), 'raw');
  assert.equal(await page.locator(`.legend button.toggle[data-label="${hidden}"]`).getAttribute('aria-pressed'), 'false');
  await page.locator('.tabs button.tab[data-tab="entities"]').click();
  await page.waitForFunction((n) => document.querySelector('.row-count')?.textContent.includes(`of ${n}`), before - 1, { timeout: 30000 });
  assert.equal(await page.locator('.storage-error').count(), 0);

  // Clear: the list empties, and stays empty after a reload.
  await page.locator('button.clear-workspace').click();
  assert.equal(await page.locator('li.file').count(), 0);
  await page.waitForTimeout(300);
  await page.reload();
  await ready(page);
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('li.file').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second tab reads the workspace and saves nothing', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const first = await context.newPage();
  await first.goto(`${env.base}/`);
  await ready(first);
  await dropFiles(first, fixtures.slice(0, 1));
  await waitFinished(first, [fixtures[0].name]);
  await first.waitForTimeout(600);
  const second = await context.newPage();
  await second.goto(`${env.base}/`);
  await ready(second);
  assert.match(await second.locator('.storage-error').innerText(), /open in another tab/);
  const states = await waitFinished(second, [fixtures[0].name]);
  assert.equal(states[fixtures[0].name], 'done');
  // What the second tab adds is not saved: the first tab's workspace, reloaded, lacks it.
  await dropFiles(second, fixtures.slice(1, 2));
  await waitFinished(second, [fixtures[1].name]);
  await second.waitForTimeout(600);
  await second.close();
  await first.reload();
  await ready(first);
  await waitFinished(first, [fixtures[0].name]);
  assert.deepEqual(await first.locator('li.file').evaluateAll((ls) => ls.map((l) => l.dataset.file)), [fixtures[0].name]);
  await context.close();
});

test('a full storage is said, naming the files it could not keep; they are still analysed', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  // A full disk, as the browser reports it: every file written is refused with a
  // QuotaExceededError (CDP's quota override does not reach IndexedDB in headless Chromium).
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (this.name === 'files') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const page = await context.newPage();
  await page.goto(`${env.base}/`);
  await ready(page);
  const files = fixtures.slice(0, 2);
  await dropFiles(page, files);
  const states = await waitFinished(page, files.map((f) => f.name));
  assert.deepEqual(Object.values(states), ['done', 'done']);
  await page.waitForFunction((names) => {
    const m = document.querySelector('.storage-error')?.textContent ?? '';
    return /storage for this site is full/.test(m) && names.every((n) => m.includes(n));
  }, files.map((f) => f.name), { timeout: 15000 });
  // Nothing was kept: a reload starts empty.
  await page.reload();
  await ready(page);
  await page.waitForTimeout(500);
  assert.equal(await page.locator('li.file').count(), 0);
  await context.close();
});
