// Adds a "Copy the address" button after each read-only field marked data-copy,
// where the browser lets a page write to the clipboard; without it the field can
// still be selected and copied by hand.
(function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("input[data-copy]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary small";
    button.textContent = "Copy the address";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
      }, function () {
        field.select();
      });
    });
    field.insertAdjacentElement("afterend", button);
  });
})();
