"""The text alternative of a programme's chart (issue 14 §6): one sentence that
says what the picture shows, for anyone who cannot see it. Pure, no Django."""

from collections.abc import Mapping, Sequence
from datetime import date
from statistics import fmean
from typing import Any


def chart_summary(rows: Sequence[Mapping[str, Any]], also: Sequence[str]) -> str:
    """What the chart shows: from ``rows`` (``daily_rows`` of the primary measure
    alone, one a day) its logged days, its mean in each phase so far and its
    latest value; then the names of the other measures charted (``also``)."""
    if not rows:
        return "The chart is empty: the programme has not started."
    logged = [row for row in rows if row["value"] is not None]
    sentence = f"{rows[0]['measure']}: {len(logged)} of {len(rows)} days logged"
    if logged:
        sentence += f"; mean by phase: {_phase_means(logged)}"
        latest = logged[-1]
        day = date.fromisoformat(latest["date"])
        sentence += f"; latest {latest['value']} on {day:%a} {day.day} {day:%b}"
    sentence += "."
    if also:
        sentence += " Also charted: " + ", ".join(also) + "."
    return sentence


def _phase_means(logged: Sequence[Mapping[str, Any]]) -> str:
    by_phase: dict[str, list[float]] = {}
    for row in logged:
        by_phase.setdefault(row["phase"], []).append(row["value"])
    return ", ".join(
        f"{phase} {fmean(values):.1f}" for phase, values in by_phase.items()
    )
