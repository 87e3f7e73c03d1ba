// Skin Garden's service worker (served at /sw.js by skingarden/views.py, which
// writes SHELL_ASSETS and SHELL_VERSION above this line). docs/phone.md explains it.
//
// It stores two things, each in its own cache:
// - the shell (SHELL_CACHE): the static files the offline pages need, the same for
//   everyone, kept from installation;
// - the person's offline copy (PERSON_CACHE): the offline page of their programme
//   and the last plan the API sent, put there by the pages (offline/app.js) for the
//   signed-in person only, and deleted when another person signs in or on sign-out.
// Pages are never stored here as they are fetched: they stay no-store.
"use strict";

const SHELL_CACHE = "skingarden-shell-" + SHELL_VERSION;
const PERSON_CACHE = "skingarden-person";
const OFFLINE_PAGE = "/offline/page";
// The pages that open without a connection: Today and a day's log.
const OFFLINE_ROUTES = [
  /^\/today\/$/,
  /^\/programmes\/[0-9a-f-]{36}\/log\/([0-9]{4}-[0-9]{2}-[0-9]{2}\/)?$/,
  /^\/programmes\/[0-9a-f-]{36}\/offline\/$/,
];
const NO_COPY =
  "<!doctype html><html lang=\"en-GB\"><meta charset=\"utf-8\">" +
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
  "<title>Offline · Skin Garden</title><h1>You are offline</h1>" +
  "<p>This page needs a connection. Today and your daily log open offline once " +
  "you have opened Today with a connection on this phone.</p>" +
  "<p><a href=\"/today/\">Today</a></p></html>";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL_ASSETS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names
          .filter((name) => name.startsWith("skingarden-shell-") && name !== SHELL_CACHE)
          .map((name) => caches.delete(name)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return; // writes and other sites go to the network, untouched
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(fromShell(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageOrOfflineCopy(request, url));
  }
});

// Static files from the network (in production the browser's own cache answers:
// their names carry a hash of their content), and from the shell when offline.
async function fromShell(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match(request, { cacheName: SHELL_CACHE });
    if (cached) {
      return cached;
    }
    throw error;
  }
}

// The page from the network; without one, the person's offline page for Today and
// a day's log, and a short note for any other page.
async function pageOrOfflineCopy(request, url) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = OFFLINE_ROUTES.some((route) => route.test(url.pathname));
    const copy = offline && await caches.match(OFFLINE_PAGE, { cacheName: PERSON_CACHE });
    return copy || new Response(NO_COPY, {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  }
}
