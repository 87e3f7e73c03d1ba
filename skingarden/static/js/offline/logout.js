// Logging out first sends the days kept on this phone; any that cannot be sent
// are listed, and the person chooses: stay signed in, or log out and delete them.
// Nothing typed offline is lost without the person saying so.
"use strict";
(function () {
  const offline = window.SkinGardenOffline;
  const form = document.getElementById("logout-form");
  if (!form || !offline) {
    return;
  }
  let decided = false;

  async function logOut() {
    await offline.clearOfflineCopy();
    decided = true;
    form.requestSubmit();
  }

  function warn(left) {
    const box = document.createElement("div");
    box.id = "logout-warning";
    box.className = "alert danger";
    box.setAttribute("role", "alert");
    const days = left.map((entry) => offline.dayLabel(entry.day)).join(", ");
    const text = document.createElement("p");
    text.textContent = "Your log of " + days + " is saved on this phone only: it has not " +
      "reached Skin Garden. Logging out now deletes it from this phone.";
    const stay = document.createElement("a");
    stay.className = "button";
    stay.href = "/today/";
    stay.textContent = "Stay logged in and send it later";
    const drop = document.createElement("button");
    drop.type = "button";
    drop.className = "danger";
    drop.id = "logout-delete";
    drop.textContent = "Log out and delete it from this phone";
    drop.addEventListener("click", async () => {
      for (const entry of left) {
        await offline.forget(entry);
      }
      await logOut();
    });
    const choices = document.createElement("p");
    choices.append(stay, " ", drop);
    box.append(text, choices);
    const old = document.getElementById("logout-warning");
    if (old) { old.remove(); }
    form.before(box);
  }

  form.addEventListener("submit", async (event) => {
    if (decided) {
      return;
    }
    event.preventDefault();
    await offline.sendAll();
    const left = await offline.queued();
    if (left.length) {
      warn(left);
    } else {
      await logOut();
    }
  });
})();
