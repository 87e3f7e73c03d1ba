"""The forest plot of pooled results as a Vega-Lite spec. Pure, no Django.

Two panels on one shared x scale (the effect, kefir minus baseline, in the outcome's
units). Above: one row per client, the client's own estimate as a square with its
confidence interval, and the shrunken estimate as a circle. Below: the pooled
estimate as a bar spanning its confidence interval, and the prediction interval for
a new client. A dashed line marks zero, the side where kefir helped is labelled, and
the numbers are printed to the right of each row. Every value is inline: the spec
needs no data URL, so vega-embed and vl-convert draw it the same way.
"""

from typing import Any

from skingarden.analysis import AnalysisError
from skingarden.analysis.pooled import (
    PooledAnalysis,
    RandomEffectsFit,
    client_interval,
)
from skingarden.programmes.charts import VEGA_LITE_SCHEMA

FOREST_WIDTH = 360  # px of the plotting area
LABEL_EXTENT = 170  # px reserved for the row labels in both panels, so they line up
CLIENT_STEP = 18  # px per client row
SUMMARY_STEP = 24
OWN_COLOUR = "#2f5d50"
SHRUNKEN_COLOUR = "#7a3b69"
POOLED_COLOUR = "#1f3f36"
OWN = "Client's own estimate"
SHRUNKEN = "Shrunken towards the pooled mean"
NUMBERS_TITLE = "Estimate ({level} CI)"
PREDICTION_ROW = "New client (prediction)"


def forest_spec(
    result: PooledAnalysis,
    *,
    unit: str,
    lower_is_better: bool,
    width: int = FOREST_WIDTH,
) -> dict[str, Any]:
    """A forest plot of the primary (REML) fit: clients, shrunken estimates, the
    pooled estimate, the prediction interval, zero and the better side.

    Raises AnalysisError with the result's reason when nothing was pooled.
    """
    fit = result.primary
    if fit is None:
        raise AnalysisError(result.reason or "Nothing was pooled.")
    level = f"{result.level * 100:g}%"
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"Forest plot: each client's effect and the pooled {fit.method} "
        f"estimate, with {level} intervals",
        "datasets": {
            "clients": _client_rows(result, fit),
            "summary": _summary_rows(fit),
        },
        "vconcat": [
            _clients_panel(result, fit, width, level, lower_is_better),
            _summary_panel(fit, width, unit, level),
        ],
        "spacing": 6,
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
            "legend": {"orient": "bottom", "title": None, "labelLimit": 260},
        },
    }


def number_text(value: float) -> str:
    """Two decimals with a true minus sign, as Vega writes the axis labels."""
    return f"{value:.2f}".replace("-", "\u2212")


def interval_text(estimate: float, low: float, high: float) -> str:
    return f"{number_text(estimate)} ({number_text(low)} to {number_text(high)})"


def _client_rows(result: PooledAnalysis, fit: RandomEffectsFit) -> list[dict[str, Any]]:
    rows = []
    for client, shrunk in zip(result.clients, fit.shrunken, strict=True):
        own = client_interval(client, result.level)
        rows.append(
            {
                "label": client.label,
                "estimate": client.estimate,
                "low": own.low,
                "high": own.high,
                "shrunken": shrunk.estimate,
                "text": interval_text(client.estimate, own.low, own.high),
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
            "text": interval_text(fit.estimate, pooled.low, pooled.high),
        },
        {
            "row": PREDICTION_ROW,
            "kind": "prediction",
            "estimate": fit.estimate,
            "low": prediction.low,
            "high": prediction.high,
            "text": f"{number_text(prediction.low)} to {number_text(prediction.high)}",
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


def _numbers(y: dict[str, Any], width: int) -> dict[str, Any]:
    """The estimate and interval printed to the right of the plotting area."""
    return {
        "mark": {"type": "text", "align": "left", "x": width + 12, "fontSize": 11},
        "encoding": {"y": y, "text": {"field": "text"}},
    }


def _clients_panel(
    result: PooledAnalysis,
    fit: RandomEffectsFit,
    width: int,
    level: str,
    lower_is_better: bool,
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
                    "color": {
                        "datum": OWN,
                        "scale": {
                            "domain": [OWN, SHRUNKEN],
                            "range": [OWN_COLOUR, SHRUNKEN_COLOUR],
                        },
                    },
                    "shape": {
                        "datum": OWN,
                        "scale": {
                            "domain": [OWN, SHRUNKEN],
                            "range": ["square", "circle"],
                        },
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
            _numbers(y, width),
            _header(NUMBERS_TITLE.format(level=level), x=width + 12, align="left"),
            *_direction_labels(lower_is_better, width),
        ],
    }


def _header(text: str, *, align: str, x: float) -> dict[str, Any]:
    """A line of text just above the clients' rows, ``x`` pixels from the left."""
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


def _direction_labels(lower_is_better: bool, width: int) -> list[dict[str, Any]]:
    """Which way is better, at the two edges of the plotting area (not at zero, which
    can sit at an edge, where the label would run into the numbers)."""
    left, right = ("better", "worse") if lower_is_better else ("worse", "better")
    return [
        _header(f"← {left} on kefir", align="left", x=0),
        _header(f"{right} on kefir →", align="right", x=width),
    ]


def _summary_panel(
    fit: RandomEffectsFit, width: int, unit: str, level: str
) -> dict[str, Any]:
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
            _numbers(y, width),
        ],
        "title": {
            "text": f"{level} intervals; the prediction is where a new client's true "
            "effect is expected to lie",
            "orient": "bottom",
            "anchor": "start",
            "fontSize": 10,
            "fontWeight": "normal",
            "color": "#555555",
        },
    }
