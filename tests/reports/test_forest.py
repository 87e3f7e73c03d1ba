"""The forest plot spec (skingarden/reports/forest.py): its data are the pooled
result's exact values, it carries no data URL, and vl-convert draws it (with the
Vega-Lite the browser gets) into an SVG holding every label."""

import json
from typing import Any

import pytest
import vl_convert

from skingarden.analysis import AnalysisError
from skingarden.analysis.pooled import ClientEffect, PooledAnalysis, pool_effects
from skingarden.reports.forest import forest_spec

Z95 = 1.959963984540054
EFFECTS = [
    ClientEffect("AB", -2.1, 0.6),
    ClientEffect("CD", -0.4, 0.5),
    ClientEffect("EF", -1.3, 0.9),
    ClientEffect("GH", 0.5, 0.7),
]


def result() -> PooledAnalysis:
    return pool_effects(EFFECTS)


def svg_of(spec: dict[str, Any]) -> str:
    # 6.4: the Vega-Lite the browser gets (static/vendor/vega-lite-6.4.3).
    return str(vl_convert.vegalite_to_svg(spec, vl_version="6.4"))


def keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_there_is_one_row_per_client_with_its_interval_and_shrunken_estimate():
    pooled = result()
    spec = forest_spec(pooled, unit="points", lower_is_better=True)
    rows = spec["datasets"]["clients"]
    assert pooled.reml is not None
    assert [r["label"] for r in rows] == ["AB", "CD", "EF", "GH"]
    for row, client, shrunk in zip(rows, EFFECTS, pooled.reml.shrunken, strict=True):
        assert row["estimate"] == client.estimate
        assert row["low"] == pytest.approx(
            client.estimate - Z95 * client.standard_error
        )
        assert row["high"] == pytest.approx(
            client.estimate + Z95 * client.standard_error
        )
        assert row["shrunken"] == shrunk.estimate


def test_a_clients_interval_is_the_one_their_report_shows_when_given():
    # An AR(1) interval is a mixture of t distributions: not symmetric around the
    # estimate, and not the normal one pooling uses (issue 12 §4).
    reported = {"AB": (-3.4, -0.7), "GH": (-0.6, 1.9)}
    spec = forest_spec(
        result(), unit="points", lower_is_better=True, intervals=reported
    )
    rows = {r["label"]: r for r in spec["datasets"]["clients"]}
    assert (rows["AB"]["low"], rows["AB"]["high"]) == (-3.4, -0.7)
    assert (rows["GH"]["low"], rows["GH"]["high"]) == (-0.6, 1.9)
    assert rows["CD"]["low"] == pytest.approx(-0.4 - Z95 * 0.5)  # none given


def test_the_chart_asks_the_page_to_fit_it_to_its_width():
    spec = forest_spec(result(), unit="points", lower_is_better=True)
    assert spec["usermeta"]["fitWidth"] == {
        "min": 150,
        "max": 520,
        "labels": 170,
        "minLabels": 96,
    }
    assert {panel["width"] for panel in spec["vconcat"]} == {360}


def test_the_chart_draws_no_legend_of_its_own():
    # vega-embed drew two legends (colour and shape) where vl-convert merged them;
    # the page gives the one legend beside the chart.
    svg = svg_of(forest_spec(result(), unit="points", lower_is_better=True))
    assert "role-legend" not in svg


def test_the_summary_rows_are_the_reml_estimate_and_the_prediction_interval():
    pooled = result()
    reml = pooled.reml
    assert reml is not None
    pooled_row, prediction_row = forest_spec(
        pooled, unit="points", lower_is_better=True
    )["datasets"]["summary"]
    assert pooled_row["row"] == "Pooled (REML)"
    assert (pooled_row["estimate"], pooled_row["low"], pooled_row["high"]) == (
        reml.estimate,
        reml.interval.low,
        reml.interval.high,
    )
    assert prediction_row["row"] == "New client (prediction)"
    assert (prediction_row["low"], prediction_row["high"]) == (
        reml.prediction.low,
        reml.prediction.high,
    )


def test_the_spec_is_json_with_every_value_inline():
    spec = forest_spec(result(), unit="points", lower_is_better=True)
    assert json.loads(json.dumps(spec)) == spec
    assert "url" not in keys(spec)


def test_vl_convert_draws_it_with_every_label():
    pooled = result()
    assert pooled.reml is not None
    svg = svg_of(forest_spec(pooled, unit="points (0-10)", lower_is_better=True))
    assert svg.startswith("<svg")
    for text in [
        "AB",
        "CD",
        "EF",
        "GH",
        "Pooled (REML)",
        "New client (prediction)",
        "← better on kefir",
        "worse on kefir →",
        "Kefir minus baseline (points (0-10))",
    ]:
        assert f">{text}</text>" in svg, text
    assert svg.index("← better on kefir") < svg.index("worse on kefir →")


def test_when_higher_is_better_the_better_side_is_on_the_right():
    svg = svg_of(forest_spec(result(), unit="hours", lower_is_better=False))
    assert ">← worse on kefir</text>" in svg
    assert ">better on kefir →</text>" in svg


def test_the_level_is_the_results():
    spec = forest_spec(
        pool_effects(EFFECTS, level=0.9), unit="points", lower_is_better=True
    )
    assert spec["description"].endswith("with 90 % intervals")


def test_nothing_pooled_is_refused_with_the_reason():
    with pytest.raises(AnalysisError) as raised:
        forest_spec(pool_effects(EFFECTS[:2]), unit="points", lower_is_better=True)
    assert str(raised.value) == (
        "2 clients finished this protocol; pooling needs at least 3."
    )


def test_the_zero_line_is_drawn_even_when_every_effect_is_far_from_it():
    far = [ClientEffect(f"C{i}", -8.0 - 0.1 * i, 0.3) for i in range(6)]
    pooled = pool_effects(far)
    assert pooled.reml is not None and pooled.reml.prediction.high < -7
    spec = forest_spec(pooled, unit="points", lower_is_better=True)
    for panel in spec["vconcat"]:
        assert panel["layer"][0]["encoding"]["x"]["datum"] == 0
    svg = svg_of(spec)
    assert ">0</text>" in svg  # the x axis still reaches zero
    assert svg.count('stroke-dasharray="4,3"') == 2  # the dashed line in each panel
