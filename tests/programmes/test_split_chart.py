"""The split-body chart specs (skingarden/programmes/split_chart.py): one row per
site per day with nulls for unrated days, the difference only when both sites are
rated, and the sites panel placed after the primary measure's panel."""

from datetime import date, timedelta

from skingarden.programmes import plan
from skingarden.programmes.charts import daily_rows, programme_chart
from skingarden.programmes.protocol import TopicalArm
from skingarden.programmes.split_body import Site, split_sites
from skingarden.programmes.split_chart import (
    Level,
    difference_rows,
    site_rows,
    split_body_chart,
    with_sites_panel,
)

START = date(2026, 5, 4)
PHASES = plan.lay_out_phases(start=START, baseline_days=7)


def drawn_sites(topical: TopicalArm) -> tuple[Site, Site]:
    sites = split_sites(topical)
    assert sites is not None
    return sites


SITES = drawn_sites(
    TopicalArm(
        enabled=True,
        design="split_body",
        kefir_side="right",
        carrier="coconut_oil",
        kefir_parts=1,
        carrier_parts=4,
        area="shin",
    )
)
LOGS: dict[date, dict[str, int | None]] = {
    START: {"worst_itch": 6, "site_kefir": 5, "site_carrier": 7},
    START + timedelta(days=1): {"worst_itch": 6, "site_kefir": None, "site_carrier": 4},
    START + timedelta(days=3): {"worst_itch": 5, "site_kefir": 2, "site_carrier": 2},
}
TODAY = START + timedelta(days=3)


def test_each_site_has_a_row_a_day_with_nulls_where_not_rated():
    rows = site_rows(phases=PHASES, today=TODAY, sites=SITES, logs=LOGS)
    assert [(r["site"], r["value"]) for r in rows] == [
        ("right shin — kefir in carrier", 5),
        ("left shin — carrier only", 7),
        ("right shin — kefir in carrier", None),
        ("left shin — carrier only", 4),
        ("right shin — kefir in carrier", None),  # day 3 not logged at all
        ("left shin — carrier only", None),
        ("right shin — kefir in carrier", 2),
        ("left shin — carrier only", 2),
    ]


def test_the_difference_needs_both_sites():
    rows = difference_rows(phases=PHASES, today=TODAY, logs=LOGS)
    assert [r["value"] for r in rows] == [-2, None, None, 0]


def test_the_sites_panel_follows_the_primary_panel_and_the_rest_is_kept():
    measures = ["worst_itch", "gut_discomfort"]
    daily = daily_rows(phases=PHASES, today=TODAY, measures=measures, logs=LOGS)
    spec = programme_chart(phases=PHASES, rows=daily, measures=measures)
    rows = site_rows(phases=PHASES, today=TODAY, sites=SITES, logs=LOGS)
    combined = with_sites_panel(
        spec, phases=PHASES, rows=rows, sites=SITES, measure="worst_itch"
    )
    assert len(spec["vconcat"]) == 2  # the original is not changed
    panels = combined["vconcat"]
    assert [p["title"]["text"] for p in panels] == [
        "Worst itch in the last 24 hours",
        "Worst itch in the last 24 hours, each site",
        "Gut discomfort (wind, bloating, cramps)",
    ]
    assert combined["datasets"]["sites"] == rows
    assert combined["datasets"]["daily"] == daily
    line = panels[1]["layer"][1]
    assert line["mark"]["invalid"] == "break-paths-show-domains"
    assert line["encoding"]["stroke"]["scale"]["domain"] == [
        "right shin — kefir in carrier",
        "left shin — carrier only",
    ]


def test_the_report_chart_draws_the_levels_over_their_days():
    level = Level(
        label="estimate",
        start=START + timedelta(days=13),
        end=START + timedelta(days=27),
        value=-1.0,
        low=-1.5,
        high=-0.5,
    )
    spec = split_body_chart(
        phases=PHASES,
        rows=[],
        differences=[],
        levels=[level],
        sites=SITES,
        measure="worst_itch",
    )
    assert spec["datasets"]["levels"] == [
        {
            "level": "estimate",
            "start": "2026-05-17",
            "end": "2026-06-01",  # exclusive: the band covers the last day too
            "value": -1.0,
            "low": -1.5,
            "high": -0.5,
        }
    ]
    assert len(spec["vconcat"]) == 2
