"""``skingarden photo measure``: the redness metric of one photo file. No Django is
loaded. Bad input (not an image, a region outside the image or under 50 pixels, an
unusable neutral patch, malformed numbers): one line on standard error, exit
status 2."""

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.decoding import DEFAULT_LIMITS, check_file_size
from skingarden.photos.metrics.redness import RednessResult, measure_photo
from skingarden.photos.metrics.regions import parse_circle, parse_polygon

USAGE_ERROR = 2


def measure_command(args: Any) -> int:
    try:
        lesion = parse_polygon(args.lesion, "lesion")
        reference = parse_polygon(args.reference, "reference")
        neutral = None if args.neutral is None else parse_circle(args.neutral)
        path = Path(args.image)
        check_file_size(path.stat().st_size, DEFAULT_LIMITS)
        result = measure_photo(
            path.read_bytes(), lesion=lesion, reference=reference, neutral=neutral
        )
    except OSError as error:
        return _fail(f"cannot read {args.image}: {error.strerror}.")
    except PhotoError as error:
        return _fail(str(error))
    print(json.dumps(asdict(result), indent=2) if args.json else as_text(result))
    return 0


def as_text(result: RednessResult) -> str:
    gains = (
        "none (no neutral patch)"
        if result.gains is None
        else " ".join(f"{gain:.3f}" for gain in result.gains)
    )
    return "\n".join(
        [
            f"lesion     L* {_lab(result.lesion)}",
            f"reference  L* {_lab(result.reference)}",
            f"delta_a            {result.delta_a:+.2f}",
            f"delta_e00          {result.delta_e00:.2f}",
            f"erythema_fraction  {result.erythema_fraction:.3f}",
            f"white balance gains (red, green, blue): {gains}",
            f"algorithm {result.algorithm_version}",
        ]
    )


def _lab(region: Any) -> str:
    return (
        f"{region.l_star:5.1f}  a* {region.a_star:5.1f}  b* {region.b_star:5.1f}  "
        f"({region.pixels} pixels)"
    )


def _fail(message: str) -> int:
    print(f"skingarden photo measure: {message}", file=sys.stderr)
    return USAGE_ERROR
