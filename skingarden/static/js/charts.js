// Draw each [data-chart-url] element from the Vega-Lite spec its URL returns, and
// each [data-chart-spec] element from the JSON script element it names.
// Vega runs with its expression interpreter so no code is generated at run time
// (the page's Content-Security-Policy forbids eval), and without injected styles.
(function () {
  window.skinGardenCharts = [];
  function load(element) {
    if (element.dataset.chartSpec) {
      var source = document.getElementById(element.dataset.chartSpec);
      return Promise.resolve(JSON.parse(source.textContent));
    }
    return fetch(element.dataset.chartUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
  }
  // A spec can ask to fit its element's width (usermeta.fitWidth, as the forest plot
  // does): each panel gets the room left beside the row labels, which narrow on a
  // phone, within the spec's bounds.
  function fit(spec, element) {
    var want = spec.usermeta && spec.usermeta.fitWidth;
    if (!want || !element.clientWidth) { return spec; }
    var room = element.clientWidth - 24;
    var labels = Math.max(want.minLabels, Math.min(want.labels, Math.round(room * 0.34)));
    var width = Math.max(want.min, Math.min(want.max, room - labels));
    var axisY = spec.config && spec.config.axisY;
    if (axisY) {
      axisY.minExtent = labels;
      axisY.maxExtent = labels;
      axisY.labelLimit = labels - 8;
    }
    (spec.vconcat || []).forEach(function (panel) { panel.width = width; });
    return spec;
  }
  function draw(element) {
    element.dataset.drawing = "true";  // so a chart is never drawn twice
    load(element)
      .then(function (spec) {
        element.textContent = "";
        return vegaEmbed(element, fit(spec, element), {
          actions: false, renderer: "svg", ast: true, expr: vega.expressionInterpreter,
          defaultStyle: false, tooltip: false
        });
      })
      .then(function (result) {
        window.skinGardenCharts.push(result);
        element.dataset.rendered = "true";
      })
      .catch(function () {
        element.textContent = "The charts could not be drawn here; every value is in the table of days.";
        element.dataset.rendered = "error";
      });
  }
  var charts = "[data-chart-url], [data-chart-spec]";
  document.querySelectorAll(charts).forEach(draw);
  // Content swapped in by htmx (a page that updates itself) draws its charts too.
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail.elt;
    if (!root.querySelectorAll) { return; }
    if (root.matches(charts) && !root.dataset.drawing) { draw(root); }
    root.querySelectorAll(charts).forEach(function (element) {
      if (!element.dataset.drawing) { draw(element); }
    });
  });
})();
