// The regions editor: mark the lesion and the reference skin as polygons and the
// neutral patch as one point, by touch or mouse (pointer events). Coordinates are
// the photo's own pixels (the SVG's viewBox is the full-size photo), written into
// the form's text fields, which stay the source of truth: typed points show up
// too. Points are drawn as SVG attributes, never inline styles (the CSP).
(function () {
  var editor = document.querySelector("[data-regions-editor]");
  var form = document.querySelector("[data-regions-form]");
  if (!editor || !form) { return; }
  var svg = editor.querySelector("[data-overlay]");
  var NS = "http://www.w3.org/2000/svg";
  var radius = parseFloat(editor.dataset.neutralRadius);
  var fields = {
    lesion: form.querySelector("[name=lesion]"),
    reference: form.querySelector("[name=reference]"),
    neutral: form.querySelector("[name=neutral]")
  };
  var modes = form.querySelector("[data-modes]");
  modes.hidden = false;
  var handles = document.createElementNS(NS, "g");
  svg.appendChild(handles);
  var drag = null;

  function parse(text) {
    return (text || "").trim().split(/\s+/).filter(Boolean).map(function (pair) {
      return pair.split(",").map(Number);
    }).filter(function (p) { return p.length === 2 && isFinite(p[0]) && isFinite(p[1]); });
  }
  function write(points) {
    return points.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ");
  }
  var regions = {
    lesion: parse(fields.lesion.value),
    reference: parse(fields.reference.value),
    neutral: parse(fields.neutral.value).slice(0, 1)
  };

  function mode() { return form.querySelector("[name=mode]:checked").value; }

  function shape(name) {
    var found = svg.querySelector("[data-region=" + name + "]");
    if (found) { return found; }
    found = document.createElementNS(NS, name === "neutral" ? "circle" : "polygon");
    found.setAttribute("class", "region " + name);
    found.dataset.region = name;
    svg.insertBefore(found, handles);
    return found;
  }

  function draw() {
    ["lesion", "reference"].forEach(function (name) {
      var polygon = shape(name);
      polygon.setAttribute("points", write(regions[name]));
      polygon.classList.toggle("active", mode() === name);
    });
    var circle = shape("neutral");
    var point = regions.neutral[0];
    circle.setAttribute("r", point ? radius : 0);
    circle.setAttribute("cx", point ? point[0] : 0);
    circle.setAttribute("cy", point ? point[1] : 0);
    while (handles.firstChild) { handles.removeChild(handles.firstChild); }
    regions[mode()].forEach(function (p, index) {
      var handle = document.createElementNS(NS, "circle");
      handle.setAttribute("class", "handle");
      handle.setAttribute("cx", p[0]);
      handle.setAttribute("cy", p[1]);
      handle.setAttribute("r", Math.max(6, radius / 3));
      handle.dataset.index = index;
      handles.appendChild(handle);
    });
    Object.keys(fields).forEach(function (name) { fields[name].value = write(regions[name]); });
  }

  function at(event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var inside = point.matrixTransform(svg.getScreenCTM().inverse());
    var width = parseFloat(editor.dataset.fullWidth), height = parseFloat(editor.dataset.fullHeight);
    return [Math.min(width, Math.max(0, inside.x)), Math.min(height, Math.max(0, inside.y))];
  }

  svg.addEventListener("pointerdown", function (event) {
    var name = mode(), p = at(event), target = event.target;
    event.preventDefault();
    if (target.classList.contains("handle")) {
      drag = { kind: "point", index: Number(target.dataset.index), last: p };
    } else if (target.dataset.region === name && name !== "neutral" && regions[name].length > 2) {
      drag = { kind: "whole", last: p };
    } else if (name === "neutral") {
      regions.neutral = [p];
    } else {
      regions[name].push(p);
    }
    if (drag) { svg.setPointerCapture(event.pointerId); }
    draw();
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var p = at(event), points = regions[mode()];
    if (drag.kind === "point") {
      points[drag.index] = p;
    } else {
      var dx = p[0] - drag.last[0], dy = p[1] - drag.last[1];
      regions[mode()] = points.map(function (q) { return [q[0] + dx, q[1] + dy]; });
    }
    drag.last = p;
    draw();
  });
  function stop() { drag = null; }
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);

  form.querySelector("[data-undo]").addEventListener("click", function () {
    regions[mode()].pop();
    draw();
  });
  form.querySelector("[data-clear]").addEventListener("click", function () {
    regions[mode()] = [];
    draw();
  });
  form.querySelectorAll("[name=mode]").forEach(function (radio) { radio.addEventListener("change", draw); });
  Object.keys(fields).forEach(function (name) {
    fields[name].addEventListener("change", function () {
      regions[name] = parse(fields[name].value);
      if (name === "neutral") { regions.neutral = regions.neutral.slice(0, 1); }
      draw();
    });
  });
  draw();
})();
