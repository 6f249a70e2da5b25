// The reader's refined/raw switch, in a real browser: each mode's marks must be exactly the
// entities the CLI gives for the same file (`entity-lens analyze --format jsonl`: `label` is the
// refined label, `raw_label` spaCy's), the switch is keyboard operable, and, when refinement
// changes a label in the fixture, switching changes the marks.
// Native side: `cargo run -p entity-lens-cli -- analyze --format jsonl FILE` (dev profile, like
// tests/wasm_parity.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, FIXTURES, readArticles, launch, openPage, dropFiles, marksOf, runCli } from './helpers.mjs';

const NAME = 'sahel-talks.txt';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** The CLI's mentions of `file` as [{text, label, raw_label}] (document order). */
function cliMentions(file) {
  const out = runCli(['analyze', '--format', 'jsonl', file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const rec = JSON.parse(out.trim().split('\n')[0]);
  assert.ok(Array.isArray(rec.ents), `no ents in ${out.slice(0, 200)}`);
  // The page cuts marks at paragraph breaks: compare the parts of mentions inside paragraphs.
  const paras = rec.paragraphs ?? [[0, [...rec.text].length]];
  const chars = [...rec.text];
  const parts = [];
  for (const e of rec.ents) {
    for (const [ps, pe] of paras) {
      const s = Math.max(e.start, ps); const t = Math.min(e.end, pe);
      if (s < t) parts.push({ start: s, text: chars.slice(s, t).join(''), label: e.label, raw_label: e.raw_label });
    }
  }
  return parts.sort((a, b) => a.start - b.start);
}

/** Marks of a view as expected from CLI mentions: first of overlapping mentions wins. */
function expectedMarks(mentions, key) {
  const out = [];
  let end = -1;
  for (const m of mentions) {
    const label = m[key];
    if (!label || m.start < end) continue;
    out.push({ text: m.text, label });
    end = m.start + [...m.text].length;
  }
  return out;
}

test('the refined/raw switch shows refined labels by default and spaCy\'s exact labels on demand', async () => {
  const file = readArticles(FIXTURES).find((f) => f.name === NAME);
  assert.ok(file, `${NAME} fixture`);
  const cli = cliMentions(path.join(FIXTURES, NAME));
  assert.ok(cli.length >= 8, `the CLI found ${cli.length} mentions`);

  const { page, errors } = await openPage(env.browser, env.base);
  await dropFiles(page, [file]);
  const article = page.locator(`article[data-file="${NAME}"]`);
  await article.locator('mark.entity').first().waitFor({ timeout: 60000 });
  const refinedBtn = page.locator('.mode-switch button.mode[data-mode="refined"]');
  const rawBtn = page.locator('.mode-switch button.mode[data-mode="raw"]');

  // Refined by default.
  assert.equal(await article.getAttribute('data-mode'), 'refined');
  assert.equal(await refinedBtn.getAttribute('aria-pressed'), 'true');
  assert.equal(await rawBtn.getAttribute('aria-pressed'), 'false');
  const strip = (ms) => ms.map(({ text, label }) => ({ text, label }));
  const refined = await marksOf(page, NAME);
  assert.deepEqual(strip(refined), expectedMarks(cli, 'label'), 'refined marks = CLI labels');
  assert.ok(refined.every((m) => m.tag === m.label));

  // Keyboard: focus the raw button, press Enter.
  await rawBtn.focus();
  await page.keyboard.press('Enter');
  assert.equal(await article.getAttribute('data-mode'), 'raw');
  assert.equal(await rawBtn.getAttribute('aria-pressed'), 'true');
  const raw = await marksOf(page, NAME);
  assert.deepEqual(strip(raw), expectedMarks(cli, 'raw_label'), 'raw marks = CLI raw_label (spaCy)');

  // Legend and entity panel follow the mode.
  const legend = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.legend button.toggle')]
    .map((b) => [b.dataset.label, Number(b.querySelector('.count').textContent)])));
  const rawCounts = {};
  for (const m of raw) rawCounts[m.label] = (rawCounts[m.label] || 0) + 1;
  assert.deepEqual(legend, rawCounts, 'legend counts = raw marks per label');

  const changed = cli.filter((m) => m.label !== m.raw_label);
  if (changed.length) {
    assert.notDeepEqual(strip(raw), strip(refined), 'refinement changed labels, so the marks differ');
    console.log(`# switch: ${changed.length} mentions differ between refined and raw: ${JSON.stringify(changed.slice(0, 5))}`);
  } else {
    console.log('# switch: refinement changes nothing in this fixture with this engine (refine stage not merged?)');
  }

  await refinedBtn.click();
  assert.deepEqual(await marksOf(page, NAME), refined, 'back to refined');
  assert.deepEqual(errors, []);
  await page.close();
});
