"""Calibration of the photo quality check and validation of the redness metric, on
generated photos (skingarden/photos/metrics/synthetic.py); docs/photos.md reports
the output. Not part of `make bench`: run it after changing the metric, the checks
or the generator, with `.venv/bin/python -m bench.photo_calibration`.

1. Blur: the variance of the Laplacian of the same scenes (three skin tones, full
   and half texture) sharp and blurred, encoded as JPEG at quality 90, at the
   working copy's size. The threshold is the geometric mean of the least sharp
   photo that should pass (blur σ ≤ 0.5 px) and the sharpest that should fail
   (σ ≥ 2 px, about 7 px on a 12 MP original).
2. Colour casts and exposure: Δa* (true value 9.0) with and without the neutral
   patch, as PNG and as JPEG at quality 95 and 90, three seeds each.
"""

import math
import statistics
from dataclasses import replace

from skingarden.photos.metrics.decoding import working_copy
from skingarden.photos.metrics.quality import MIN_SHARPNESS, sharpness
from skingarden.photos.metrics.redness import measure_photo
from skingarden.photos.metrics.synthetic import Scene, synthetic_photo

WORKING = Scene(width=1155, height=866)  # about one megapixel: no resizing
SKINS = {
    "light": ((75.0, 9.0, 14.0), (70.0, 17.0, 15.0)),
    "medium": ((62.0, 13.0, 17.0), (56.0, 22.0, 18.0)),
    "dark": ((40.0, 15.0, 22.0), (35.0, 23.0, 22.0)),
}
BLURS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
PASS_UP_TO, FAIL_FROM = 0.5, 2.0
LIGHTS = {
    "none": (1.0, 1.0, 1.0),
    "warm": (1.25, 1.0, 0.7),
    "cool": (0.8, 1.0, 1.3),
    "green": (0.9, 1.1, 0.9),
    "dim (×0.7)": (0.7, 0.7, 0.7),
    "bright (×1.3)": (1.3, 1.3, 1.3),
    "warm and dim": (0.85, 0.7, 0.5),
}
SEEDS = (1, 2, 3)
TRUE_DELTA_A = 9.0


def blur_table() -> None:
    print("Variance of the Laplacian (JPEG q90, ~1 MP) by blur σ in pixels")
    print("skin, texture | " + " | ".join(f"σ {b:g}" for b in BLURS))
    should_pass, should_fail = [], []
    for name, (skin, lesion) in SKINS.items():
        for texture in (1.0, 0.5):
            row = []
            for blur in BLURS:
                scene = replace(
                    WORKING,
                    skin_lab=skin,
                    lesion_lab=lesion,
                    texture=texture,
                    blur=blur,
                )
                value = sharpness(
                    working_copy(synthetic_photo(scene).encoded("JPEG", 90))
                )
                row.append(value)
                if blur <= PASS_UP_TO:
                    should_pass.append(value)
                elif blur >= FAIL_FROM:
                    should_fail.append(value)
            print(f"{name}, {texture:g} | " + " | ".join(f"{v:.1f}" for v in row))
    lowest_pass, highest_fail = min(should_pass), max(should_fail)
    middle = math.sqrt(lowest_pass * highest_fail)
    print(
        f"least sharp that should pass {lowest_pass:.1f}; sharpest that should fail "
        f"{highest_fail:.1f}; geometric mean {middle:.1f}; "
        f"threshold in use {MIN_SHARPNESS:g}"
    )


def cast_table() -> None:
    print(
        f"\nΔa* error (measured − {TRUE_DELTA_A}), mean and worst of {len(SEEDS)} seeds"
    )
    print(
        "light (gains) | PNG, no patch | PNG, patch | JPEG 95, no patch | "
        "JPEG 95, patch | JPEG 90, no patch | JPEG 90, patch"
    )
    for name, gains in LIGHTS.items():
        cells = []
        for kind, quality in (("PNG", 0), ("JPEG", 95), ("JPEG", 90)):
            for neutral in (False, True):
                errors = [_error(gains, kind, quality, neutral, seed) for seed in SEEDS]
                worst = max(errors, key=abs)
                cells.append(f"{statistics.mean(errors):+.2f} ({worst:+.2f})")
        print(f"{name} {gains} | " + " | ".join(cells))


def _error(gains, kind: str, quality: int, neutral: bool, seed: int) -> float:
    photo = synthetic_photo(replace(WORKING, gains=gains, seed=seed, noise_seed=seed))
    result = measure_photo(
        photo.encoded(kind, quality),
        lesion=photo.lesion,
        reference=photo.reference,
        neutral=photo.neutral if neutral else None,
    )
    return result.delta_a - TRUE_DELTA_A


if __name__ == "__main__":
    import sys

    if "--casts" not in sys.argv[1:]:
        blur_table()
    cast_table()
