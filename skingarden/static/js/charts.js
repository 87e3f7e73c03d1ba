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
  function draw(element) {
    load(element)
      .then(function (spec) {
        element.textContent = "";
        return vegaEmbed(element, spec, {
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
  document.querySelectorAll("[data-chart-url], [data-chart-spec]").forEach(draw);
})();
