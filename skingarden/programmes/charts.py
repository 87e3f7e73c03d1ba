"""Vega-Lite specs for a programme's daily measures. Pure, no Django.

One spec, two renderers: vega-embed draws it in the browser, and the PDF report
(a later issue) renders the same spec to SVG. Every programme day up to today is
a row; an unlogged day carries nulls, and the lines break there instead of
joining across the gap or dropping to zero.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from skingarden.lib.days import days_between
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.plan import PhaseKind, PlannedPhase


@dataclass(frozen=True)
class WeeklyTotal:
    title: str
    day: date
    total: float
    domain: tuple[float, float]


VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
PHASE_COLOURS = {
    "baseline": "#e8e4da",
    "ramp": "#dcebdc",
    "intervention": "#c5e0c5",
    "extension": "#b4d6c9",
    "follow_up": "#e3dcec",
}


def daily_rows(
    *,
    phases: Sequence[PlannedPhase],
    today: date,
    measures: Sequence[str],
    logs: Mapping[date, Mapping[str, int | None]],
) -> list[dict[str, Any]]:
    """One row per measure per programme day up to today (nulls where not logged)."""
    last = min(today, phases[-1].end)
    rows: list[dict[str, Any]] = []
    for day in days_between(phases[0].start, last):
        phase = next(p for p in phases if p.start <= day <= p.end)
        log = logs.get(day, {})
        rows.extend(
            {
                "date": day.isoformat(),
                "measure": MEASURES[key].short,
                "value": log.get(key),
                "phase": phase.kind.label,
            }
            for key in measures
        )
    return rows


def programme_chart(
    *,
    phases: Sequence[PlannedPhase],
    rows: list[dict[str, Any]],
    measures: Sequence[str],
    weekly: Iterable[WeeklyTotal] = (),
) -> dict[str, Any]:
    """A column of small line charts, one per measure, with the phases shaded."""
    weekly = list(weekly)
    weekly_rows = [
        {"date": w.day.isoformat(), "instrument": w.title, "total": w.total}
        for w in weekly
    ]
    kinds = phase_kinds(phases)
    panels = [_measure_panel(key, kinds) for key in measures]
    ranges = {w.title: w.domain for w in weekly}
    panels += [_weekly_panel(title, domain, kinds) for title, domain in ranges.items()]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": "Daily measures by programme day, phases shaded",
        "datasets": {
            "daily": rows,
            "phases": phase_rows(phases),
            "weekly": weekly_rows,
        },
        "vconcat": panels,
        "resolve": {"scale": {"color": "shared"}},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CHART_CONFIG,
    }


CHART_CONFIG: dict[str, Any] = {
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11},
    "legend": {
        "orient": "bottom",
        "direction": "horizontal",
        "columns": 2,
        "title": None,
        "labelLimit": 180,
    },
}


def phase_rows(phases: Sequence[PlannedPhase]) -> list[dict[str, str]]:
    """Each phase's span for the shaded background (the end is exclusive)."""
    return [
        {
            "phase": p.kind.label,
            "start": p.start.isoformat(),
            "end": (p.end + timedelta(days=1)).isoformat(),
        }
        for p in phases
    ]


def phase_kinds(phases: Sequence[PlannedPhase]) -> list[str]:
    """The kinds of phase present, in the order of the shading's legend."""
    present = [p.kind.value for p in phases]
    return [kind for kind in PHASE_COLOURS if kind in present]


def x_axis() -> dict[str, Any]:
    return {
        "field": "date",
        "type": "temporal",
        "title": None,
        "axis": {"format": "%d %b", "tickCount": 7},
    }


def phase_layer(kinds: list[str]) -> dict[str, Any]:
    return {
        "data": {"name": "phases"},
        "mark": {"type": "rect", "opacity": 0.8},
        "encoding": {
            "x": {"field": "start", "type": "temporal"},
            "x2": {"field": "end"},
            "color": {
                "field": "phase",
                "type": "nominal",
                "title": "Phase",
                "scale": {
                    "domain": [PhaseKind(k).label for k in kinds],
                    "range": [PHASE_COLOURS[k] for k in kinds],
                },
            },
        },
    }


def _measure_panel(key: str, kinds: list[str]) -> dict[str, Any]:
    measure = MEASURES[key]
    y = {
        "field": "value",
        "type": "quantitative",
        "title": measure.short,
        "scale": {
            "domain": [measure.low, measure.high] if measure.high <= 10 else None,
            "zero": True,
        },
    }
    series = {
        "data": {"name": "daily"},
        "transform": [{"filter": {"field": "measure", "equal": measure.short}}],
    }
    return {
        "title": {"text": measure.label, "anchor": "start", "fontSize": 13},
        "width": "container",
        "height": 110,
        "layer": [
            phase_layer(kinds),
            {
                **series,
                "mark": {
                    "type": "line",
                    "color": "#2f5d50",
                    "invalid": "break-paths-show-domains",
                },
                "encoding": {"x": x_axis(), "y": y},
            },
            {
                **series,
                "mark": {
                    "type": "point",
                    "filled": True,
                    "color": "#2f5d50",
                    "size": 30,
                },
                "encoding": {
                    "x": x_axis(),
                    "y": y,
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "value", "type": "quantitative"},
                    ],
                },
            },
        ],
    }


def _weekly_panel(
    title: str, domain: tuple[float, float], kinds: list[str]
) -> dict[str, Any]:
    """One weekly or monthly instrument's totals, as labelled points."""
    y = {
        "field": "total",
        "type": "quantitative",
        "title": title,
        "scale": {"domain": list(domain)},
    }
    series = {
        "data": {"name": "weekly"},
        "transform": [{"filter": {"field": "instrument", "equal": title}}],
    }
    return {
        "title": {
            "text": f"{title} ({domain[0]:g}-{domain[1]:g})",
            "anchor": "start",
            "fontSize": 13,
        },
        "width": "container",
        "height": 90,
        "layer": [
            phase_layer(kinds),
            {
                **series,
                "mark": {
                    "type": "point",
                    "filled": True,
                    "shape": "diamond",
                    "size": 80,
                    "color": "#7a3b69",
                },
                "encoding": {"x": x_axis(), "y": y},
            },
            {
                **series,
                "mark": {"type": "text", "dy": -10, "color": "#7a3b69"},
                "encoding": {"x": x_axis(), "y": y, "text": {"field": "total"}},
            },
        ],
    }
