// Offline and installable: after a first visit (the service worker sw.js caches the build's
// assets listed in pkg/build.js), the page reloads and analyzes a file with the server gone and
// the browser offline; the web app manifest passes Chromium's installability checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, readArticles, launch, dropFiles, waitFinished } from './helpers.mjs';

const fixtures = readArticles(FIXTURES).filter((f) => f.name !== 'payload.txt');

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('after a first visit the page reloads and analyzes offline; it is installable', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  await page.goto(`${env.base}/`);
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 60000 });
  // The service worker is active and its build's cache holds every asset.
  const cached = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const keys = (await caches.keys()).filter((k) => k.startsWith('entity-lens-'));
    const cache = await caches.open(keys[0]);
    return { keys, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
  });
  assert.equal(cached.keys.length, 1, JSON.stringify(cached.keys));
  for (const asset of ['/index.html', '/main.js', '/worker-shim.js', '/pkg/entity_lens_web_bg.wasm', '/pkg/entity_lens_worker_bg.wasm', '/style/main.css']) {
    assert.ok(cached.urls.includes(asset), `${asset} cached: ${cached.urls}`);
  }
  // Installable (a page in an incognito-like test context is the only objection allowed).
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  const objections = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
  assert.deepEqual(objections, []);
  const manifest = await page.evaluate(async () => (await fetch('manifest.webmanifest')).json());
  assert.equal(manifest.name, 'Entity Lens');

  // Network gone: the server stops and the browser is offline.
  await new Promise((resolve) => { env.server.close(resolve); env.server.closeAllConnections(); });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  await page.waitForSelector('.model-status[data-model="ready"]', { timeout: 60000 });
  await dropFiles(page, fixtures.slice(0, 1));
  const states = await waitFinished(page, [fixtures[0].name]);
  assert.equal(states[fixtures[0].name], 'done');
  assert.ok(await page.locator('article[data-file] mark.entity').count() > 0);
  assert.deepEqual(errors, []);
  await context.close();
});
