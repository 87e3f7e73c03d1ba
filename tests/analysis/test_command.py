"""``skingarden analyse`` on small CSVs written in the test: bad files exit with
status 2 and a message naming the problem (and the row), repeated dates are
averaged, skipped dates are unlogged days, and --series-col gives one result per
series. The messages are the ones in skingarden/analysis/csvfile.py and command.py.
"""

import json
from pathlib import Path

import pytest

from skingarden import cli

JSON_KEYS = {
    "series",
    "effect",
    "ci_low",
    "ci_high",
    "rho",
    "n_baseline",
    "n_intervention",
    "verdict",
}
BASELINE = [6, 7, 5, 6, 7, 6, 5]
KEFIR = [4, 3, 4, 5, 3, 4, 3, 4, 2, 3, 4, 3, 3, 4]


def write(tmp_path: Path, rows: list[str], header: str = "date,itch,phase") -> Path:
    path = tmp_path / "series.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def daily_rows(baseline=BASELINE, kefir=KEFIR, *, extra: str = "") -> list[str]:
    values = [("baseline", v) for v in baseline] + [("kefir", v) for v in kefir]
    return [
        f"2026-03-{day:02d},{value},{phase}{extra}"
        for day, (phase, value) in enumerate(values, start=1)
    ]


def analyse(capsys, path: Path, *options: str) -> tuple[int, str, str]:
    status = cli.main(
        [
            "analyse",
            str(path),
            "--date-col",
            "date",
            "--value-col",
            "itch",
            "--phase-col",
            "phase",
            "--intervention",
            "kefir",
            *options,
        ]
    )
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_fails(capsys, path: Path, message: str, *options: str) -> None:
    status, out, err = analyse(capsys, path, *options)
    assert status == 2
    assert out == ""
    assert err == f"skingarden analyse: {message}\n"


def test_a_missing_column_is_named(tmp_path, capsys):
    path = write(tmp_path, daily_rows(), header="date,score,phase")
    assert_fails(
        capsys,
        path,
        "The file has no column called 'itch'; its columns are date, score, phase.",
    )


def test_an_unparseable_date_names_its_row(tmp_path, capsys):
    rows = daily_rows()
    rows[1] = "2026-13-02,7,baseline"  # line 3 of the file, after the header
    assert_fails(
        capsys, write(tmp_path, rows), "Row 3: “2026-13-02” is not a date (YYYY-MM-DD)."
    )


def test_an_unparseable_number_names_its_row(tmp_path, capsys):
    rows = daily_rows()
    rows[9] = "2026-03-10,lots,kefir"
    assert_fails(capsys, write(tmp_path, rows), "Row 11: “lots” is not a number.")


def test_an_infinite_number_is_refused(tmp_path, capsys):
    rows = daily_rows()
    rows[0] = "2026-03-01,inf,baseline"
    assert_fails(capsys, write(tmp_path, rows), "Row 2: “inf” is not a finite number.")


def test_an_absent_phase_label_lists_the_labels_there_are(tmp_path, capsys):
    rows = [row.replace("kefir", "treatment") for row in daily_rows()]
    assert_fails(
        capsys,
        write(tmp_path, rows),
        "No row has the phase “kefir”; the phases are baseline, treatment.",
    )


def test_too_few_days_says_how_many_it_needs_and_has(tmp_path, capsys):
    path = write(tmp_path, daily_rows(baseline=[6, 7, 5]))
    assert_fails(
        capsys,
        path,
        "Series “all” has too few days: it needs at least 4 baseline and 7 "
        "intervention days after the lag with a value; it has 3 and 14.",
    )


def test_the_lag_counts_against_the_intervention_days(tmp_path, capsys):
    # 14 kefir days, 8 of them onset lag: 6 left, one short of the 7 needed.
    status, _, err = analyse(capsys, write(tmp_path, daily_rows()), "--lag", "8")
    assert status == 2
    assert "it has 7 and 6." in err


def test_an_unreadable_file_exits_2(tmp_path, capsys):
    assert_fails(
        capsys,
        tmp_path / "absent.csv",
        f"cannot read {tmp_path / 'absent.csv'}: No such file or directory.",
    )


def test_repeated_dates_are_averaged_and_skipped_dates_are_unlogged(tmp_path, capsys):
    rows = daily_rows()
    rows.insert(3, "2026-03-03,7,baseline")  # 2026-03-03 twice: 5 and 7 average 6
    del rows[6]  # 2026-03-06 (baseline) skipped
    del rows[12]  # 2026-03-13 (kefir) skipped
    status, out, err = analyse(capsys, write(tmp_path, rows), "--json")
    assert (status, err) == (0, "")
    (result,) = json.loads(out)
    assert (result["n_baseline"], result["n_intervention"]) == (6, 13)
    assert result["n_missing"] == {
        "baseline": 1,
        "lag": 0,
        "intervention": 1,
        "follow_up": 0,
    }
    baseline = [6, 7, 6, 6, 7, 5]  # day 3 averaged, day 6 absent
    kefir = KEFIR[:5] + KEFIR[6:]  # day 13 is kefir's sixth day
    assert result["effect_rho0"]["value"] == pytest.approx(
        sum(kefir) / 13 - sum(baseline) / 6, abs=1e-12
    )
    assert result["notes"] == ["1 date had several rows; its values were averaged."]


def test_a_date_with_two_phases_keeps_the_majority_with_a_note(tmp_path, capsys):
    rows = daily_rows()
    rows += ["2026-03-08,9,kefir", "2026-03-08,1,baseline"]  # first kefir day
    status, out, _ = analyse(capsys, write(tmp_path, rows), "--json")
    assert status == 0
    (result,) = json.loads(out)
    assert result["notes"][0] == (
        "2026-03-08: rows with two phases; 1 of 3 left out (kept “kefir”)."
    )
    assert result["n_intervention"] == 14


def test_series_col_gives_one_json_entry_per_series(tmp_path, capsys):
    rows = daily_rows(extra=",ann") + daily_rows(
        baseline=[3, 4, 3, 4, 3, 4, 3], kefir=[4, 5] * 7, extra=",bo"
    )
    path = write(tmp_path, rows, header="date,itch,phase,person")
    status, out, _ = analyse(capsys, path, "--series-col", "person", "--json")
    assert status == 0
    results = json.loads(out)
    assert [r["series"] for r in results] == ["ann", "bo"]
    for result in results:
        assert set(result) >= JSON_KEYS
        assert (result["n_baseline"], result["n_intervention"]) == (7, 14)
        assert result["ci_low"] < result["effect"] < result["ci_high"]
    # Lower is better by default: ann's itch fell, bo's rose by a whole point.
    assert results[0]["effect"] < 0 < results[1]["effect"]


def test_text_output_says_the_result_in_words(tmp_path, capsys):
    # Issue 12 §1: the text output follows the report's wording (directions in
    # words, one decimal); the signed figures are in --json. The numbers are the
    # analysis's own on this series (its JSON: effect −2.52, interval −3.20 to
    # −1.73, ρ −0.18).
    status, out, _ = analyse(capsys, write(tmp_path, daily_rows()), "--threshold", "1")
    assert status == 0
    assert out.splitlines() == [
        "Series all: clear meaningful improvement",
        "  Itch was 2.5 lower on kefir days than at baseline (95 % interval: 3.2 "
        "lower to 1.7 lower).",
        "  More than 99 % chance that kefir days were better at all; more than 99 % "
        "that they were better by at least 1.",
        "  The whole 95 % interval (3.2 lower to 1.7 lower) is on the lower (better) "
        "side, and the estimate, 2.5 lower, reaches the change that matters to you "
        "(1).",
        "  sensitivity: with ρ = 0, 2.5 lower (3.3 lower to 1.7 lower); with a "
        "linear trend, 2.0 lower (3.1 lower to 0.7 lower)",
        "  naive difference of means: 2.5 lower (t interval 3.3 lower to 1.7 lower)",
        "  AR(1) ρ (posterior mean) -0.18; days with a value: baseline 7, "
        "intervention 14; lag 0 day(s); threshold 1",
    ]


def test_text_output_has_one_block_per_series(tmp_path, capsys):
    rows = daily_rows(extra=",ann") + daily_rows(extra=",bo")
    path = write(tmp_path, rows, header="date,itch,phase,person")
    status, out, _ = analyse(capsys, path, "--series-col", "person")
    assert status == 0
    headers = [line for line in out.splitlines() if line.startswith("Series")]
    assert headers == [
        "Series ann: clear meaningful improvement",
        "Series bo: clear meaningful improvement",
    ]


def test_the_json_keeps_the_signed_figures_the_text_rounds(tmp_path, capsys):
    _, out, _ = analyse(capsys, write(tmp_path, daily_rows()), "--json")
    (result,) = json.loads(out)
    assert (result["effect"], result["ci_low"], result["ci_high"]) == pytest.approx(
        (-2.52, -3.20, -1.73), abs=0.005
    )


# The naive t-test (in the JSON for comparison) warns about identical values.
@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")
def test_an_exact_fit_prints_valid_json(tmp_path, capsys):
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    path = write(tmp_path, daily_rows(baseline=[6] * 7, kefir=[3] * 14))
    status, out, _ = analyse(capsys, path, "--json")
    assert status == 0
    (result,) = json.loads(out, parse_constant=refuse)
    assert result["effect"] == pytest.approx(-3.0, abs=1e-9)
