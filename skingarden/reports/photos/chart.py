"""One site's redness trend as a Vega-Lite spec, like the report's other charts
(vega-embed on the page, vl-convert in the PDF): each shot's Δa* as a small dot,
each session's mean joined by a line, the phases shaded, and a grey band of the
first measured session's value ± the smallest detectable change, so a session
inside the band is within measurement noise of the first. Pure, no Django."""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from skingarden.analysis.wording import Terms, number, rounded
from skingarden.photos.metrics.noise import MeasurementError
from skingarden.photos.selectors.timeline import SiteTimeline
from skingarden.programmes.charts import (
    CHART_CONFIG,
    VEGA_LITE_SCHEMA,
    phase_kinds,
    phase_layer,
    phase_rows,
    x_axis,
)
from skingarden.programmes.plan import PlannedPhase

if TYPE_CHECKING:  # the chart only reads the sessions (no import cycle at run time)
    from skingarden.reports.photos.outcome import SiteSession

LINE_COLOUR = "#a4262c"
Y_TITLE = "Δa* (lesion − reference)"


def site_chart(
    timeline: SiteTimeline,
    sessions: Sequence["SiteSession"],
    phases: Sequence[PlannedPhase],
    terms: Terms,
) -> dict[str, Any]:
    shots = [
        {"date": s.day.isoformat(), "value": round(value, 2)}
        for s in sessions
        for value in s.shots
    ]
    means = [{"date": s.day.isoformat(), "value": round(s.mean, 2)} for s in sessions]
    kinds = phase_kinds(phases)
    y = {"field": "value", "type": "quantitative", "title": Y_TITLE}
    layers = [
        phase_layer(kinds),
        *_band_layer(sessions, phases, timeline.error),
        {
            "data": {"name": "shots"},
            "mark": {"type": "point", "color": LINE_COLOUR, "size": 18},
            "encoding": {"x": x_axis(), "y": y},
        },
        {
            "data": {"name": "sessions"},
            "mark": {"type": "line", "color": LINE_COLOUR, "point": True},
            "encoding": {
                "x": x_axis(),
                "y": y,
                "tooltip": [
                    {"field": "date", "type": "temporal"},
                    {"field": "value", "type": "quantitative", "title": "Δa*"},
                ],
            },
        },
    ]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": site_chart_text(sessions, timeline.error, terms),
        "datasets": {
            "phases": phase_rows(phases),
            "shots": shots,
            "sessions": means,
            "band": _band_rows(sessions, phases, timeline.error),
        },
        "title": {"text": _capital(terms.measure), "anchor": "start", "fontSize": 13},
        "width": "container",
        "height": 140,
        "layer": layers,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CHART_CONFIG,
    }


def _band_rows(
    sessions: Sequence["SiteSession"],
    phases: Sequence[PlannedPhase],
    error: MeasurementError,
) -> list[dict[str, Any]]:
    if error.sdc is None or not sessions or not phases:
        return []
    first = sessions[0].mean
    return [
        {
            "start": phases[0].start.isoformat(),
            "end": phases[-1].end.isoformat(),
            "low": round(first - error.sdc, 2),
            "high": round(first + error.sdc, 2),
        }
    ]


def _band_layer(
    sessions: Sequence["SiteSession"],
    phases: Sequence[PlannedPhase],
    error: MeasurementError,
) -> list[dict[str, Any]]:
    if not _band_rows(sessions, phases, error):
        return []
    return [
        {
            "data": {"name": "band"},
            "mark": {"type": "rect", "color": "#6c757d", "opacity": 0.25},
            "encoding": {
                "x": {"field": "start", "type": "temporal"},
                "x2": {"field": "end"},
                "y": {"field": "low", "type": "quantitative"},
                "y2": {"field": "high"},
            },
        }
    ]


def site_chart_text(
    sessions: Sequence["SiteSession"], error: MeasurementError, terms: Terms
) -> str:
    """The chart in one sentence, for its text alternative."""
    subject = _capital(terms.measure)
    if not sessions:
        return f"{subject}: no measured session yet."
    first, last = sessions[0], sessions[-1]
    if len(sessions) == 1:
        text = (
            f"{subject} at 1 measured session, {_value(first.mean)} on "
            f"{_day(first.day)}, with the phases shaded"
        )
    else:
        text = (
            f"{subject} at {len(sessions)} measured sessions, from "
            f"{_value(first.mean)} on {_day(first.day)} to {_value(last.mean)} on "
            f"{_day(last.day)}, with the phases shaded"
        )
    if error.sdc is None:
        return text + "; the measurement noise is not yet known."
    return (
        f"{text}; the grey band is the first session's value ± the smallest "
        f"detectable change ({number(error.sdc)} units): a session inside it is "
        "within measurement noise of the first."
    )


def _value(value: float) -> str:
    return f"{'−' if rounded(value) < 0 else ''}{number(value)}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
