// The engine compiled to wasm (the page's worker module, pkg/entity_lens_worker_bg.wasm) must give
// exactly what the native build gives: same cleaned article, same entities, same offsets.
// Native side: `cargo run -p entity-lens-protocol --features engine --example entities`;
// wasm side: the worker module's `analyze_json`, run here in Node's V8 (the engine Chromium uses).
// Texts: the repo's fixtures, plus ../shared/samples when present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, FIXTURES, SAMPLES, readArticles } from './helpers.mjs';

const WASM = path.join(ROOT, 'pkg', 'entity_lens_worker_bg.wasm');
const GLUE = path.join(ROOT, 'pkg', 'entity_lens_worker.js');
const PROFILE = process.env.PARITY_PROFILE || 'dev'; // the workspace optimizes the engine in dev

test('the worker wasm gives the same articles and entities as the native engine', { skip: !existsSync(WASM) && 'pkg/ not built (cargo xtask build)' }, async () => {
  const dirs = [FIXTURES, SAMPLES].filter(existsSync);
  if (!existsSync(SAMPLES)) console.log(`# parity: no ${SAMPLES}, fixtures only`);
  const files = dirs.flatMap((d) => readArticles(d).map((f) => ({ ...f, path: path.join(d, f.name) })));
  assert.ok(files.length >= 3);

  const native = execFileSync('cargo', ['run', '--quiet', '--profile', PROFILE, '-p', 'entity-lens-protocol',
    '--features', 'engine', '--example', 'entities', '--', ...files.map((f) => f.path)],
  { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] })
    .trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(native.length, files.length);

  const glue = await import(GLUE);
  glue.initSync({ module: readFileSync(WASM) });
  let ents = 0;
  for (const [i, f] of files.entries()) {
    const wasm = JSON.parse(glue.analyze_json(f.bytes, false));
    const nat = native[i];
    assert.equal(nat.file, f.name);
    assert.deepEqual(wasm.error, nat.error, `${f.name}: error`);
    assert.deepEqual(wasm.article, nat.article, `${f.name}: wasm and native differ`);
    ents += (nat.article?.mentions ?? []).length;
  }
  console.log(`# parity: ${files.length} files, ${ents} entity mentions, identical in wasm and native`);
  assert.ok(ents > 0, 'the engine found no entity at all: nothing was compared');
});
