// Skin Garden on a phone without a connection (docs/phone.md): registers the
// service worker, keeps the signed-in person's offline copy (their offline page and
// the last plan from the API) and the days logged offline (IndexedDB), sends those
// days through the API when the connection returns, and asks the person to choose
// when a day changed elsewhere meanwhile. Loaded on every page by base.html; the
// offline page, the log form and the log-out page add their own parts.
"use strict";
(function () {
  const script = document.currentScript;
  const person = script.dataset.person || "";
  const PERSON_CACHE = "skingarden-person";
  const OFFLINE_PAGE = "/offline/page";
  const OFFLINE_PLAN = "/offline/plan.json";
  const PERSON_KEY = "skingarden-offline-person";
  const STAMP_KEY = "skingarden-offline-stamp"; // what the kept copy was made from
  const DB_NAME = "skingarden-offline";
  const QUEUE = "queue";

  function openDb() {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(QUEUE, { keyPath: "key" });
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
  }

  async function inQueue(mode, work) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(QUEUE, mode);
      const request = work(transaction.objectStore(QUEUE));
      transaction.oncomplete = () => { db.close(); resolve(request && request.result); };
      transaction.onerror = () => { db.close(); reject(transaction.error); };
    });
  }

  // The days this person logged on this phone and has not yet sent, oldest first.
  async function queued() {
    const all = await inQueue("readonly", (store) => store.getAll());
    return all.filter((entry) => entry.person === person).sort((a, b) => a.day < b.day ? -1 : 1);
  }

  function keep(entry) {
    entry.key = [entry.person, entry.programme, entry.day].join("/");
    return inQueue("readwrite", (store) => store.put(entry));
  }

  function forget(entry) {
    return inQueue("readwrite", (store) => store.delete(entry.key));
  }

  function csrfToken() {
    const found = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    return found ? decodeURIComponent(found.slice("csrftoken=".length)) : "";
  }

  function dayUrl(entry) {
    return "/api/v1/programmes/" + entry.programme + "/checkins/" + entry.day;
  }

  async function put(entry, condition) {
    const headers = { "Content-Type": "application/json", "X-CSRFToken": csrfToken() };
    Object.assign(headers, condition);
    return fetch(dayUrl(entry), {
      method: "PUT", headers, body: JSON.stringify(entry.body), credentials: "same-origin",
    });
  }

  // Send one queued day. "sent", "conflict" (kept, with the other version), "refused"
  // (kept, with the API's reason) or "stopped" (no connection or not signed in:
  // kept as it is, for the next try).
  async function send(entry) {
    let answer;
    try {
      answer = await put(entry, entry.condition);
    } catch (error) {
      return "stopped";
    }
    if (answer.ok) {
      await forget(entry);
      return "sent";
    }
    if (answer.status === 412) {
      return conflict(entry);
    }
    if (answer.status === 400) {
      const problem = await answer.json();
      entry.state = "refused";
      entry.error = [problem.error, ...Object.values(problem.fields || {})].join(" ");
      await keep(entry);
      return "refused";
    }
    return "stopped";
  }

  // The day changed elsewhere: fetch that version to show beside this phone's.
  async function conflict(entry) {
    const answer = await fetch(dayUrl(entry), { credentials: "same-origin", cache: "no-store" });
    if (answer.status === 404) { // deleted meanwhile: log it afresh
      entry.condition = { "If-None-Match": "*" };
      return send(entry);
    }
    if (!answer.ok) {
      return "stopped";
    }
    entry.state = "conflict";
    entry.theirs = await answer.json();
    entry.theirsVersion = answer.headers.get("ETag");
    await keep(entry);
    return "conflict";
  }

  let sending = null;

  // Send every queued day of this person (one run at a time); the outcomes counted.
  function sendAll() {
    sending = sending || (async () => {
      const outcomes = { sent: 0, conflict: 0, refused: 0, stopped: 0 };
      for (const entry of await queued()) {
        if (entry.state === "conflict" || entry.state === "refused") {
          outcomes[entry.state] += 1;
          continue;
        }
        const outcome = await send(entry);
        outcomes[outcome] += 1;
        if (outcome === "stopped") {
          break;
        }
      }
      return outcomes;
    })().finally(() => { sending = null; });
    return sending;
  }

  async function keepMine(entry) {
    entry.condition = { "If-Match": entry.theirsVersion };
    entry.state = "queued";
    await keep(entry);
    return send(entry);
  }

  async function clearOfflineCopy() {
    await caches.delete(PERSON_CACHE);
    localStorage.removeItem(PERSON_KEY);
    localStorage.removeItem(STAMP_KEY);
  }

  // A different person signed in on this phone: the last one's copy goes.
  async function ownOfflineCopy() {
    if (!person || localStorage.getItem(PERSON_KEY) === person) {
      return;
    }
    await caches.delete(PERSON_CACHE);
    localStorage.removeItem(STAMP_KEY);
    localStorage.setItem(PERSON_KEY, person);
  }

  // On Today, with a connection: refresh this person's offline page and plan, unless
  // the copy kept was made from the same programme revision, day and static files.
  async function refreshOfflineCopy() {
    const source = document.getElementById("offline-copy");
    if (!source || !person) {
      return;
    }
    const kept = await caches.match(OFFLINE_PLAN, { cacheName: PERSON_CACHE });
    const unchanged = localStorage.getItem(STAMP_KEY) === source.dataset.stamp;
    if (kept && unchanged && !sentHere.length) {
      document.documentElement.dataset.offlineReady = "true";
      return;
    }
    try {
      // One after the other, and tried again after a server error: the page is
      // loading its own parts at the same moment.
      const page = await fetchKept(source.dataset.page);
      const plan = page.ok ? await fetchKept(source.dataset.plan) : page;
      if (!page.ok || !plan.ok || localStorage.getItem(PERSON_KEY) !== person) {
        return;
      }
      const cache = await caches.open(PERSON_CACHE);
      await cache.put(OFFLINE_PAGE, page);
      await cache.put(OFFLINE_PLAN, plan);
      localStorage.setItem(STAMP_KEY, source.dataset.stamp);
      document.documentElement.dataset.offlineReady = "true";
    } catch (error) {
      // Offline now: the copy from the last visit stays.
    }
  }

  async function fetchKept(url, tries = 3) {
    const answer = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (answer.status < 500 || tries <= 1) {
      return answer;
    }
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
    return fetchKept(url, tries - 1);
  }

  async function lastPlan() {
    const found = await caches.match(OFFLINE_PLAN, { cacheName: PERSON_CACHE });
    return found ? found.json() : null;
  }

  function element(tag, attributes, ...children) {
    const made = document.createElement(tag);
    Object.assign(made, attributes || {});
    made.append(...children);
    return made;
  }

  function dayLabel(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    return new Date(year, month - 1, day).toLocaleDateString("en-GB", {
      weekday: "long", day: "numeric", month: "long",
    });
  }

  function fieldLabels() {
    const found = document.getElementById("offline-labels");
    return found ? JSON.parse(found.textContent) : {};
  }

  function shown(value) {
    if (value === null || value === undefined || value === "") {
      return "—";
    }
    return Array.isArray(value) ? (value.join(", ") || "none") : String(value);
  }

  // Both versions of a day, side by side, with the fields that differ.
  function comparison(entry) {
    const labels = fieldLabels();
    const rows = Object.keys(entry.body)
      .filter((key) => JSON.stringify(entry.body[key]) !== JSON.stringify(entry.theirs[key]))
      .map((key) => element("tr", {},
        element("th", { scope: "row", textContent: labels[key] || key.replaceAll("_", " ") }),
        element("td", { textContent: shown(entry.body[key]) }),
        element("td", { textContent: shown(entry.theirs[key]) })));
    const head = element("tr", {},
      element("th", { textContent: "Answer" }),
      element("th", { textContent: "On this phone" }),
      element("th", { textContent: "Saved in Skin Garden" }));
    return element("div", { className: "table-scroll" },
      element("table", {}, element("thead", {}, head), element("tbody", {}, ...rows)));
  }

  function conflictCard(entry) {
    const mine = element("button", { type: "button", className: "keep-mine", textContent: "Keep this phone's answers" });
    const theirs = element("button", { type: "button", className: "secondary keep-theirs", textContent: "Keep the saved answers" });
    mine.addEventListener("click", async () => { await keepMine(entry); showQueue(); });
    theirs.addEventListener("click", async () => { await forget(entry); showQueue(); });
    return element("div", { className: "alert conflict" },
      element("p", {}, element("strong", { textContent: dayLabel(entry.day) + " was changed elsewhere" }),
        " after you logged it on this phone. Choose which answers to keep; the others are deleted."),
      comparison(entry), element("p", {}, mine, " ", theirs));
  }

  function refusedCard(entry) {
    const drop = element("button", { type: "button", className: "secondary", textContent: "Delete it from this phone" });
    drop.addEventListener("click", async () => { await forget(entry); showQueue(); });
    return element("div", { className: "alert danger" },
      element("p", { textContent: "Skin Garden could not save your log of " + dayLabel(entry.day) + ": " + entry.error }),
      element("p", {}, drop));
  }

  // What is waiting on this phone, at the top of the page.
  async function showQueue() {
    const main = document.getElementById("main");
    if (!main || !person) {
      return;
    }
    let box = document.getElementById("offline-queue");
    const entries = await queued();
    document.documentElement.dataset.queued = String(entries.length);
    if (!entries.length && !sentHere.length) {
      if (box) { box.remove(); }
      return;
    }
    if (!box) {
      box = element("section", { id: "offline-queue", className: "card" });
      box.setAttribute("aria-label", "Days saved on this phone");
      main.prepend(box);
    }
    const waiting = entries.filter((entry) => !entry.state || entry.state === "queued");
    const parts = [element("h2", { textContent: "Saved on this phone" })];
    if (sentHere.length) {
      parts.push(element("p", { role: "status", className: "sent", textContent:
        "Sent to Skin Garden: " + sentHere.map(dayLabel).join(", ") + "." }));
    }
    if (waiting.length) {
      parts.push(element("p", { role: "status", className: "waiting", textContent:
        "Not sent yet: " + waiting.map((entry) => dayLabel(entry.day)).join(", ") +
        ". They are sent when this phone is back online and you are signed in." }));
    }
    entries.filter((entry) => entry.state === "conflict").forEach((entry) => parts.push(conflictCard(entry)));
    entries.filter((entry) => entry.state === "refused").forEach((entry) => parts.push(refusedCard(entry)));
    box.replaceChildren(...parts);
  }

  const RETRY_SECONDS = 3;
  let retries = 3; // on this page, after a try that reached no decision
  let sentHere = [];

  async function sendAndShow() {
    if (!person) {
      return;
    }
    const before = (await queued()).map((entry) => entry.day);
    const outcomes = await sendAll();
    const left = (await queued()).map((entry) => entry.day);
    sentHere = sentHere.concat(before.filter((day) => !left.includes(day)));
    await showQueue();
    if (outcomes.stopped && navigator.onLine && retries > 0) {
      retries -= 1;
      setTimeout(sendAndShow, RETRY_SECONDS * 1000);
    }
  }

  window.SkinGardenOffline = {
    person, queued, keep, forget, sendAll, showQueue, clearOfflineCopy, lastPlan, dayLabel,
  };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(script.dataset.worker, { scope: "/" });
  }
  ownOfflineCopy()
    .then(sendAndShow)
    .then(refreshOfflineCopy)
    .finally(() => { document.documentElement.dataset.offline = "ready"; });
  window.addEventListener("online", sendAndShow);
})();
