// The worker pool in a real browser: a batch analysed by several workers equals the CLI's
// analysis of the same files (`cargo run -p entity-lens-cli -- analyze --format jsonl FILES`),
// cancel stops a batch, a worker that panics is replaced and only its file fails (with the
// panic's message), an oversized file fails with a message naming it and the limit while the
// others finish. Articles come from ../shared/data/bbc-news when present, else the fixtures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, FIXTURES, launch, dropFiles, waitFinished, runCli } from './helpers.mjs';
import { articles } from './pool_articles.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** Opens the page with `workers` analysis workers and waits for the recognizer. */
async function open(workers) {
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 950 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${env.base}/?workers=${workers}`);
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 60000 });
  return { page, errors };
}

/** Parses CSV with Python's csv module (RFC 4180). */
function csvRows(text) {
  return JSON.parse(execFileSync('python3', ['-c',
    'import csv,io,json,sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read())))))'],
  { input: text, encoding: 'utf8' }));
}

test('a batch analysed by two workers gives the CLI\'s entities for every article', async () => {
  const files = articles(24);
  const { page, errors } = await open(2);
  assert.equal(await page.evaluate(() => document.querySelectorAll('body').length), 1);
  await dropFiles(page, files);
  const states = await waitFinished(page, files.map((f) => f.name), 300000);
  assert.ok(Object.values(states).every((s) => s === 'done'), JSON.stringify(states));
  // Every mention (refined and spaCy's) of every article, from the corpus worker's export.
  await page.locator('.tabs button.tab[data-tab="export"]').click();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }),
    page.locator('button.export[data-format="mentions-csv"]').click()]);
  const rows = csvRows(readFileSync(await dl.path(), 'utf8').replace(/^\uFEFF/, ''));
  const header = rows.shift();
  const col = (name) => header.indexOf(name);
  const got = rows.map((r) => [r[col('file')], Number(r[col('start')]), Number(r[col('end')]),
    r[col('label')], r[col('raw_label')], r[col('text')]]);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-'));
  for (const f of files) writeFileSync(path.join(dir, f.name), f.bytes);
  const jsonl = runCli(['analyze', '--format', 'jsonl', ...files.map((f) => f.name)],
  { cwd: dir, maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const want = [];
  for (const line of jsonl.trim().split('\n')) {
    const doc = JSON.parse(line);
    assert.equal(doc.error, undefined, `${doc.path}: ${doc.error}`);
    for (const e of doc.ents) {
      want.push([path.basename(doc.path), e.start, e.end, e.label ?? '', e.raw_label ?? '', e.text]);
    }
  }
  assert.ok(want.length > files.length, `mentions: ${want.length}`);
  // Same mentions, same article order (the list's), though the workers finished in any order.
  assert.deepEqual(got, want);
  assert.deepEqual(errors, []);
  await page.close();
});

test('cancel stops a running batch; the next batch runs', async () => {
  const files = articles(60);
  const { page, errors } = await open(1);
  await dropFiles(page, files);
  await page.waitForSelector('li.file[data-state="done"]', { timeout: 120000 });
  const cancel = page.locator('button.cancel-batch');
  assert.ok(await cancel.isVisible());
  await cancel.click();
  const count = (state) => page.locator(`li.file[data-state="${state}"]`).count();
  await page.waitForFunction(() => !document.querySelector('li.file[data-state="queued"], li.file[data-state="analyzing"]'),
    null, { timeout: 5000 });
  const done = await count('done');
  const cancelled = await count('cancelled');
  assert.ok(cancelled > 0, 'files were cancelled');
  assert.equal(done + cancelled + await count('error'), files.length);
  assert.ok(!(await cancel.isVisible()), 'no cancel button once the batch has stopped');
  // Nothing more arrives for the cancelled files.
  await page.waitForTimeout(2000);
  assert.equal(await count('done'), done);
  assert.match(await page.locator('.batch-text').innerText(), new RegExp(`^${files.length} of ${files.length} analyzed`));
  // The pool goes on with a new batch (the busy worker was replaced).
  await dropFiles(page, [{ name: 'after-cancel.txt', bytes: readFileSync(path.join(FIXTURES, 'museum-gift.txt')) }]);
  const after = await waitFinished(page, ['after-cancel.txt'], 120000);
  assert.equal(after['after-cancel.txt'], 'done');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a worker that panics is replaced: its file fails with the panic message, the others finish', async () => {
  const files = articles(8);
  const trap = { name: 'trap.txt', bytes: files[0].bytes };
  const { page, errors } = await open(2);
  const workers = page.workers();
  assert.equal(workers.length, 3, 'two analysis workers and the corpus worker');
  // Inside every worker: the message for trap.txt panics in the engine instead of analyzing.
  for (const w of workers) {
    await w.evaluate(async () => {
      const m = await import(new URL('./pkg/entity_lens_worker.js', self.location.href).href);
      const handle = self.onmessage;
      self.onmessage = (event) => {
        const file = event.data?.Analyze;
        if (file?.name === 'trap.txt') m.panic_for_tests(file.id);
        else handle(event);
      };
    });
  }
  const batch = [...files.slice(0, 4), trap, ...files.slice(4)];
  await dropFiles(page, batch);
  const states = await waitFinished(page, batch.map((f) => f.name), 300000);
  assert.equal(states['trap.txt'], 'error');
  for (const f of files) assert.equal(states[f.name], 'done', f.name);
  const alert = await page.locator('li.file[data-file="trap.txt"] [role="alert"]').innerText();
  assert.match(alert, /panicked: panic_for_tests was called/);
  assert.match(alert, /trap\.txt/);
  assert.match(alert, /the worker was replaced/);
  // The pool is whole again.
  await page.waitForFunction(() => true);
  assert.equal(page.workers().length, 3);
  // The worker's hook logs the panic (the page shows the worker's console too); nothing else.
  assert.deepEqual(errors.filter((e) => !/the engine panicked: panic_for_tests was called/.test(e)), []);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  await page.close();
});

test('an oversized file fails with a message naming it and the limit; the others finish', async () => {
  const files = articles(3);
  const big = { name: 'year-of-news.txt', bytes: Buffer.alloc(32 * 1024 * 1024 + 1, 'word ') };
  const { page, errors } = await open(2);
  const batch = [files[0], big, files[1], files[2]];
  await dropFiles(page, batch);
  const states = await waitFinished(page, batch.map((f) => f.name), 300000);
  assert.equal(states[big.name], 'error');
  for (const f of files) assert.equal(states[f.name], 'done');
  const alert = await page.locator(`li.file[data-file="${big.name}"] [role="alert"]`).innerText();
  assert.match(alert, /year-of-news\.txt is too large/);
  assert.match(alert, /33554433 bytes, and the limit is 33554432 bytes \(32 MiB\)/);
  assert.deepEqual(errors, []);
  await page.close();
});
