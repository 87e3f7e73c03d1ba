// The day's log without a connection (docs/phone.md, "Offline"). On the offline
// page every save is kept on the phone; on the ordinary log page a save goes to
// the server as usual unless the server cannot be reached, and is then kept on the
// phone the same way. A red flag ticked offline shows its advice at once.
"use strict";
(function () {
  const offline = window.SkinGardenOffline;
  const form = document.getElementById("checkin-form");
  if (!form || !offline) {
    return;
  }
  const messages = JSON.parse(document.getElementById("offline-messages").textContent);
  const onOfflinePage = Boolean(document.getElementById("offline-page"));
  const PROBE = "/hello"; // the bare view: answers when the server can be reached
  let passThrough = false;

  async function reachable() {
    if (!navigator.onLine) {
      return false;
    }
    try {
      const answer = await fetch(PROBE, { method: "HEAD", cache: "no-store", signal: AbortSignal.timeout(5000) });
      return answer.ok;
    } catch (error) {
      return false;
    }
  }

  function present(name) {
    return Boolean(form.elements.namedItem(name));
  }

  function number(data, name) {
    const value = data.get(name);
    return value === null || value === "" ? null : Number(value);
  }

  // The day's answers as the API takes them (docs/api.md, "Logging a day").
  function answers() {
    const data = new FormData(form);
    const body = {};
    messages.integers.filter(present).forEach((name) => { body[name] = number(data, name); });
    ["red_flags", "products", "tags"].forEach((name) => { body[name] = data.getAll(name); });
    body.note = data.get("note") || "";
    if (present("topical_applied")) {
      const applied = data.get("topical_applied");
      body.topical_applied = applied === "yes" ? true : applied === "no" ? false : null;
      body.topical_side = data.get("topical_side") || "";
    }
    return body;
  }

  // The form's own rules, with its own messages: what the server would refuse.
  function problems(body) {
    const found = [];
    Object.entries(messages.required).forEach(([name, message]) => {
      if (present(name) && body[name] === null) { found.push([name, message]); }
    });
    messages.integers.filter(present).forEach((name) => {
      const input = form.querySelector("input[type=number][name='" + name + "']");
      const value = body[name];
      if (!input || value === null) { return; }
      if (!Number.isInteger(value)) { found.push([name, messages.whole]); }
      else if (input.max !== "" && value > Number(input.max)) { found.push([name, messages.max.replace("%(limit_value)s", input.max)]); }
      else if (input.min !== "" && value < Number(input.min)) { found.push([name, messages.min.replace("%(limit_value)s", input.min)]); }
    });
    const none = form.elements.namedItem("no_red_flags").checked;
    if (body.red_flags.length && none) { found.push(["red_flags", messages.none_and_flag]); }
    if (!body.red_flags.length && !none) { found.push(["red_flags", messages.flags_unanswered]); }
    if (body.bowel_movements === 0 && body.stool_form !== null) {
      found.push(["stool_form", messages.stool_without_movement]);
    }
    return found;
  }

  function showProblems(found) {
    let box = document.getElementById("offline-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "offline-errors";
      box.className = "form-errors";
      box.setAttribute("role", "alert");
      form.prepend(box);
    }
    const list = document.createElement("ul");
    found.forEach(([name, message]) => {
      const link = document.createElement("a");
      link.href = "#field-" + name;
      link.textContent = message;
      const item = document.createElement("li");
      item.append(link);
      list.append(item);
    });
    const intro = document.createElement("p");
    intro.textContent = "Not saved yet: please check these answers.";
    box.replaceChildren(intro, list);
    box.scrollIntoView();
  }

  function adviceFor(flags) {
    const advice = document.getElementById("offline-advice").content;
    const section = document.createElement("section");
    section.id = "offline-red-flags";
    const heading = document.createElement("h2");
    heading.textContent = "Stop kefir and get help";
    const paused = document.createElement("p");
    paused.textContent = "Take no kefir and apply none until you have been seen. Your programme " +
      "is paused as soon as this log reaches Skin Garden.";
    section.append(heading);
    flags.forEach((flag) => {
      section.append(advice.querySelector("[data-flag='" + flag + "']").cloneNode(true));
    });
    section.append(paused);
    return section;
  }

  function saved(entry) {
    const note = document.createElement("div");
    note.id = "offline-saved";
    note.className = "alert ok";
    note.setAttribute("role", "status");
    const text = document.createElement("p");
    text.textContent = "Saved on this phone: your log of " + offline.dayLabel(entry.day) +
      ". It is sent to Skin Garden as soon as this phone is back online; it stays on the " +
      "phone until then, even if you close the app.";
    const back = document.createElement("a");
    back.href = "/today/";
    back.textContent = "Back to today";
    const line = document.createElement("p");
    line.append(back);
    note.append(text, line);
    const parts = entry.body.red_flags.length ? [adviceFor(entry.body.red_flags), note] : [note];
    form.replaceWith(...parts);
    parts[0].scrollIntoView();
  }

  async function keepOnPhone() {
    const body = answers();
    const found = problems(body);
    if (found.length) {
      showProblems(found);
      return;
    }
    const version = form.dataset.version;
    const entry = {
      person: offline.person,
      programme: form.dataset.programme,
      day: form.dataset.day,
      body,
      condition: version ? { "If-Match": "\"" + version + "\"" } : { "If-None-Match": "*" },
      savedAt: new Date().toISOString(),
      state: "queued",
    };
    await offline.keep(entry);
    saved(entry);
    await offline.showQueue();
  }

  form.addEventListener("submit", async (event) => {
    if (passThrough) {
      return;
    }
    event.preventDefault();
    const submitter = event.submitter;
    if (!onOfflinePage && await reachable()) {
      passThrough = true;
      form.requestSubmit(submitter);
      return;
    }
    if (submitter && submitter.name === "same_as_yesterday") {
      showProblems([["products", messages.copy_needs_connection]]);
      return;
    }
    await keepOnPhone();
  });
})();
