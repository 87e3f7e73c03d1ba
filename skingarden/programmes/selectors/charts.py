"""The data behind a programme's charts."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.cache import cache

from skingarden.instruments import definitions
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.chart_svg import light_svg
from skingarden.programmes.chart_text import chart_summary
from skingarden.programmes.charts import WeeklyTotal, daily_rows, programme_chart
from skingarden.programmes.models import CheckIn, Programme
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.protocol import ITCH_CONDITIONS
from skingarden.programmes.selectors.state import planned_phases
from skingarden.programmes.split_body import split_sites
from skingarden.programmes.split_chart import site_rows, with_sites_panel


def chart_measures(primary: str, conditions: Sequence[str]) -> list[str]:
    """The daily measures charted: the primary, then those fitting the conditions."""
    keys = [primary]
    if any(condition in ITCH_CONDITIONS for condition in conditions):
        keys += ["worst_itch", "sleep_loss"]
    if "acne" in conditions:
        keys.append("new_spots")
    keys += ["gut_discomfort", "energy"]
    return list(dict.fromkeys(keys))


def programme_chart_spec(*, programme: Programme, today: date) -> dict[str, Any]:
    """The Vega-Lite spec of the programme's daily measures (three queries); a
    split-body programme's also shows both sites' ratings."""
    phases = planned_phases(list(programme.phases.all()))
    measures = chart_measures(programme.primary_measure, programme.protocol.conditions)
    sites = split_sites(programme.topical)
    fields = [*measures, *(site.field for site in sites or ())]
    logs = {
        row["date"]: row
        for row in CheckIn.objects.filter(programme=programme).values("date", *fields)
    }
    weekly = _weekly_totals(programme)
    rows = daily_rows(phases=phases, today=today, measures=measures, logs=logs)
    spec = programme_chart(phases=phases, rows=rows, measures=measures, weekly=weekly)
    if sites is None:
        return spec
    return with_sites_panel(
        spec,
        phases=phases,
        rows=site_rows(phases=phases, today=today, sites=sites, logs=logs),
        sites=sites,
        measure=programme.primary_measure,
    )


def _weekly_totals(programme: Programme) -> list[WeeklyTotal]:
    """The scored questionnaires' totals (one query; each instrument's definition
    read once, not once a response)."""
    scored = InstrumentResponse.objects.filter(
        programme=programme, scored=True, due_on__isnull=False
    ).values_list("instrument_id", "date", "total")
    loaded: dict[str, definitions.Definition] = {}
    weekly = []
    for instrument, day, total in scored:
        if total is None:
            continue
        if instrument not in loaded:
            loaded[instrument] = definitions.load(instrument)
        found = loaded[instrument]
        weekly.append(WeeklyTotal(found.short_title, day, float(total), found.range))
    return weekly


# The chart's plot width in pixels for each layout: a phone's card (360 px screen)
# and a desktop's (the page is 46rem wide). The picture is then scaled to its box.
CHART_WIDTHS = {"phone": 250, "wide": 600}


def programme_chart_svg(*, programme: Programme, today: date, layout: str) -> str:
    """The chart drawn on the server (``layout`` is a key of CHART_WIDTHS), cached
    until the programme changes or the day turns, like the dashboard itself."""
    key = f"chart-svg:{programme.code}:{programme.revision}:{today}:{layout}"
    svg: str | None = cache.get(key)
    if svg is None:
        spec = programme_chart_spec(programme=programme, today=today)
        svg = light_svg(spec, CHART_WIDTHS[layout])
        cache.set(key, svg)
    return svg


def programme_chart_text(
    *, programme: Programme, phases: Sequence[PlannedPhase], today: date
) -> str:
    """The chart's text alternative: one sentence on what it shows (one query:
    the primary measure's values; ``phases`` are the programme's, already read)."""
    primary = programme.primary_measure
    measures = chart_measures(primary, programme.protocol.conditions)
    logs = {
        row["date"]: row
        for row in CheckIn.objects.filter(programme=programme).values("date", primary)
    }
    rows = daily_rows(phases=phases, today=today, measures=[primary], logs=logs)
    return chart_summary(rows, [MEASURES[key].short for key in measures[1:]])
