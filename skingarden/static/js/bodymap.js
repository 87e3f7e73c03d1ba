// Shade each region of the body map by the percent typed beside it.
// Uses the SVG fill-opacity attribute, not inline styles (the CSP forbids those).
(function () {
  function shade(input) {
    var region = input.dataset.region;
    var value = Math.max(0, Math.min(100, parseFloat(input.value) || 0));
    document.querySelectorAll('[data-region="' + region + '"]').forEach(function (shape) {
      if (shape !== input) { shape.setAttribute("fill-opacity", String(0.08 + 0.92 * value / 100)); }
    });
  }
  document.querySelectorAll("input[data-region]").forEach(function (input) {
    shade(input);
    input.addEventListener("input", function () { shade(input); });
  });
})();
