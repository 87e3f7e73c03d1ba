"""The redness metric: lesion against nearby healthy skin in the same photo.

Algorithm ``redness/1`` (docs/photos.md has the validation):

1. The working copy (about 1 MP, oriented, sRGB) of the photo.
2. When a neutral patch (grey card or white paper) is marked: its pixels' mean in
   linear RGB gives one gain per channel that makes it neutral with its luminance
   unchanged (diagonal, von Kries-style scaling). A patch with more than 5 % of its
   pixels clipped, or needing a gain outside 0.5-2, cannot be a lit neutral
   surface and is refused.
3. Only the pixels of the two regions are decoded to linear light, scaled by the
   gains, and converted to CIELAB (D65) with colour-science.
4. Per region the median L*, a*, b* (robust to pores, hairs and specular spots);
   Δa* = lesion - reference; CIEDE2000 between the two medians; the erythema
   fraction: the share of lesion pixels whose a* exceeds the reference median by
   more than ``ERYTHEMA_THRESHOLD``.

a* is the red-green axis of CIELAB and the usual colour proxy for erythema (Ly et
al., J Invest Dermatol 2020;140:3-12). Comparing with adjacent unaffected skin in
the same photo cancels much of the lighting and the camera, as the EQscore does
(PMC8049083).
"""

from dataclasses import dataclass

import numpy as np

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.colours import (
    ByteArray,
    FloatArray,
    clipped,
    delta_e_2000,
    linear_to_lab,
    relative_luminance,
    srgb_to_linear,
)
from skingarden.photos.metrics.decoding import (
    DEFAULT_LIMITS,
    Limits,
    WorkingCopy,
    working_copy,
)
from skingarden.photos.metrics.regions import (
    Circle,
    Polygon,
    circle_mask,
    polygon_mask,
)

ALGORITHM_VERSION = "redness/1"
# a* units. 2.3 is the just-noticeable difference of CIELAB (Mahy, Van Eycken and
# Oosterlinck 1994; colour-science's JND_CIE1976): a pixel counts as reddened when
# a person could see that it is redder than the healthy skin beside it. It is also
# above the smallest colour change a phone app could detect, ΔE*ab 1.9 (Hashimoto
# and Kaneda 2024).
ERYTHEMA_THRESHOLD = 2.3
MIN_GAIN, MAX_GAIN = 0.5, 2.0
MAX_NEUTRAL_CLIPPED = 0.05

NEUTRAL_CLIPPED = (
    "The neutral patch is not usable: {percent:.0f}% of its pixels are blown out or "
    "black (at most 5% may be). Mark a part of the card that is evenly lit."
)
NEUTRAL_NOT_NEUTRAL = (
    "The neutral patch is not usable: making it grey would need a colour gain of "
    "{gain:.2f} (red, green, blue gains {red:.2f}, {green:.2f}, {blue:.2f}; they "
    "must lie between 0.5 and 2). Mark the grey card or white paper."
)


@dataclass(frozen=True)
class RegionColour:
    l_star: float
    a_star: float
    b_star: float
    pixels: int  # full-size pixels


@dataclass(frozen=True)
class RednessResult:
    algorithm_version: str
    lesion: RegionColour
    reference: RegionColour
    delta_a: float
    delta_e00: float
    erythema_fraction: float
    gains: tuple[float, float, float] | None  # white balance, when a patch was given
    working_size: tuple[int, int]


def measure_photo(
    data: bytes,
    *,
    lesion: Polygon,
    reference: Polygon,
    neutral: Circle | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> RednessResult:
    """Decode ``data`` (see ``decoding.working_copy``) and measure it."""
    copy = working_copy(data, limits)
    return measure_redness(copy, lesion=lesion, reference=reference, neutral=neutral)


def measure_redness(
    copy: WorkingCopy,
    *,
    lesion: Polygon,
    reference: Polygon,
    neutral: Circle | None = None,
) -> RednessResult:
    """Δa*, ΔE00 and the erythema fraction of a lesion against reference skin.

    Parameters
    ----------
    copy : WorkingCopy
        The photo's working copy.
    lesion, reference : Polygon
        In full-size oriented pixels.
    neutral : Circle, optional
        A neutral patch for white balance.

    Returns
    -------
    RednessResult

    Raises
    ------
    PhotoError
        A region outside the image or under 50 pixels (``regions``), or an unusable
        neutral patch (``NEUTRAL_CLIPPED``, ``NEUTRAL_NOT_NEUTRAL``).

    References
    ----------
    CIE 15:2004 Colorimetry (CIELAB). Sharma G, Wu W, Dalal EN. The CIEDE2000
    color-difference formula. Color Res Appl 2005;30:21-30. Mahy M et al. Color Res
    Appl 1994;19:105-121.
    """
    lesion_mask = polygon_mask(lesion, copy, "lesion")
    reference_mask = polygon_mask(reference, copy, "reference")
    gains = None if neutral is None else white_balance(copy, neutral)
    lesion_lab = _lab(copy.pixels[lesion_mask.mask], gains)
    reference_lab = _lab(copy.pixels[reference_mask.mask], gains)
    lesion_median = np.median(lesion_lab, axis=0)
    reference_median = np.median(reference_lab, axis=0)
    above = lesion_lab[:, 1] > reference_median[1] + ERYTHEMA_THRESHOLD
    return RednessResult(
        algorithm_version=ALGORITHM_VERSION,
        lesion=_region(lesion_median, lesion_mask.full_pixels),
        reference=_region(reference_median, reference_mask.full_pixels),
        delta_a=float(lesion_median[1] - reference_median[1]),
        delta_e00=delta_e_2000(lesion_median, reference_median),
        erythema_fraction=float(np.mean(above)),
        gains=gains,
        working_size=(copy.width, copy.height),
    )


def white_balance(copy: WorkingCopy, neutral: Circle) -> tuple[float, float, float]:
    """Per-channel gains in linear RGB that make the patch neutral, keeping its
    relative luminance Y.

    Raises
    ------
    PhotoError
        ``NEUTRAL_CLIPPED`` or ``NEUTRAL_NOT_NEUTRAL``; the circle's own errors.
    """
    values = copy.pixels[circle_mask(neutral, copy, "neutral patch").mask]
    share_clipped = float(np.mean(clipped(values)))
    if share_clipped > MAX_NEUTRAL_CLIPPED:
        raise PhotoError(NEUTRAL_CLIPPED.format(percent=100 * share_clipped))
    mean = srgb_to_linear(values).mean(axis=0)
    luminance = float(relative_luminance(mean))
    with np.errstate(divide="ignore", invalid="ignore"):
        gains = luminance / mean
        # The gain farthest from 1 on a ratio scale (0.5 and 2 are equally far).
        worst = float(gains[np.argmax(np.abs(np.log(gains)))])
    red, green, blue = (float(gain) for gain in gains)
    if not all(MIN_GAIN <= gain <= MAX_GAIN for gain in (red, green, blue)):
        raise PhotoError(
            NEUTRAL_NOT_NEUTRAL.format(gain=worst, red=red, green=green, blue=blue)
        )
    return red, green, blue


def _lab(values: ByteArray, gains: tuple[float, float, float] | None) -> FloatArray:
    linear = srgb_to_linear(values)
    if gains is not None:
        linear = linear * np.asarray(gains)
    return linear_to_lab(linear)


def _region(median: FloatArray, pixels: int) -> RegionColour:
    l_star, a_star, b_star = (float(value) for value in median)
    return RegionColour(l_star, a_star, b_star, pixels)
