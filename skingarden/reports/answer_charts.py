"""Two Vega-Lite specs for the report. Pure, no Django.

- ``answer_chart``: the picture of the answer under the headline. The estimate and
  its 95 % interval on the outcome's own scale (kefir days minus baseline), a line
  at no change, the band of changes that matter to the person on the better side,
  and which side is better, in words.
- ``phase_distributions``: for each charted outcome, its logged days in each phase
  as a box plot with every day drawn over it, in one column whose panels have the
  line chart's heights, so the two stand side by side.

One spec, two renderers: vega-embed in the page, vl-convert in the PDF
(``render.chart_image``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skingarden.analysis.outcome import DayRecord, Estimate
from skingarden.analysis.wording import Terms, change, quantity, setting
from skingarden.programmes.charts import VEGA_LITE_SCHEMA

INK = "#2f5d50"
BAND = "#cfe6d6"
MUTED = "#6b6b6b"
PANEL_HEIGHT = 110  # the line chart's panels (programmes.charts)
PHASE_ORDER = {
    "baseline": "Baseline",
    "lag": "Lag",
    "intervention": "Kefir",
    "follow_up": "Follow-up",
}


def answer_chart(
    estimate: Estimate, *, threshold: float | None, terms: Terms
) -> dict[str, Any]:
    """The estimate and its interval against zero and the change that matters.

    ``threshold`` is the change that matters (None, 0 or infinity: no band).
    """
    sign = -1.0 if terms.lower_is_better else 1.0
    marked = threshold is not None and 0 < threshold < float("inf")
    edge = sign * threshold if marked and threshold is not None else 0.0
    axis = _Axis(
        _domain([estimate.ci_low, estimate.ci_high, 0.0, edge]),
        f"{terms.treatment.capitalize()} days minus baseline"
        + (f" ({terms.unit})" if terms.unit else ""),
    )
    layers = [
        *(_band(axis, edge, threshold or 0.0, terms) if marked else []),
        _layer(axis, {"x": 0}, {"type": "rule", "strokeDash": [4, 3], "color": MUTED}),
        _layer(
            axis,
            {"x": estimate.ci_low, "x2": estimate.ci_high},
            {"type": "rule", "strokeWidth": 4, "color": INK, "y": MIDDLE},
        ),
        _layer(
            axis,
            {"x": estimate.value},
            {"type": "point", "filled": True, "size": 140, "shape": "diamond"}
            | {"color": INK, "opacity": 1, "y": MIDDLE},
        ),
        _layer(
            axis,
            {"x": estimate.value, "text": change(estimate.value, terms.unit)},
            {"type": "text", "dy": -16, "fontSize": 11, "fontWeight": "bold"}
            | {"color": INK, "y": MIDDLE},
        ),
        *_sides(axis, terms),
    ]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": "The estimate and its 95 % interval, with no change and the "
        "change that matters marked",
        "width": "container",
        "height": 96,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "layer": layers,
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11}},
    }


MIDDLE = {"expr": "height / 2"}


@dataclass(frozen=True)
class _Axis:
    domain: tuple[float, float]
    title: str

    def x(self, field: str) -> dict[str, Any]:
        return {
            "field": field,
            "type": "quantitative",
            "scale": {"domain": list(self.domain), "nice": False},
            "axis": {"title": self.title, "grid": False},
        }


def _layer(axis: _Axis, row: dict[str, Any], mark: dict[str, Any]) -> dict[str, Any]:
    """One mark drawn from one row of inline data; "x" (and "x2", "text") are the
    row's fields of those names."""
    encoding: dict[str, Any] = {"x": axis.x("x")}
    if "x2" in row:
        encoding["x2"] = {"field": "x2"}
    if "text" in row:
        encoding["text"] = {"field": "text"}
    return {"data": {"values": [row]}, "mark": mark, "encoding": encoding}


def _domain(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    pad = max((high - low) * 0.12, 0.5)
    return round(low - pad, 2), round(high + pad, 2)


def _band(
    axis: _Axis, edge: float, threshold: float, terms: Terms
) -> list[dict[str, Any]]:
    """The changes that matter: from the threshold outwards on the better side."""
    low, high = axis.domain
    start, end = (low, edge) if terms.lower_is_better else (edge, high)
    size = quantity(setting(threshold), terms.unit)
    label = f"changes that matter to you: {size} or more {terms.better}"
    return [
        _layer(
            axis,
            {"x": start, "x2": end},
            {"type": "rect", "color": BAND, "opacity": 0.8},
        ),
        _layer(
            axis,
            {"x": start if terms.lower_is_better else end, "text": label},
            {
                "type": "text",
                "baseline": "bottom",
                "align": "left" if terms.lower_is_better else "right",
                "dx": 4 if terms.lower_is_better else -4,
                "y": {"expr": "height - 2"},
                "fontSize": 10,
                "color": INK,
            },
        ),
    ]


def _sides(axis: _Axis, terms: Terms) -> list[dict[str, Any]]:
    """ "← lower is better" and "higher is worse →", either side of zero."""
    left, right = (
        (f"← {terms.better} is better", f"{terms.worse} is worse →")
        if terms.lower_is_better
        else (f"← {terms.worse} is worse", f"{terms.better} is better →")
    )
    return [
        _layer(
            axis,
            {"x": 0, "text": text},
            {"type": "text", "align": align, "dx": dx, "y": 4, "baseline": "top"}
            | {"fontSize": 11, "color": MUTED},
        )
        for text, align, dx in ((left, "right", -6), (right, "left", 6))
    ]


@dataclass(frozen=True)
class Distribution:
    """One outcome's days for the distribution chart."""

    title: str  # the panel's title (the measure's short name)
    records: Sequence[DayRecord]
    domain: tuple[float, float] | None  # the scale's range, None for a count


def distribution_rows(distributions: Sequence[Distribution]) -> list[dict[str, Any]]:
    """One row per logged day: the outcome, its phase, its value and a fixed
    sideways offset (so the PDF and the page place every dot alike)."""
    rows = []
    for item in distributions:
        for n, record in enumerate(r for r in item.records if r.value is not None):
            if record.phase not in PHASE_ORDER:
                continue
            rows.append(
                {
                    "outcome": item.title,
                    "phase": PHASE_ORDER[record.phase],
                    "value": record.value,
                    "offset": ((n * 7) % 11 - 5) / 5,  # spread in [-1, 1]
                }
            )
    return rows


def phase_distributions(distributions: Sequence[Distribution]) -> dict[str, Any]:
    """A column of small box plots by phase, one per outcome."""
    present = {r.phase for d in distributions for r in d.records if r.value is not None}
    phases = [name for key, name in PHASE_ORDER.items() if key in present]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": "Each outcome's logged days by phase",
        "datasets": {"days": distribution_rows(distributions)},
        "vconcat": [_distribution_panel(d, phases) for d in distributions],
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11}},
    }


def _distribution_panel(item: Distribution, phases: list[str]) -> dict[str, Any]:
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": None}
    if item.domain is not None:
        y["scale"] = {"domain": list(item.domain)}
    x = {
        "field": "phase",
        "type": "nominal",
        "title": None,
        "sort": phases,
        "scale": {"domain": phases},
        "axis": {"labelAngle": 0},
    }
    return {
        "title": {"text": item.title, "anchor": "start", "fontSize": 12},
        "data": {"name": "days"},
        "transform": [{"filter": {"field": "outcome", "equal": item.title}}],
        "width": 50 * len(phases),
        "height": PANEL_HEIGHT,
        "layer": [
            {
                "mark": {
                    "type": "boxplot",
                    "extent": "min-max",
                    "color": BAND,
                    "median": {"color": INK},
                    "rule": {"color": MUTED},
                    "size": 22,
                },
                "encoding": {"x": x, "y": y},
            },
            {
                "mark": {"type": "circle", "size": 14, "color": INK, "opacity": 0.6},
                "encoding": {
                    "x": x,
                    "y": y,
                    "xOffset": {
                        "field": "offset",
                        "type": "quantitative",
                        "scale": {"domain": [-1.8, 1.8]},
                    },
                },
            },
        ],
    }
