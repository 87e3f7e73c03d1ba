"""``skingarden analyse --plan`` (issue 12 §3): from a CSV of baseline days alone,
the chance that a programme of each length shows an improvement, with what it
assumed; bad options exit with status 2 and one line. The expected chances are the
assurance core's on the same days (skingarden/analysis/assurance.py, checked against
brute force in test_assurance_brute_force_*.py)."""

import json
from datetime import date, timedelta

import pytest

from skingarden.analysis.assurance import (
    ALL_EQUAL,
    BAD_EFFECT,
    BAD_LENGTH,
    assurance,
)
from skingarden.analysis.command import (
    BAD_LENGTHS,
    NEEDS_THRESHOLD,
    OTHER_PHASES,
    PLAN_ONLY,
    THRESHOLD_NOT_POSITIVE,
)
from skingarden.analysis.outcome import DayRecord
from skingarden.analysis.wording import Terms, assurance_sentence
from tests.analysis.test_command import analyse, assert_fails, write

BASELINE = [6, 7, 5, None, 6, 8, 6]
START = date(2026, 3, 1)


def baseline_rows(values=BASELINE, *, extra="") -> list[str]:
    return [
        f"{START + timedelta(days=k)},{'' if v is None else v},baseline{extra}"
        for k, v in enumerate(values)
    ]


def expected(lengths, *, effect=3.0, threshold=3.0, lower_is_better=True, lag=0):
    days = [
        DayRecord(START + timedelta(days=k), "baseline", v)
        for k, v in enumerate(BASELINE)
    ]
    return assurance(
        days,
        effect_size=effect,
        threshold=threshold,
        lower_is_better=lower_is_better,
        lag=lag,
        lengths=lengths,
    )


def plan(capsys, tmp_path, *options, rows=None):
    path = write(tmp_path, rows if rows is not None else baseline_rows())
    return analyse(capsys, path, "--plan", *options)


def test_json_gives_each_length_its_chance_and_what_was_assumed(tmp_path, capsys):
    status, out, err = plan(
        capsys, tmp_path, "--threshold", "3", "--lag", "6", "--json"
    )
    assert (status, err) == (0, "")
    (result,) = json.loads(out)
    core = expected([21, 28, 35], lag=6)
    assert result["assurance"] == {str(n): p for n, p in core.by_length.items()}
    assert list(result["assurance"]) == ["21", "28", "35"]
    assert (result["effect"], result["lag"], result["threshold"]) == (-3.0, 6, 3.0)
    assert result["direction"] == "lower_is_better"
    assert (result["series"], result["n_baseline"]) == ("all", 6)
    assert result["notes"] == []


def test_effect_lengths_and_direction_can_be_chosen(tmp_path, capsys):
    status, out, _ = plan(
        capsys,
        tmp_path,
        "--threshold",
        "3",
        "--effect",
        "2",
        "--lengths",
        "14,21",
        "--higher-is-better",
        "--json",
    )
    assert status == 0
    (result,) = json.loads(out)
    core = expected([14, 21], effect=2.0, lower_is_better=False)
    assert result["assurance"] == {"14": core.by_length[14], "21": core.by_length[21]}
    assert (result["effect"], result["direction"]) == (2.0, "higher_is_better")


def test_text_says_the_chances_in_words(tmp_path, capsys):
    status, out, _ = plan(capsys, tmp_path, "--threshold", "3", "--lag", "6")
    assert status == 0
    core = expected([21, 28, 35], lag=6)
    terms = Terms("itch", owner="", treatment="kefir")
    assert out.splitlines() == [
        "Series all: planning from 6 logged baseline days",
        f"  {assurance_sentence(core.by_length, 3.0, terms)}",
        "  assumed: a true effect of 3.0 lower after an onset lag of 6 day(s) (the "
        "lengths include it); threshold 3; lower is better; 4000 simulated "
        "programmes",
    ]
    assert out.splitlines()[1].startswith(
        "  With your day-to-day ups and downs, 21 kefir days give a "
    )


def test_rows_of_other_phases_are_left_out_with_a_note(tmp_path, capsys):
    rows = [*baseline_rows(), f"{START + timedelta(days=7)},3,kefir"]
    status, out, _ = plan(capsys, tmp_path, "--threshold", "3", "--json", rows=rows)
    assert status == 0
    (result,) = json.loads(out)
    assert result["notes"] == [OTHER_PHASES]
    assert result["assurance"] == {
        str(n): p for n, p in expected([21, 28, 35]).by_length.items()
    }


def test_each_series_gets_its_plan(tmp_path, capsys):
    rows = baseline_rows(extra=",ann") + baseline_rows(
        [3, 4, 3, 5, 3, 4, 2], extra=",bo"
    )
    path = write(tmp_path, rows, header="date,itch,phase,person")
    status, out, _ = analyse(
        capsys, path, "--plan", "--threshold", "2", "--series-col", "person", "--json"
    )
    assert status == 0
    assert [r["series"] for r in json.loads(out)] == ["ann", "bo"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ((), NEEDS_THRESHOLD),
        (("--threshold", "0"), THRESHOLD_NOT_POSITIVE),
        (("--threshold", "3", "--lengths", "21,x"), BAD_LENGTHS),
        (("--threshold", "3", "--lengths", "21,0"), BAD_LENGTH),
        (("--threshold", "3", "--effect", "-1"), BAD_EFFECT),
    ],
)
def test_bad_plan_options_exit_2_with_one_line(tmp_path, capsys, options, message):
    path = write(tmp_path, baseline_rows())
    assert_fails(capsys, path, message, "--plan", *options)


def test_the_plan_messages_read_plainly():
    assert NEEDS_THRESHOLD == (
        "--plan needs --threshold (the change that matters to you)."
    )
    assert BAD_LENGTHS == (
        "--lengths takes whole numbers of kefir days separated by commas, such as "
        "21,28,35."
    )


@pytest.mark.parametrize("option", [("--effect", "2"), ("--lengths", "21")])
def test_plan_options_without_plan_are_refused(tmp_path, capsys, option):
    path = write(tmp_path, baseline_rows())
    assert_fails(capsys, path, PLAN_ONLY, *option)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            [6, 7, None, 5],
            "Planning needs at least 4 logged baseline days; there are 3.",
        ),
        ([5, 5, 5, 5, 5], ALL_EQUAL),
    ],
)
def test_a_baseline_that_cannot_be_planned_from_names_its_series(
    tmp_path, capsys, values, message
):
    path = write(tmp_path, baseline_rows(values))
    assert_fails(capsys, path, f"Series “all”: {message}", "--plan", "--threshold", "3")
