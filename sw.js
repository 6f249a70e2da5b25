// The page's service worker: after the first visit the page works offline. Registered by the
// standalone page only (main.js), never by the embeddable widget.
//
// `pkg/build.js` (written by `cargo xtask build`) sets `self.BUILD = {id, assets}`: the build's
// id (a hash of every asset) and the list of the app's own files. Each build has its own cache,
// `entity-lens-<id>`, filled whole at install (all or nothing); activating a new build deletes
// the older caches. The browser reinstalls this worker whenever `pkg/build.js` changes.
//
// Requests go to the network first (online, the page is always the served build, never a mix
// of cached and new files); the build's cache answers when the network does not.
importScripts('pkg/build.js');

const CACHE = `entity-lens-${self.BUILD.id}`;
const scope = new URL(self.registration.scope);
const ASSETS = self.BUILD.assets.map((a) => new URL(a, scope).href);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS.map((url) => new Request(url, { cache: 'no-store' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('entity-lens-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope.origin)) return;
  event.respondWith((async () => {
    try {
      return await fetch(request);
    } catch (offline) {
      const cache = await caches.open(CACHE);
      const url = new URL(request.url);
      url.search = '';
      // The page itself is cached as index.html.
      if (request.mode === 'navigate' || url.pathname.endsWith('/')) {
        const page = await cache.match(new URL('index.html', scope).href);
        if (page) return page;
      }
      const hit = await cache.match(url.href);
      if (hit) return hit;
      throw offline;
    }
  })());
});
