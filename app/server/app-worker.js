// Bedside's service worker (a go-app ServiceWorkerTemplate). Unlike go-app's
// default it waits for the cache to fill before installing, answers every
// navigation with the cached app shell so any route reloads offline, and
// leaves the weights alone: they live in IndexedDB keyed by sha256 (see
// web/bedside.js), so a release does not throw them away.
const cacheName = "app-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    // The server marks everything no-cache, so this revalidates what the
    // page just downloaded (304) instead of fetching it a second time.
    // The two wasm binaries come last and one at a time, the app's first:
    // on a first visit the page is still downloading app.wasm (this request
    // waits for it, then revalidates), and worker.wasm fetched alongside
    // would halve the bandwidth the page needs to turn usable.
    const wasm = (u) => String(u).endsWith(".wasm");
    const app = (u) => String(u).endsWith("/app.wasm");
    await cache.addAll(resourcesToCache.filter((u) => !wasm(u)));
    for (const u of [...resourcesToCache.filter(app), ...resourcesToCache.filter((u) => wasm(u) && !app(u))]) {
      await cache.add(u);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== cacheName && key.startsWith("app-")) {
        await caches.delete(key);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") {
    return;
  }
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith("/web/models/") && url.pathname.endsWith(".safetensors")) {
    return;
  }
  if (req.mode === "navigate") {
    event.respondWith(navigate(req));
    return;
  }
  event.respondWith(cacheFirst(req));
});

async function navigate(req) {
  const cache = await caches.open(cacheName);
  const hit = (await cache.match(req, { ignoreSearch: true })) || (await cache.match("/"));
  if (hit) {
    return hit;
  }
  return fetch(req);
}

async function cacheFirst(req) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(req);
  if (hit) {
    return hit;
  }
  return fetch(req);
}
