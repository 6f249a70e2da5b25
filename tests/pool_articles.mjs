// Generated batches of articles for the pool's tests and benchmark.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, FIXTURES, readArticles } from './helpers.mjs';

/**
 * The BBC News stories (2,225 articles; not in the repository, see ../shared/data/README.md):
 * `$BBC_NEWS`, else `../shared/data/bbc-news` beside the checkout (or beside its worktree folder).
 */
export const BBC = [process.env.BBC_NEWS, path.resolve(ROOT, '..', 'shared', 'data', 'bbc-news'),
  path.resolve(ROOT, '..', '..', 'shared', 'data', 'bbc-news')].find((d) => d && existsSync(d)) ?? '';


/** `n` articles named `article-0001.txt`…: BBC News stories in a fixed order, else fixtures. */
export function articles(n) {
  let pool = [];
  if (BBC) {
    for (const dir of readdirSync(BBC).sort()) {
      const full = path.join(BBC, dir);
      if (!existsSync(full) || !/^[a-z]+$/.test(dir)) continue;
      pool.push(...readArticles(full));
    }
  }
  if (pool.length === 0) pool = readArticles(FIXTURES).filter((f) => f.name !== 'payload.txt');
  return Array.from({ length: n }, (_, i) => ({
    name: `article-${String(i + 1).padStart(4, '0')}.txt`,
    bytes: pool[i % pool.length].bytes,
  }));
}

