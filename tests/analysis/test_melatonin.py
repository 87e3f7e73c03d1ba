"""The real randomised n-of-1 trial in tests/data/nof1kit-melatonin
(melatonin vs control on mood, 70 study days, three prompts a day), through
``skingarden analyse`` exactly as docs/analysis.md runs it.

Reference, computed once with this code and documented in docs/analysis.md:
effect +1.10 (95% -0.77 to +2.97), ρ 0.51; with ρ = 0 and the naive t-test +1.03
(-1.58 to +3.64); with a linear trend +1.06 (-0.88 to +2.99); 35 control and 36
melatonin dates; verdict "improvement, but it could be chance". Tolerance 0.01:
the reference is quoted to two decimals.
"""

import csv
import io
import json
from collections import defaultdict
from contextlib import redirect_stdout
from statistics import mean
from typing import Any

import pytest

from skingarden import cli
from tests.datafiles import MELATONIN

TOLERANCE = 0.01
ARGS = [
    "analyse",
    str(MELATONIN),
    "--date-col",
    "date",
    "--value-col",
    "mood",
    "--phase-col",
    "condition",
    "--baseline",
    "control",
    "--intervention",
    "melatonin",
    "--higher-is-better",
]


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main([*ARGS, "--json"]) == 0
    (series,) = json.loads(out.getvalue())
    return dict(series)


def test_primary_effect_and_interval_match_the_reference(result):
    assert result["effect"] == pytest.approx(1.10, abs=TOLERANCE)
    assert result["ci_low"] == pytest.approx(-0.77, abs=TOLERANCE)
    assert result["ci_high"] == pytest.approx(2.97, abs=TOLERANCE)
    assert result["rho"] == pytest.approx(0.51, abs=TOLERANCE)
    assert result["verdict"] == "improvement, but it could be chance"


def test_sensitivity_analyses_match_the_reference(result):
    assert result["effect_rho0"] == pytest.approx(
        {"value": 1.03, "ci_low": -1.58, "ci_high": 3.64}, abs=TOLERANCE
    )
    assert result["effect_with_trend"] == pytest.approx(
        {"value": 1.06, "ci_low": -0.88, "ci_high": 2.99}, abs=TOLERANCE
    )
    # Without a lag there are two phases, so ρ = 0 is the pooled t-test exactly.
    assert result["naive"]["difference"] == pytest.approx(
        result["effect_rho0"]["value"], abs=1e-9
    )
    assert result["naive"]["ci_low"] == pytest.approx(
        result["effect_rho0"]["ci_low"], abs=1e-9
    )


def test_days_are_dates_with_the_prompts_averaged(result):
    # 70 study days but 71 dates: study day 44 (melatonin) spans 2026-04-02 and
    # 2026-04-03, so the dated analysis has 36 melatonin days to 35 control days
    # (the schedule file has 35 of each).
    assert (result["n_baseline"], result["n_intervention"]) == (35, 36)
    assert result["n_missing"] == {
        "baseline": 0,
        "lag": 0,
        "intervention": 0,
        "follow_up": 0,
    }
    assert result["notes"] == ["69 dates had several rows; their values were averaged."]


def test_rho0_effect_is_the_difference_of_daily_means_from_the_raw_file(result):
    """An independent reading with the csv module: average each date's prompts,
    then the condition means."""
    by_date: dict[tuple[str, str], list[float]] = defaultdict(list)
    with MELATONIN.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_date[row["date"], row["condition"]].append(float(row["mood"]))
    daily = defaultdict(list)
    for (_, condition), moods in by_date.items():
        daily[condition].append(mean(moods))
    assert len(daily["control"]) == 35
    assert result["effect_rho0"]["value"] == pytest.approx(
        mean(daily["melatonin"]) - mean(daily["control"]), abs=1e-9
    )


def test_a_crossover_gets_no_segmented_regression(result):
    # Control days recur after the first melatonin day: no single change point.
    assert result["segmented"] is None


def test_text_output_names_the_verdict_and_the_naive_comparison(capsys):
    assert cli.main(ARGS) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "Series all: improvement, but it could be chance"
    # Issue 12 §1: in words, one decimal (the signed figures are in --json).
    assert (
        "  Mood was 1.1 higher on melatonin days than on control days (95 % "
        "interval: 0.8 lower to 3.0 higher)." in text
    )
    assert "  88 % chance that melatonin days were better at all." in text
    assert (
        "  naive difference of means: 1.0 higher (t interval 1.6 lower to 3.6 "
        "higher)" in text
    )
