"""The forest plot of pooled results as a Vega-Lite spec. Pure, no Django.

Two panels on one shared x scale (the effect, kefir minus baseline, in the outcome's
units). Above: one row per client, the client's own estimate as a square with its
interval (the one their report shows, when given), and the shrunken estimate as a
circle. Below: the pooled estimate as a bar spanning its confidence interval, and
the prediction interval for a new client. A dashed line marks zero and the side
where kefir helped is labelled; the numbers are in the page's table. Every value is
inline: the spec needs no data URL, so vega-embed and vl-convert draw it the same
way.

The width fits the page: ``usermeta.fitWidth`` tells static/js/charts.js how much
room the labels need, and the script sets the plotting width (and narrows the
labels) to the element's width before drawing, so the chart fits its card on a
phone (390 px) and on a desktop (1280 px).
"""

from collections.abc import Mapping
from typing import Any

from skingarden.analysis import AnalysisError
from skingarden.analysis.pooled import (
    PooledAnalysis,
    RandomEffectsFit,
    client_interval,
)
from skingarden.programmes.charts import VEGA_LITE_SCHEMA

FOREST_WIDTH = 360  # px of the plotting area (charts.js fits it to the page)
MIN_WIDTH = 150
MAX_WIDTH = 520
LABEL_EXTENT = 170  # px reserved for the row labels in both panels, so they line up
MIN_LABEL_EXTENT = 96  # the narrowest the labels get on a phone
SHORT_BELOW = 260  # px: a narrower plot says "← better" instead of "← better on kefir"
CLIENT_STEP = 18  # px per client row
SUMMARY_STEP = 24
OWN_COLOUR = "#2f5d50"
SHRUNKEN_COLOUR = "#7a3b69"
POOLED_COLOUR = "#1f3f36"
OWN = "Client's own estimate"
SHRUNKEN = "Shrunken towards the pooled mean"
PREDICTION_ROW = "New client (prediction)"

Interval = tuple[float, float]


def forest_spec(
    result: PooledAnalysis,
    *,
    unit: str,
    lower_is_better: bool,
    width: int = FOREST_WIDTH,
    intervals: Mapping[str, Interval] | None = None,
) -> dict[str, Any]:
    """A forest plot of the primary (REML) fit: clients, shrunken estimates, the
    pooled estimate, the prediction interval, zero and the better side.

    ``intervals`` gives each client's own interval by label (the one their report
    shows); a client without one is drawn with estimate ± z·SE.

    Raises AnalysisError with the result's reason when nothing was pooled.
    """
    fit = result.primary
    if fit is None:
        raise AnalysisError(result.reason or "Nothing was pooled.")
    level = f"{result.level * 100:g} %"
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"Forest plot: each client's effect and the pooled {fit.method} "
        f"estimate, with {level} intervals",
        "datasets": {
            "clients": _client_rows(result, fit, intervals or {}),
            "summary": _summary_rows(fit),
        },
        "vconcat": [
            _clients_panel(result, width, lower_is_better),
            _summary_panel(fit, width, unit),
        ],
        "spacing": 6,
        "usermeta": {
            "fitWidth": {
                "min": MIN_WIDTH,
                "max": MAX_WIDTH,
                "labels": LABEL_EXTENT,
                "minLabels": MIN_LABEL_EXTENT,
            }
        },
        "resolve": {"scale": {"x": "shared"}},
        "config": {
            "view": {"stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 11},
            "axisY": {
                "minExtent": LABEL_EXTENT,
                "maxExtent": LABEL_EXTENT,
                "labelLimit": LABEL_EXTENT - 8,
                "domain": False,
                "ticks": False,
            },
        },
    }


def _client_rows(
    result: PooledAnalysis, fit: RandomEffectsFit, intervals: Mapping[str, Interval]
) -> list[dict[str, Any]]:
    rows = []
    for client, shrunk in zip(result.clients, fit.shrunken, strict=True):
        normal = client_interval(client, result.level)
        low, high = intervals.get(client.label, (normal.low, normal.high))
        rows.append(
            {
                "label": client.label,
                "estimate": client.estimate,
                "low": low,
                "high": high,
                "shrunken": shrunk.estimate,
            }
        )
    return rows


def _summary_rows(fit: RandomEffectsFit) -> list[dict[str, Any]]:
    pooled, prediction = fit.interval, fit.prediction
    return [
        {
            "row": f"Pooled ({fit.method})",
            "kind": "pooled",
            "estimate": fit.estimate,
            "low": pooled.low,
            "high": pooled.high,
        },
        {
            "row": PREDICTION_ROW,
            "kind": "prediction",
            "estimate": fit.estimate,
            "low": prediction.low,
            "high": prediction.high,
        },
    ]


def _x(field: str, **extra: Any) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", **extra}


def _zero_line(**x_extra: Any) -> dict[str, Any]:
    # One datum of its own: on the panel's data it would draw a line per row.
    return {
        "data": {"values": [{}]},
        "mark": {"type": "rule", "color": "#8a8a8a", "strokeDash": [4, 3]},
        "encoding": {"x": {"datum": 0, "type": "quantitative", **x_extra}},
    }


def _clients_panel(
    result: PooledAnalysis, width: int, lower_is_better: bool
) -> dict[str, Any]:
    y = {
        "field": "label",
        "type": "nominal",
        "sort": [client.label for client in result.clients],
        "title": None,
    }
    no_axis = {"axis": None}
    return {
        "width": width,
        "height": {"step": CLIENT_STEP},
        "data": {"name": "clients"},
        "layer": [
            _zero_line(**no_axis),
            {
                "mark": {"type": "rule", "color": OWN_COLOUR},
                "encoding": {
                    "y": y,
                    "x": _x("low", **no_axis),
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {
                    "type": "point",
                    "shape": "square",
                    "filled": True,
                    "size": 50,
                    "opacity": 1,
                },
                "encoding": {
                    "y": y,
                    "x": _x("estimate", **no_axis),
                    # No legend in the chart: vega-embed and vl-convert merge a
                    # colour and a shape legend differently (two legends, or none),
                    # so the page gives the one legend (templates/sharing/pooled.html,
                    # its colours in static/css/app.css).
                    "color": {
                        "datum": OWN,
                        "scale": {
                            "domain": [OWN, SHRUNKEN],
                            "range": [OWN_COLOUR, SHRUNKEN_COLOUR],
                        },
                        "legend": None,
                    },
                    "shape": {
                        "datum": OWN,
                        "scale": {
                            "domain": [OWN, SHRUNKEN],
                            "range": ["square", "circle"],
                        },
                        "legend": None,
                    },
                },
            },
            {
                # Drawn over the square, smaller, so both stay visible when they meet.
                "mark": {
                    "type": "point",
                    "shape": "circle",
                    "filled": True,
                    "size": 30,
                    "opacity": 1,
                    "stroke": "white",
                    "strokeWidth": 0.5,
                },
                "encoding": {
                    "y": y,
                    "x": _x("shrunken", **no_axis),
                    "color": {"datum": SHRUNKEN},
                    "shape": {"datum": SHRUNKEN},
                },
            },
            *_direction_labels(lower_is_better),
        ],
    }


def _header(
    text: str | dict[str, str], *, align: str, x: float | dict[str, str]
) -> dict[str, Any]:
    """A line of text just above the clients' rows, ``x`` pixels from the left (or
    an expression of the panel's width)."""
    mark = {
        "type": "text",
        "text": text,
        "align": align,
        "x": x,
        "y": -10,
        "fontSize": 11,
        "fontWeight": "bold",
    }
    return {"data": {"values": [{}]}, "mark": mark}


def _direction_labels(lower_is_better: bool) -> list[dict[str, Any]]:
    """Which way is better, at the two edges of the plotting area (not at zero, which
    can sit at an edge, where the two would run into each other); shortened when
    the plot is narrow (a phone)."""
    left, right = ("better", "worse") if lower_is_better else ("worse", "better")
    return [
        _header(_narrow(f"← {left}", f"← {left} on kefir"), align="left", x=0),
        _header(
            _narrow(f"{right} →", f"{right} on kefir →"),
            align="right",
            x={"expr": "width"},
        ),
    ]


def _narrow(short: str, full: str) -> dict[str, str]:
    """A text that is ``short`` when the panel is under ``SHORT_BELOW`` px wide."""
    return {"expr": f"width < {SHORT_BELOW} ? '{short}' : '{full}'"}


def _summary_panel(fit: RandomEffectsFit, width: int, unit: str) -> dict[str, Any]:
    y = {
        "field": "row",
        "type": "nominal",
        "sort": [f"Pooled ({fit.method})", PREDICTION_ROW],
        "title": None,
    }
    x_axis = {"title": f"Kefir minus baseline ({unit})", "grid": False}
    pooled = {"filter": {"field": "kind", "equal": "pooled"}}
    prediction = {"filter": {"field": "kind", "equal": "prediction"}}
    return {
        "width": width,
        "height": {"step": SUMMARY_STEP},
        "data": {"name": "summary"},
        "layer": [
            _zero_line(),
            {
                "transform": [pooled],
                "mark": {"type": "bar", "height": 12, "color": POOLED_COLOUR},
                "encoding": {
                    "y": y,
                    "x": _x("low", axis=x_axis),
                    "x2": {"field": "high"},
                },
            },
            {
                "transform": [pooled],
                "mark": {"type": "tick", "color": "white", "thickness": 2, "size": 12},
                "encoding": {"y": y, "x": _x("estimate")},
            },
            {
                "transform": [prediction],
                "mark": {"type": "rule", "color": POOLED_COLOUR, "strokeWidth": 1.5},
                "encoding": {"y": y, "x": _x("low"), "x2": {"field": "high"}},
            },
            {
                "transform": [
                    prediction,
                    {"fold": ["low", "high"], "as": ["end", "at"]},
                ],
                "mark": {"type": "tick", "color": POOLED_COLOUR, "size": 10},
                "encoding": {"y": y, "x": _x("at")},
            },
        ],
    }
