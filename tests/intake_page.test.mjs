// The page reads dropped files with the engine's intake, as the CLI does (issue 11, point 5):
// a saved web page (windows-1252, named by its meta tag) is one article found by the page's
// structure; a CSV (BOM, a quoted newline, an empty row) and a JSON-lines file give one entry
// per row, listed under their file, each analyzed by the pool; the empty row is that entry's
// error. The entities and the downloads equal the CLI's for the same files
// (`cargo run -p entity-lens-cli -- analyze --format jsonl FILES` and `export`, run in
// tests/fixtures/page-intake/). A table whose text column has an unusual name offers its
// columns; choosing one reads it again. A reload restores the entries and the row error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, FIXTURES, launch, dropFiles, openArticle, marksOf, runCli } from './helpers.mjs';

const DIR = path.join(FIXTURES, 'page-intake');
const file = (name) => ({ name, bytes: readFileSync(path.join(DIR, name)), type: '' });
const FILES = ['harbour-pact.html', 'corpus.csv', 'wire.jsonl'];

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function open(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${env.base}/?workers=2`);
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 60000 });
  return { page, errors };
}

/** The list as [name, state, parent name or null, error text or null], once nothing is pending. */
async function settledList(page, count, timeout = 120000) {
  // An entry's file is the row without `data-parent` above it (entries follow their file).
  const list = () => page.evaluate(() => {
    let file = null;
    return [...document.querySelectorAll('li.file')].map((li) => {
      if (!li.dataset.parent) file = li.dataset.file;
      return [li.dataset.file, li.dataset.state, li.dataset.parent ? file : null,
        li.querySelector('.error')?.textContent ?? null];
    });
  });
  const t0 = Date.now();
  for (;;) {
    const now = await list();
    if (now.length >= count && now.every(([, s]) => ['done', 'error', 'split'].includes(s))) return now;
    if (Date.now() - t0 > timeout) throw new Error(`not settled: ${JSON.stringify(now)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The CLI's output; it exits with 1 when some article failed (here the empty row), which is
 * expected, so its output is taken either way. */
function cli(args) {
  try {
    return runCli(args, { cwd: DIR, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.status === 1 && e.stdout?.length) return e.stdout;
    throw e;
  }
}

function csvRows(text) {
  return JSON.parse(execFileSync('python3', ['-c',
    'import csv,io,json,sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read())))))'],
  { input: text, encoding: 'utf8' }));
}

async function download(page, format) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }),
    page.locator(`button.export[data-format="${format}"]`).click()]);
  return readFileSync(await dl.path());
}

test('a saved page, a CSV and JSON lines: one entry per article, the row error, the CLI\'s entities and exports, kept over a reload', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page, errors } = await open(context);
  await dropFiles(page, FILES.map(file));
  const list = await settledList(page, 8);
  assert.deepEqual(list.map(([n, s, p]) => [n, s, p]), [
    ['harbour-pact.html', 'done', null],
    ['corpus.csv', 'split', null],
    ['corpus.csv#row1', 'done', 'corpus.csv'],
    ['corpus.csv#row2', 'error', 'corpus.csv'],
    ['corpus.csv#row3', 'done', 'corpus.csv'],
    ['wire.jsonl', 'split', null],
    ['wire.jsonl#row1', 'done', 'wire.jsonl'],
    ['wire.jsonl#row2', 'done', 'wire.jsonl'],
  ]);
  // The empty row is that entry's error, naming the row.
  assert.match(list[3][3], /row 2/);
  assert.match(list[3][3], /empty/);
  assert.match(await page.locator('li.file[data-file="corpus.csv"] .state').innerText(), /3 articles/);

  // The saved page: headline and body from its structure, decoded from windows-1252.
  await openArticle(page, 'harbour-pact.html');
  const html = page.locator('article[data-file="harbour-pact.html"]');
  assert.equal(await html.locator('h2').innerText(), 'Portugal and Morocco sign harbour pact in Lisbon');
  const body = await html.innerText();
  assert.match(body, /João Gomes Cravinho/);
  assert.match(body, /€40 million/);
  assert.match(body, /“a bridge across the strait”/);
  assert.doesNotMatch(body, /Skip to main content|RELATED|All rights reserved/);
  assert.match(await html.locator('.provenance').innerText(), /harbour-pact\.html/);
  assert.match(await html.locator('.provenance .url').innerText(), /ledger\.example\/world\/harbour-pact/);

  // A row: its provenance (file, row, url) in the header; the quoted newline kept.
  await openArticle(page, 'corpus.csv#row1');
  const row = page.locator('article[data-file="corpus.csv#row1"]');
  assert.equal(await row.locator('h2').innerText(), 'Senate vote');
  const prov = await row.locator('.provenance').innerText();
  assert.match(prov, /corpus\.csv/);
  assert.match(prov, /row 1/);
  assert.match(prov, /https:\/\/news\.example\/senate-vote/);
  assert.match(await row.innerText(), /rail bill\.\n+Amtrak/);

  // Every mention of every article equals the CLI's analysis of the same files.
  await page.locator('.tabs button.tab[data-tab="export"]').click();
  const rows = csvRows((await download(page, 'mentions-csv')).toString('utf8').replace(/^\uFEFF/, ''));
  const header = rows.shift();
  const col = (name) => header.indexOf(name);
  const got = rows.map((r) => [r[col('file')], Number(r[col('start')]), Number(r[col('end')]),
    r[col('label')], r[col('raw_label')], r[col('text')]]);
  const want = [];
  const failed = [];
  for (const line of cli(['analyze', '--format', 'jsonl', ...FILES]).toString('utf8').trim().split('\n')) {
    const doc = JSON.parse(line);
    const name = `${doc.file ?? doc.path}${doc.row ? `#row${doc.row}` : ''}${doc.part ? `#part${doc.part}` : ''}`;
    if (doc.error) { failed.push(name); continue; }
    for (const e of doc.ents) want.push([name, e.start, e.end, e.label ?? '', e.raw_label ?? '', e.text]);
  }
  assert.deepEqual(failed, ['corpus.csv#row2']);
  assert.ok(want.length >= 20, `mentions: ${want.length}`);
  assert.deepEqual(got, want);
  // The downloads equal `entity-lens export` of the same files.
  for (const format of ['spacy-jsonl', 'entities-csv']) {
    const mine = (await download(page, format)).toString('utf8');
    const theirs = cli(['export', '--format', format, '--out', '-', ...FILES]).toString('utf8');
    assert.equal(mine, theirs, `${format}: the page's download differs from the CLI export`);
  }

  // A reload gives the same list back (entries under their files, the row error) without
  // analyzing again.
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 60000 });
  const back = await settledList(page, 8);
  assert.deepEqual(back, list);
  await openArticle(page, 'wire.jsonl#row2');
  assert.match(await page.locator('article[data-file="wire.jsonl#row2"] .provenance').innerText(), /row 2/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a table whose text column is not found offers its columns; the chosen one is read', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page, errors } = await open(context);
  await dropFiles(page, [file('odd-columns.csv')]);
  const [[, state, , message]] = await settledList(page, 1);
  assert.equal(state, 'error');
  assert.match(message, /ref, heading, story_blob/);
  const choices = page.locator('li.file[data-file="odd-columns.csv"] button.choose-column');
  assert.deepEqual(await choices.evaluateAll((bs) => bs.map((b) => b.dataset.column)), ['ref', 'heading', 'story_blob']);
  await choices.filter({ hasText: 'story_blob' }).click();
  const list = await settledList(page, 3);
  assert.deepEqual(list.map(([n, s, p]) => [n, s, p]), [
    ['odd-columns.csv', 'split', null],
    ['odd-columns.csv#row1', 'done', 'odd-columns.csv'],
    ['odd-columns.csv#row2', 'done', 'odd-columns.csv'],
  ]);
  await openArticle(page, 'odd-columns.csv#row1');
  const article = page.locator('article[data-file="odd-columns.csv#row1"]');
  assert.equal(await article.locator('h2').innerText(), 'Harbour');
  assert.match(await article.innerText(), /Dockworkers in Rotterdam/);
  const marks = await article.locator('mark.entity').evaluateAll((ms) => ms.map((m) => m.dataset.label));
  assert.ok(marks.includes('GPE'), JSON.stringify(marks));
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted text goes through the same intake: pasted JSON lines give one entry per line', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page, errors } = await open(context);
  await page.locator('#paste-box').fill([
    '{"id": "a1", "text": "Angela Merkel visited Paris on Monday."}',
    '{"id": "a2", "text": "Kenneth Griffin met officials in Chicago."}',
  ].join('\n'));
  await page.getByRole('button', { name: 'Analyze pasted text' }).click();
  const list = await settledList(page, 3);
  assert.deepEqual(list.map(([n, s, p]) => [n, s, p]), [
    ['pasted-text-1.txt', 'split', null],
    ['pasted-text-1.txt#row1', 'done', 'pasted-text-1.txt'],
    ['pasted-text-1.txt#row2', 'done', 'pasted-text-1.txt'],
  ]);
  await openArticle(page, 'pasted-text-1.txt#row2');
  const marks = (await marksOf(page, 'pasted-text-1.txt#row2')).map((m) => [m.text, m.label]);
  assert.deepEqual(marks, [['Kenneth Griffin', 'PERSON'], ['Chicago', 'GPE']]);
  assert.deepEqual(errors, []);
  await context.close();
});
