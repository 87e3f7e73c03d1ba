"""The print chart: the same Vega-Lite spec as the page, fixed width, dots only for
days logged between two unlogged ones (checked on the SVG vl-convert draws)."""

import base64
import re
from datetime import date, timedelta

from skingarden.programmes import plan
from skingarden.programmes.charts import daily_rows, programme_chart
from skingarden.reports import render

START = date(2026, 5, 4)


def spec_with(values):
    phases = plan.lay_out_phases(start=START, baseline_days=7)
    logs = {
        START + timedelta(days=n): {"worst_itch": v}
        for n, v in enumerate(values)
        if v is not None
    }
    today = START + timedelta(days=len(values) - 1)
    rows = daily_rows(phases=phases, today=today, measures=["worst_itch"], logs=logs)
    return programme_chart(phases=phases, rows=rows, measures=["worst_itch"])


def test_the_print_spec_has_a_fixed_width_and_no_grid():
    spec = spec_with([5, 6, 5])
    printed = render.print_spec(spec)
    assert spec["vconcat"][0]["width"] == "container"  # the page's spec is untouched
    assert printed["vconcat"][0]["width"] == render.PRINT_CHART_WIDTH
    assert printed["config"]["axis"]["grid"] is False
    assert "autosize" not in printed


def test_only_isolated_days_get_a_dot():
    # Days 0-2 joined by a line; day 4 alone between two gaps; days 6-7 a line.
    svg = render.chart_svg(spec_with([5, 6, 5, None, 7, None, 4, 3]))
    dots = re.findall(r'class="mark-symbol role-mark[^"]*"', svg)
    assert len(dots) == 1
    group = svg[svg.index(dots[0]) :]
    group = group[: group.index("</g>")]
    assert group.count("<path") == 1


def test_the_chart_image_is_an_svg_data_url():
    url = render.chart_image(spec_with([5, 6, 5]))
    prefix = "data:image/svg+xml;base64,"
    assert url.startswith(prefix)
    assert base64.b64decode(url[len(prefix) :]).startswith(b"<svg")


def test_each_site_gets_dots_only_on_its_own_isolated_days():
    """The sites' rows alternate; the dots are chosen within each site's line."""
    from skingarden.programmes.protocol import TopicalArm
    from skingarden.programmes.split_body import split_sites
    from skingarden.programmes.split_chart import site_rows, split_body_chart

    phases = plan.lay_out_phases(start=START, baseline_days=7)
    sites = split_sites(
        TopicalArm(enabled=True, design="split_body", kefir_side="left", area="arm")
    )
    assert sites is not None
    kefir = [5, 6, 5, None, 7, None, 4, 3]  # day 4 isolated
    carrier = [5, None, 5, None, 6, 6, 4, None]  # days 0 and 2 isolated
    logs = {
        START + timedelta(days=n): {"site_kefir": k, "site_carrier": c}
        for n, (k, c) in enumerate(zip(kefir, carrier, strict=True))
    }
    today = START + timedelta(days=7)
    spec = split_body_chart(
        phases=phases,
        rows=site_rows(phases=phases, today=today, sites=sites, logs=logs),
        differences=[],
        levels=[],
        sites=sites,
        measure="worst_itch",
    )
    svg = render.chart_svg(spec)
    group = svg[svg.index('class="mark-symbol role-mark') :]
    group = group[: group.index("</g>")]
    assert group.count("<path") == 3


def test_the_days_by_phase_print_beside_the_daily_chart_as_one_picture():
    from skingarden.analysis.outcome import DayRecord
    from skingarden.reports.answer_charts import Distribution, phase_distributions

    values = [5, 6, 5, 7, 6, 5, 6, 4, 4, 3, 3, 2, 3, 2]
    records = [
        DayRecord(START + timedelta(days=n), "baseline" if n < 7 else "lag", v)
        for n, v in enumerate(values)
    ]
    boxes = phase_distributions([Distribution("Worst itch", records, (0, 10))])
    paired = render.paired_spec(spec_with(values), boxes)
    left, right = paired["hconcat"]
    assert left["vconcat"][0]["width"] == render.PRINT_PAIRED_WIDTH
    # Boxes only for print: the page's dots would cost WeasyPrint an element a day.
    assert [layer["mark"]["type"] for layer in right["vconcat"][0]["layer"]] == [
        "boxplot"
    ]
    assert boxes["vconcat"][0]["layer"][1]["mark"]["type"] == "circle"  # untouched
    assert set(paired["datasets"]) == {"daily", "phases", "weekly", "days"}
    svg = render.chart_svg(paired)
    assert ">Worst itch</text>" in svg and ">Baseline</text>" in svg
