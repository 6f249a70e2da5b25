// Static file server for the page: correct MIME types (application/wasm), the page's
// Content-Security-Policy as a header, no caching, and `Access-Control-Allow-Origin: *` so that
// the widget (widget.js, its styles, the wasm and the worker) can be loaded by pages on other
// origins. Used by `cargo xtask serve` and by the tests (which also start host pages on a second
// port with `startServer({root, csp})`).
// Usage: node scripts/serve.mjs [--port 8080] [--root .]
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** What a host serving the widget's assets to other origins must send with each of them. */
export const ASSET_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/**
 * Starts the server; resolves to the `http.Server` once it listens. `csp` is the policy sent
 * with every response (null: none); `log(url)` sees every request.
 */
export function startServer({ root = '.', port = 8080, host = '127.0.0.1', csp = CSP, log } = {}) {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    log?.(req.url);
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...ASSET_HEADERS };
    if (csp) headers['Content-Security-Policy'] = csp;
    try {
      const url = new URL(req.url, 'http://localhost');
      let file = path.normalize(path.join(base, decodeURIComponent(url.pathname)));
      if (file !== base && !file.startsWith(base + path.sep)) throw Object.assign(new Error('outside root'), { code: 'ENOENT' });
      let info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      headers['Content-Type'] = TYPES[path.extname(file)] || 'application/octet-stream';
      headers['Content-Length'] = info.size;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(err.code === 'ENOENT' || err.code === 'ENOTDIR' ? 404 : 500, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg('--port', process.env.PORT || 8080));
  const server = await startServer({ root: arg('--root', '.'), port });
  console.log(`Entity Lens: http://127.0.0.1:${server.address().port}/`);
}
