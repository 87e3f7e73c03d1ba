// The comparison slider: the first day's photo is clipped to the left of the
// slider's position, over the second day's, both in the same SVG (one scale).
(function () {
  var view = document.querySelector("[data-slider-view]");
  var slider = document.querySelector("[data-slider]");
  if (!view || !slider) { return; }
  var clip = view.querySelector("[data-slider-clip]");
  var line = view.querySelector("[data-slider-line]");
  var width = view.viewBox.baseVal.width;
  function move() {
    var x = (width * Number(slider.value)) / 100;
    clip.setAttribute("width", x);
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
  }
  slider.addEventListener("input", move);
  move();
})();
