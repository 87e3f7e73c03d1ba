"""``skingarden photo measure`` as a real process and, for the rest of its errors,
in-process. Messages from skingarden/photos/metrics/ (regions.py, redness.py,
decoding.py); the photo is a generated one (synthetic.py) under a warm cast."""

import json
from pathlib import Path

import pytest

from skingarden import cli
from skingarden.photos.metrics.decoding import FILE_TOO_LARGE, NOT_AN_IMAGE
from skingarden.photos.metrics.redness import ALGORITHM_VERSION, NEUTRAL_NOT_NEUTRAL
from skingarden.photos.metrics.regions import (
    BAD_CIRCLE,
    BAD_POLYGON,
    OUTSIDE_IMAGE,
    TOO_SMALL,
)
from skingarden.photos.metrics.synthetic import Scene, synthetic_photo
from tests.subprocesses import run_cli, run_python

PREFIX = "skingarden photo measure: "
# The generated photo's regions (synthetic.py) at 800 × 600, rounded to pixels.
LESION = "420,300 395,359 336,384 277,359 252,300 277,241 336,216 395,241"
REFERENCE = "64,228 192,228 192,372 64,372"
NEUTRAL = "640,300,53"


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PNG under a name ending .jpg: read by its content, not its name."""
    path = tmp_path_factory.mktemp("photo") / "photo.jpg"
    scene = Scene(width=800, height=600, gains=(1.25, 1.0, 0.7))
    path.write_bytes(synthetic_photo(scene).encoded("PNG"))
    return path


def measure(photo: Path, *options: str, lesion=LESION, reference=REFERENCE):
    return [
        "photo",
        "measure",
        str(photo),
        "--lesion",
        lesion,
        "--reference",
        reference,
        *options,
    ]


def test_it_prints_the_metric_as_json(photo):
    result = run_cli(*measure(photo, "--neutral", NEUTRAL, "--json"))
    assert (result.returncode, result.stderr) == (0, "")
    printed = json.loads(result.stdout)
    assert printed["algorithm_version"] == ALGORITHM_VERSION
    assert abs(printed["delta_a"] - 9.0) <= 0.5  # synthetic.py: 22 - 13
    assert printed["reference"]["pixels"] == 128 * 144
    assert set(printed["lesion"]) == {"l_star", "a_star", "b_star", "pixels"}
    assert {"delta_e00", "erythema_fraction", "gains", "working_size"} <= set(printed)
    assert printed["erythema_fraction"] == 1.0


def test_it_prints_text_and_loads_no_django(photo):
    code = (
        "import sys; from skingarden import cli; "
        f"status = cli.main({measure(photo)!r}); "
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = run_python(code)
    lines = result.stdout.splitlines()
    assert lines[-1] == "0 []"
    assert lines[0].startswith("lesion     L*")
    assert lines[2].startswith("delta_a            +")
    assert "white balance gains (red, green, blue): none (no neutral patch)" in lines
    assert lines[-2] == f"algorithm {ALGORITHM_VERSION}"


def test_a_text_file_named_jpg_is_one_line_and_status_2(tmp_path):
    fake = tmp_path / "notes.jpg"
    fake.write_text("not a photo\n", encoding="utf-8")
    result = run_cli(*measure(fake))
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"{PREFIX}{NOT_AN_IMAGE}\n",
    )


def test_malformed_numbers_are_one_line_and_status_2(photo):
    result = run_cli(*measure(photo, lesion="10,10 20,x 30,30"))
    assert result.returncode == 2
    assert result.stderr == f"{PREFIX}{BAD_POLYGON.format(name='lesion')}\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"reference": "64,228 900,228 192,372"},
            OUTSIDE_IMAGE.format(name="reference region", width=800, height=600),
        ),
        # A right triangle with legs of 5: the 15 pixel centres on or below its
        # diagonal (the photo is read at full size, 800 × 600).
        (
            {"lesion": "300,300 305,300 305,305"},
            TOO_SMALL.format(name="lesion region", pixels=15),
        ),
        ({"neutral": "640,300"}, BAD_CIRCLE),
        (
            {"neutral": "640,300,700"},
            OUTSIDE_IMAGE.format(name="neutral patch", width=800, height=600),
        ),
    ],
)
def test_bad_regions_are_one_line_and_status_2(capsys, photo, options, message):
    neutral = options.pop("neutral", None)
    arguments = measure(photo, **options)
    if neutral is not None:
        arguments += ["--neutral", neutral]
    assert cli.main(arguments) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"{PREFIX}{message}\n")


def test_a_patch_on_the_lesion_is_not_neutral(capsys, photo):
    assert cli.main(measure(photo, "--neutral", "336,300,40")) == 2
    error = capsys.readouterr().err
    prefix = NEUTRAL_NOT_NEUTRAL.split("{gain")[0]
    assert error.startswith(PREFIX + prefix)
    assert error.count("\n") == 1


def test_a_missing_or_over_size_file_is_one_line_and_status_2(capsys, tmp_path):
    assert cli.main(measure(tmp_path / "absent.jpg")) == 2
    missing = capsys.readouterr().err
    absent = tmp_path / "absent.jpg"
    assert missing == f"{PREFIX}cannot read {absent}: No such file or directory.\n"
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as handle:
        handle.truncate(20_000_001)  # sparse: over 20 MB without writing it
    assert cli.main(measure(huge)) == 2
    expected = FILE_TOO_LARGE.format(limit_mb=20)
    assert capsys.readouterr().err == f"{PREFIX}{expected}\n"
