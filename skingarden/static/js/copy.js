// Copy and share buttons for pages that show something to pass on (a calendar
// address, an invitation code and its link). No inline script: the page marks
// what it offers and this file adds the buttons the browser can work.
// - data-copy="Button label" on an input (its value) or any element (its text):
//   a copy button after it, where the page may write to the clipboard; without
//   that the text can still be selected and copied by hand.
// - data-share-url (with data-share-title and data-share-text) on a hidden
//   button: shown where the browser has a share sheet (phones, mostly).
(function () {
  function textOf(element) {
    return element.tagName === "INPUT" ? element.value : element.textContent.trim();
  }

  function select(element) {
    if (element.tagName === "INPUT") { element.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  if (navigator.clipboard) {
    document.querySelectorAll("[data-copy]").forEach(function (element) {
      var button = document.createElement("button");
      var label = element.getAttribute("data-copy") || "Copy";
      button.type = "button";
      button.className = "button secondary small copy-button";
      button.textContent = label;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(textOf(element)).then(function () {
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = label; }, 2000);
        }, function () {
          select(element);
        });
      });
      element.insertAdjacentElement("afterend", button);
    });
  }

  if (navigator.share) {
    document.querySelectorAll("button[data-share-url]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({
          title: button.getAttribute("data-share-title") || document.title,
          text: button.getAttribute("data-share-text") || "",
          url: button.getAttribute("data-share-url")
        }).catch(function () { /* the person closed the share sheet */ });
      });
    });
  }
})();
