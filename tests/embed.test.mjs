// Browser test of the iframe embed (embed.html): a host page on another origin frames it with
// the text in the fragment; the frame reports its height (and its entities) by postMessage and
// the host resizes it. Run with `node --test tests/embed.test.mjs` after `cargo xtask build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HOST_CSP, launchOrigins, openHost } from './helpers.mjs';


const SHORT = 'Angela Merkel met Emmanuel Macron in Paris.';
const LONG = Array.from({ length: 12 }, (_, i) =>
  `Paragraph ${i + 1}: Kenneth Griffin gave money to the Art Institute of Chicago, and Claude Monet fans in London cheered.`).join('\n\n');

// What a host does with the frame's messages (the README's snippet, as a file for the CSP).
const HOST_JS = `window.__messages = [];
window.addEventListener('message', (e) => {
  if (e.origin !== window.widgetOrigin || e.data?.type?.startsWith('entity-lens:') !== true) return;
  window.__messages.push(e.data);
  const frame = document.querySelector('iframe[data-frame="' + e.data.frame + '"]');
  if (e.data.type === 'entity-lens:resize' && frame) frame.height = e.data.height;
});
`;

const pages = {
  'origin.js': 'window.widgetOrigin = "ASSETS";\n',
  'host.js': HOST_JS,
  'index.html': `<!doctype html><html><head><meta charset="utf-8"><title>Embedded</title><link rel="icon" href="data:,">
<script src="origin.js"></script><script src="host.js"></script></head><body>
<h1>A research site</h1>
<iframe data-frame="one" title="Entity Lens" width="700" height="50"
  src="ASSETS/embed.html#frame=one&labels=PERSON,GPE&text=${encodeURIComponent(SHORT)}"></iframe>
</body></html>`,
};

let env;
before(async () => {
  // The host page's policy must let it frame the assets: the README's CSP plus frame-src.
  env = await launchOrigins([{ pages, csp: `${HOST_CSP}; frame-src ASSETS` }]);
});
after(async () => { await env?.close(); });

async function frameState(page) {
  const frame = page.frames().find((f) => f.url().includes('/embed.html'));
  const inner = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  const outer = await page.evaluate(() => document.querySelector('iframe').clientHeight);
  return { frame, inner, outer };
}

test('the iframe embed highlights its text and resizes to its content', async () => {
  const host = env.hosts[0];
  const { page, context, errors, requests } = await openHost(env.browser, `${host}/index.html`);
  await page.waitForFunction(() => window.__messages.some((m) => m.type === 'entity-lens:analyzed'), null, { timeout: 90000 });
  const analyzed = await page.evaluate(() => window.__messages.find((m) => m.type === 'entity-lens:analyzed'));
  assert.equal(analyzed.frame, 'one');
  assert.deepEqual(analyzed.entities.map((e) => [e.text, e.label]),
    [['Angela Merkel', 'PERSON'], ['Emmanuel Macron', 'PERSON'], ['Paris', 'GPE']]);

  // The frame's height follows its content (after the highlights rendered).
  await page.waitForFunction(() => {
    const f = document.querySelector('iframe');
    return Number(f.height) > 100;
  }, null, { timeout: 30000 });
  await page.waitForTimeout(300);
  let s = await frameState(page);
  assert.ok(Math.abs(s.inner - s.outer) <= 1, `frame ${s.outer}px for content ${s.inner}px`);
  const shortHeight = s.outer;
  assert.ok(await s.frame.locator('entity-lens mark.entity').count() >= 3);

  // A longer text (the fragment changes): the frame grows with it.
  await page.evaluate((text) => {
    const f = document.querySelector('iframe');
    f.src = f.src.replace(/text=[^&]*/, `text=${encodeURIComponent(text)}`);
  }, LONG);
  await page.waitForFunction((h) => Number(document.querySelector('iframe').height) > h + 200, shortHeight, { timeout: 90000 });
  await page.waitForTimeout(300);
  s = await frameState(page);
  assert.ok(Math.abs(s.inner - s.outer) <= 1, `frame ${s.outer}px for content ${s.inner}px`);
  const resizes = await page.evaluate(() => window.__messages.filter((m) => m.type === 'entity-lens:resize'));
  assert.ok(resizes.every((m) => m.frame === 'one' && Number.isInteger(m.height)), JSON.stringify(resizes));

  const outside = requests.filter((u) => !u.startsWith(`${host}/`) && !u.startsWith(`${env.assets}/`));
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('embed.html refuses a src from another origin than its own', async () => {
  const { page, context } = await openHost(env.browser,
    `${env.assets}/embed.html#src=${encodeURIComponent(`${env.hosts[0]}/origin.js`)}`);
  const alert = page.locator('p.refused');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Only files from .* can be shown here/);
  await context.close();
});
