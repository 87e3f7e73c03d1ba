"""Programme charts drawn to SVG on the server, made light first: the dashboard
draws them for the page (issue 14 §5) and the reports for the page and the PDF."""

import copy
from typing import Any

from skingarden.lib.vega_svg import vegalite_svg


def light_svg(spec: dict[str, Any], width: int) -> str:
    """The chart as an SVG document, ``width`` pixels wide for each panel."""
    return vegalite_svg(light_spec(spec, width))


def light_spec(spec: dict[str, Any], width: int) -> dict[str, Any]:
    """The chart with a fixed width (an SVG has no container to fit), no grid lines,
    and a dot only for a day logged between two unlogged ones (the line shows every
    other day). This keeps the demo's chart to a third of its SVG elements, and a
    year's to a small file that a phone draws quickly."""
    fixed = copy.deepcopy(spec)
    fixed.pop("autosize", None)
    if fixed.get("width") == "container":
        fixed["width"] = width
    config = fixed.setdefault("config", {})
    config["axis"] = {**config.get("axis", {}), "grid": False}
    config["legend"] = {**config.get("legend", {}), "columnPadding": 24}
    for panel in fixed.get("vconcat", []):
        if panel.get("width") == "container":
            panel["width"] = width
        for layer in panel.get("layer", []):
            series = LINE_DATASETS.get((layer.get("data") or {}).get("name", ""))
            if series is not None and _mark(layer) == "point":
                layer["transform"] = [
                    *layer.get("transform", []),
                    *isolated_days(series),
                ]
    return fixed


def _mark(layer: dict[str, Any]) -> str | None:
    mark = layer.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


# The datasets drawn as a line with dots, and the fields that split each into lines
# ("daily" is filtered to one measure before the dots are chosen).
LINE_DATASETS: dict[str, list[str]] = {
    "daily": [],
    "sites": ["site"],
    "differences": [],
}


def isolated_days(groupby: list[str]) -> list[dict[str, Any]]:
    """Keep the days whose neighbours on both sides are unlogged (rows are one a day
    in each line)."""
    return [
        {
            "window": [
                {"op": "lag", "field": "value", "as": "before"},
                {"op": "lead", "field": "value", "as": "after"},
            ],
            "sort": [{"field": "date"}],
            "groupby": groupby,
        },
        {
            "filter": "datum.value != null && datum.before == null "
            "&& datum.after == null"
        },
    ]


def boxes_only(spec: dict[str, Any]) -> dict[str, Any]:
    """The days by phase as box plots alone, without a dot for each day."""
    boxes = copy.deepcopy(spec)
    for panel in boxes.get("vconcat", []):
        panel["layer"] = [
            layer for layer in panel["layer"] if _mark(layer) == "boxplot"
        ]
    return boxes
