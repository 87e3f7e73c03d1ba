"""The data behind a programme's charts."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from skingarden.instruments import definitions
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.charts import WeeklyTotal, daily_rows, programme_chart
from skingarden.programmes.models import CheckIn, Programme
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
    weekly = [
        WeeklyTotal(
            definitions.load(instrument).short_title,
            day,
            float(total),
            definitions.load(instrument).range,
        )
        for instrument, day, total in InstrumentResponse.objects.filter(
            programme=programme, scored=True, due_on__isnull=False
        ).values_list("instrument_id", "date", "total")
        if total is not None
    ]
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
