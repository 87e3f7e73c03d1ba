// The offline page (templates/programmes/offline.html): Today from the last plan
// kept on this phone, or the log form of a day, as the address asks.
"use strict";
(function () {
  const offline = window.SkinGardenOffline;
  const page = document.getElementById("offline-page");
  if (!page || !offline) {
    return;
  }
  const info = JSON.parse(document.getElementById("offline-days").textContent);
  const programme = page.dataset.programme;
  const LOG = /^\/programmes\/([0-9a-f-]{36})\/log\/(?:([0-9]{4}-[0-9]{2}-[0-9]{2})\/)?$/;

  function isoDate(when) {
    const pad = (n) => String(n).padStart(2, "0");
    return when.getFullYear() + "-" + pad(when.getMonth() + 1) + "-" + pad(when.getDate());
  }

  function line(text, className) {
    const made = document.createElement("p");
    made.textContent = text;
    if (className) { made.className = className; }
    return made;
  }

  function logLink(day, text) {
    const link = document.createElement("a");
    link.className = "button wide";
    link.href = "/programmes/" + programme + "/log/" + day + "/";
    link.textContent = text;
    const holder = document.createElement("p");
    holder.append(link);
    return holder;
  }

  async function showToday(today) {
    const plan = await offline.lastPlan();
    const waiting = (await offline.queued()).some((entry) => entry.day === today);
    document.getElementById("offline-today-heading").textContent = "Today, " + offline.dayLabel(today);
    const note = document.getElementById("offline-today-note");
    const parts = [];
    if (!plan) {
      note.textContent = "You are offline, and this phone has no plan yet.";
    } else {
      const when = plan.date === today ? "" : " (for " + offline.dayLabel(plan.date) + ")";
      note.textContent = "You are offline. This is your plan as Skin Garden last sent it" + when + ".";
      if (plan.open_red_flags.length) {
        parts.push(line("Paused: a red flag was reported. Take no kefir and apply none until you have been seen.", "alert danger"));
      }
      if (plan.phase) {
        parts.push(line(plan.phase.label + ", day " + plan.phase_day));
      }
      if (plan.date === today) {
        parts.push(line(plan.planned_ml ? "Kefir: " + plan.planned_ml + " ml, plain, with food." : "Kefir: none today."));
      }
    }
    if (waiting) {
      parts.push(line("Today is saved on this phone and is sent when you are back online.", "alert ok"));
    } else if (plan && plan.date === today && plan.logged) {
      parts.push(line("Today is logged.", "alert ok"), logLink(today, "Edit today's log"));
    } else {
      parts.push(logLink(today, "Log today"));
    }
    document.getElementById("offline-plan").replaceChildren(...parts);
    document.getElementById("offline-today").hidden = false;
  }

  function refusal(code, day, today) {
    if (code !== programme) { return info.other_programme; }
    if (info.closed) { return info.closed; }
    if (day > today) { return info.future; }
    if (day < info.first) { return info.before_start; }
    if (day > info.last) { return info.after_end; }
    return info.days[day] ? "" : info.no_plan;
  }

  async function showDay(code, day, today) {
    document.getElementById("offline-day-heading").textContent = "Log for " + offline.dayLabel(day);
    document.getElementById("offline-day").hidden = false;
    const refused = refusal(code, day, today);
    if (refused) {
      document.getElementById("offline-refused-text").textContent = refused;
      document.getElementById("offline-refused").hidden = false;
      document.getElementById("offline-form").remove();
      return;
    }
    const plan = await offline.lastPlan();
    const known = info.days[day];
    const form = document.getElementById("checkin-form");
    form.dataset.day = day;
    if (plan && plan.date === day && plan.checkin_version) {
      form.dataset.version = String(plan.checkin_version);
    }
    const kefir = form.elements.namedItem("kefir_ml");
    if (kefir && known.planned_ml) { kefir.value = String(known.planned_ml); }
    if (!known.topical) {
      ["topical_applied", "topical_side"].forEach((name) => {
        const field = document.getElementById("field-" + name);
        if (field) { field.remove(); }
      });
    }
    const parts = [known.phase, known.planned_ml ? "planned kefir " + known.planned_ml + " ml" : ""];
    if (day < today) { parts.push("late entry"); }
    document.getElementById("offline-day-note").textContent = parts.filter(Boolean).join(" · ") +
      ". Think of the last 24 hours; every answer starts blank.";
  }

  const today = isoDate(new Date());
  const match = location.pathname.match(LOG);
  const shown = match ? showDay(match[1], match[2] || today, today) : showToday(today);
  shown.finally(() => { document.documentElement.dataset.shell = "ready"; });
})();
