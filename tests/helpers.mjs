// Shared helpers of the browser tests: the static server, Chromium, drops, waits.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
/** The shared sample articles (users' documents, not in the repo); may be absent. */
export const SAMPLES = path.resolve(ROOT, '..', 'shared', 'samples');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions'];

/** Files of a folder as `{name, bytes}` (sorted by name; `.txt` only). */
export function readArticles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}

/** Starts the server on a free port and launches Chromium. */
export async function launch() {
  if (!existsSync(path.join(ROOT, 'pkg', 'entity_lens_web_bg.wasm'))) {
    throw new Error('pkg/ is missing: run `cargo xtask build` first');
  }
  const server = await startServer({ root: ROOT, port: 0 });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return { server, base, browser, async close() { await browser.close(); server.close(); } };
}

/**
 * Opens the page and waits for the recognizer. Collects console errors, page errors and every
 * request into the returned arrays.
 */
export async function openPage(browser, base, { width = 1400, height = 950 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  await page.waitForSelector('.model-status[data-model="ready"], .model-status[data-model="failed"]', { timeout: 60000 });
  return { page, errors, requests };
}

/**
 * Builds a `DataTransfer` holding `files` (`{name, bytes|text, type?}`) inside the page; returns
 * its handle (building it is the test's work: do it before measuring the page).
 */
export async function makeTransfer(page, files) {
  const payload = files.map((f) => ({
    name: f.name,
    type: f.type ?? 'text/plain',
    data: Buffer.from(f.bytes ?? f.text ?? '').toString('base64'),
  }));
  return page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bin = atob(f.data);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, payload);
}

/** Simulates an OS drop of a `DataTransfer` handle (see `makeTransfer`) on the page's body. */
export async function dropTransfer(page, dt) {
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('body', type, { dataTransfer: dt });
  }
}

/** Simulates an OS drop of `files` (`{name, bytes|text, type?}`) on the page's body. */
export async function dropFiles(page, files) {
  await dropTransfer(page, await makeTransfer(page, files));
}

/** Waits until every listed file has finished (done or error); returns their states. */
export async function waitFinished(page, names, timeout = 120000) {
  // One pass over the list per poll (this runs on the page's main thread too).
  const states = () => page.evaluate((names) => {
    const byName = new Map();
    for (const li of document.querySelectorAll('li.file')) byName.set(li.dataset.file, li.dataset.state);
    return Object.fromEntries(names.map((n) => [n, byName.get(n)]));
  }, names);
  const t0 = Date.now();
  for (;;) {
    const now = await states();
    if (Object.values(now).every((s) => s === 'done' || s === 'error')) return now;
    if (Date.now() - t0 > timeout) throw new Error(`files not finished: ${JSON.stringify(now)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Waits until the batch's progress line says `total` files were added and all of them finished
 * (the file list is virtualized, so a big batch cannot be read from its rows). Returns the line.
 */
export async function waitBatch(page, total, timeout = 3_600_000) {
  const t0 = Date.now();
  for (;;) {
    const s = await page.evaluate(() => {
      const p = document.querySelector('.batch-text');
      return { finished: Number(p?.dataset.finished), total: Number(p?.dataset.total), text: p?.textContent ?? '' };
    });
    if (s.total >= total && s.finished === s.total) return s.text;
    if (Date.now() - t0 > timeout) throw new Error(`batch not finished: ${s.text}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Opens a file of the list and waits for its article. */
export async function openArticle(page, name) {
  await page.locator('li.file').filter({ has: page.locator(`button.open`, { hasText: name }) })
    .first().locator('button.open').click();
  await articleShown(page, name);
  // The legend and the entity panel join a moment after the text.
  await page.waitForSelector('.reading .legend', { timeout: 30000 });
}

/** Waits until article `name` is on screen with all its paragraphs (the reader adds a long
 * article's paragraphs in slices, `aria-busy` until the last). */
export async function articleShown(page, name, timeout = 30000) {
  await page.waitForSelector(`article[data-file="${name}"]:not([aria-busy])`, { timeout });
}

/** The marks of the open article as `{text, label}` (text without the label tag). */
export async function marksOf(page, name) {
  await articleShown(page, name);
  return page.evaluate((name) => {
    const article = [...document.querySelectorAll('article')].find((a) => a.dataset.file === name);
    return [...article.querySelectorAll('mark.entity')].map((m) => ({
      text: [...m.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''),
      label: m.dataset.label,
      tag: m.querySelector('span')?.textContent,
    }));
  }, name);
}

/** The host-page policy of the widget's issue and the README, word for word (ASSETS: the
 * origin serving widget.js). */
export const HOST_CSP = "default-src 'self'; script-src 'self' ASSETS 'wasm-unsafe-eval'; worker-src ASSETS blob:; connect-src 'self' ASSETS; style-src 'self' ASSETS; img-src 'self' ASSETS data:; font-src 'self' ASSETS";

/**
 * The widget's setting: the assets (this repo, with `Access-Control-Allow-Origin`) on one port,
 * and host pages on others (other origins). `pages` maps a file name to its text (`ASSETS` in it
 * becomes the assets' origin); each host gets its own port, served with `csp` (null: none).
 * Every request reaching either server is logged in `hits`. Returns `{assets, hosts, browser,
 * hits, close()}` with `hosts[i]` the origin of the i-th `{pages, csp}`.
 */
export async function launchOrigins(hostSpecs) {
  const { mkdtempSync, writeFileSync, mkdirSync: mkdir, rmSync } = await import('node:fs');
  const os = await import('node:os');
  if (!existsSync(path.join(ROOT, 'pkg', 'entity_lens_web_bg.wasm'))) {
    throw new Error('pkg/ is missing: run `cargo xtask build` first');
  }
  const hits = [];
  const assetServer = await startServer({ root: ROOT, port: 0, log: (u) => hits.push(['assets', u]) });
  const assets = `http://127.0.0.1:${assetServer.address().port}`;
  const servers = [assetServer];
  const dirs = [];
  const hosts = [];
  for (const { pages, csp = null } of hostSpecs) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-lens-host-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(pages)) {
      const file = path.join(dir, name);
      mkdir(path.dirname(file), { recursive: true });
      writeFileSync(file, typeof text === 'string' ? text.replaceAll('ASSETS', assets) : text);
    }
    const server = await startServer({
      root: dir, port: 0, csp: csp && csp.replaceAll('ASSETS', assets), log: (u) => hits.push(['host', u]),
    });
    servers.push(server);
    hosts.push(`http://127.0.0.1:${server.address().port}`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    assets, hosts, browser, hits,
    async close() {
      await browser.close();
      for (const s of servers) s.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url` in a fresh context (cold cache), collecting console errors, page errors and every
 * request URL (the page's and its workers').
 */
export async function openHost(browser, url, { width = 1200, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, context, errors, requests };
}

/** Runs the native CLI with `args` (`execFileSync`'s options): `$ENTITY_LENS_CLI_BIN` when set
 * (`cargo xtask test` passes the one its native tests built), else `cargo run` of the workspace's
 * CLI in the `$PARITY_PROFILE` profile (default `dev`). */
export function runCli(args, options = {}) {
  const bin = process.env.ENTITY_LENS_CLI_BIN;
  if (bin) return execFileSync(bin, args, options);
  return execFileSync('cargo', ['run', '--quiet', '--manifest-path', path.join(ROOT, 'Cargo.toml'),
    '--profile', process.env.PARITY_PROFILE || 'dev', '-p', 'entity-lens-cli', '--', ...args], options);
}
