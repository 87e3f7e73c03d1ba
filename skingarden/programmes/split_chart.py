"""Vega-Lite charts of a split-body design. Pure, no Django.

The sites panel (the primary measure on both sites by day, phases shaded) joins the
dashboard's chart below the primary measure's own panel. The report's split-body
section draws it above a second panel: the daily difference, kefir site minus
carrier-only site, with the baseline's average difference and, over the topical days
after the onset lag, that average moved by the estimated change, with its 95%
interval. As in ``charts``, an unrated day carries a null and its line breaks there.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from skingarden.lib.days import days_between
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.charts import (
    CHART_CONFIG,
    VEGA_LITE_SCHEMA,
    phase_kinds,
    phase_layer,
    phase_rows,
    x_axis,
)
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.split_body import Site

# Colour and dash tell the sites apart on screen and in a black-and-white print.
SITE_STROKES = {"kefir": "#2f5d50", "carrier": "#b0702c"}
SITE_DASHES = {"kefir": [1, 0], "carrier": [5, 3]}
# One legend for both sites: the line's colour and dash, a dot's fill.
SITE_LEGEND = {"symbolType": "stroke", "symbolStrokeWidth": 2, "symbolSize": 300}
LEVEL_COLOUR = "#7a3b69"
BAND_COLOUR = "#c8a2bf"


@dataclass(frozen=True)
class Level:
    """A level of the difference over a span of days (both ends included): the
    baseline's average (``low`` = ``high`` = ``value``), or the level after the lag
    with its interval."""

    label: str
    start: date
    end: date
    value: float
    low: float
    high: float


def _chart_days(phases: Sequence[PlannedPhase], today: date) -> list[date]:
    """Every programme day up to today."""
    return days_between(phases[0].start, min(today, phases[-1].end))


def site_rows(
    *,
    phases: Sequence[PlannedPhase],
    today: date,
    sites: Sequence[Site],
    logs: Mapping[date, Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """One row per site per programme day up to today (null where not rated)."""
    return [
        {
            "date": day.isoformat(),
            "site": site.label,
            "value": logs.get(day, {}).get(site.field),
        }
        for day in _chart_days(phases, today)
        for site in sites
    ]


def difference_rows(
    *,
    phases: Sequence[PlannedPhase],
    today: date,
    logs: Mapping[date, Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Kefir site minus carrier site each programme day (null unless both rated)."""
    rows = []
    for day in _chart_days(phases, today):
        log = logs.get(day, {})
        kefir, carrier = log.get("site_kefir"), log.get("site_carrier")
        value = None if kefir is None or carrier is None else kefir - carrier
        rows.append({"date": day.isoformat(), "value": value})
    return rows


def with_sites_panel(
    spec: dict[str, Any],
    *,
    phases: Sequence[PlannedPhase],
    rows: list[dict[str, Any]],
    sites: Sequence[Site],
    measure: str,
) -> dict[str, Any]:
    """``charts.programme_chart``'s spec with the sites panel after its first (the
    primary measure's) panel."""
    panels = list(spec["vconcat"])
    panels.insert(1, sites_panel(measure, sites, phase_kinds(phases)))
    return {
        **spec,
        "datasets": {**spec["datasets"], "sites": rows},
        "vconcat": panels,
    }


def split_body_chart(
    *,
    phases: Sequence[PlannedPhase],
    rows: list[dict[str, Any]],
    differences: list[dict[str, Any]],
    levels: Sequence[Level],
    sites: Sequence[Site],
    measure: str,
) -> dict[str, Any]:
    """The report's chart: both sites by day, then their difference with its
    estimated levels, phases shaded in both."""
    kinds = phase_kinds(phases)
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": "Split-body comparison: each site by day and their difference",
        "datasets": {
            "sites": rows,
            "differences": differences,
            "levels": [_level_row(level) for level in levels],
            "phases": phase_rows(phases),
        },
        "vconcat": [
            sites_panel(measure, sites, kinds),
            difference_panel(measure, kinds),
        ],
        "resolve": {"scale": {"color": "shared"}},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CHART_CONFIG,
    }


def _level_row(level: Level) -> dict[str, Any]:
    return {
        "level": level.label,
        "start": level.start.isoformat(),
        "end": (level.end + timedelta(days=1)).isoformat(),
        "value": level.value,
        "low": level.low,
        "high": level.high,
    }


def _y(title: str, key: str) -> dict[str, Any]:
    measure = MEASURES[key]
    return {
        "field": "value",
        "type": "quantitative",
        "title": title,
        "scale": {
            "domain": [measure.low, measure.high] if measure.high <= 10 else None,
            "zero": True,
        },
    }


def sites_panel(key: str, sites: Sequence[Site], kinds: list[str]) -> dict[str, Any]:
    """Both sites' ratings of the primary measure, one line each."""
    labels = [site.label for site in sites]
    by_site = {
        "field": "site",
        "type": "nominal",
        "title": "Site",
        "scale": {"domain": labels, "range": [SITE_STROKES[s.arm] for s in sites]},
    }
    dashes = {
        **by_site,
        "scale": {"domain": labels, "range": [SITE_DASHES[s.arm] for s in sites]},
    }
    y = _y(MEASURES[key].short, key)
    data = {"data": {"name": "sites"}}
    return {
        "title": {
            "text": f"{MEASURES[key].label}, each site",
            "anchor": "start",
            "fontSize": 13,
        },
        "width": "container",
        "height": 110,
        "layer": [
            phase_layer(kinds),
            {
                **data,
                "mark": {"type": "line", "invalid": "break-paths-show-domains"},
                "encoding": {
                    "x": x_axis(),
                    "y": y,
                    "stroke": {**by_site, "legend": SITE_LEGEND},
                    "strokeDash": dashes,
                },
            },
            {
                **data,
                "mark": {"type": "point", "filled": True, "size": 24},
                "encoding": {
                    "x": x_axis(),
                    "y": y,
                    "fill": by_site,
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "site", "type": "nominal"},
                        {"field": "value", "type": "quantitative"},
                    ],
                },
            },
        ],
    }


def difference_panel(key: str, kinds: list[str]) -> dict[str, Any]:
    """The daily difference with a line at no difference and the estimated levels
    (the interval as a band)."""
    measure = MEASURES[key]
    y = {"field": "value", "type": "quantitative", "title": "Kefir − carrier"}
    span = {
        "x": {"field": "start", "type": "temporal"},
        "x2": {"field": "end"},
    }
    levels = {"data": {"name": "levels"}}
    differences = {"data": {"name": "differences"}}
    return {
        "title": {
            "text": f"{measure.short}: kefir site minus carrier-only site",
            "anchor": "start",
            "fontSize": 13,
        },
        "width": "container",
        "height": 110,
        "layer": [
            phase_layer(kinds),
            {
                "data": {"values": [{"value": 0}]},
                "mark": {"type": "rule", "color": "#8a8a8a", "strokeDash": [2, 2]},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            },
            {
                **levels,
                "mark": {"type": "rect", "color": BAND_COLOUR, "opacity": 0.5},
                "encoding": {
                    **span,
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                },
            },
            {
                **levels,
                "mark": {"type": "rule", "color": LEVEL_COLOUR, "strokeWidth": 2},
                "encoding": {
                    **span,
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [
                        {"field": "level", "type": "nominal"},
                        {"field": "value", "type": "quantitative", "format": ".2f"},
                        {"field": "low", "type": "quantitative", "format": ".2f"},
                        {"field": "high", "type": "quantitative", "format": ".2f"},
                    ],
                },
            },
            {
                **differences,
                "mark": {
                    "type": "line",
                    "color": "#2f5d50",
                    "invalid": "break-paths-show-domains",
                },
                "encoding": {"x": x_axis(), "y": y},
            },
            {
                **differences,
                "mark": {"type": "point", "filled": True, "color": "#2f5d50"},
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
