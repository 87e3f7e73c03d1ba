"""Is the photo good enough to measure and rate? Checked on the working copy
(about one megapixel), so the figures do not depend on the camera's resolution.

- Sharpness: the variance of the Laplacian of the luma (Pech-Pacheco et al. 2000):
  edges and fine texture give large second derivatives, blur removes them. The
  threshold is calibrated on sharp and blurred versions of the same generated
  photo (docs/photos.md, "Quality checks").
- Exposure: the share of pixels that are clipped: blown out (a channel at 250 or
  more) or crushed (every channel at 5 or less).
- Size: the shorter side of the full-size photo.
"""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from skingarden.photos.metrics.colours import CLIP_HIGH, CLIP_LOW
from skingarden.photos.metrics.decoding import WorkingCopy

MIN_SHORT_SIDE = 600  # pixels: smaller than any phone camera's photo
MIN_SHARPNESS = 7.0  # variance of the Laplacian, 8-bit luma; see docs/photos.md
MAX_CLIPPED_SHARE = 0.25
# ITU-R BT.601 luma weights, as Pillow's "L" conversion uses.
LUMA = (0.299, 0.587, 0.114)

TOO_SMALL = (
    "The photo is too small: its shorter side is {short} pixels and needs to be at "
    f"least {MIN_SHORT_SIDE}. Send the photo at full size."
)
TOO_BLURRED = (
    "The photo is too blurred to measure. Hold the phone still, tap the skin to "
    "focus, and take it again."
)
TOO_DARK = (
    "The photo is too dark: {percent:.0f}% of it is black. Take it again in more "
    "light, facing a window if you can."
)
BLOWN_OUT = (
    "The photo is blown out: {percent:.0f}% of it is pure white. Move out of direct "
    "sunlight or turn the flash off, and take it again."
)


@dataclass(frozen=True)
class QualityReport:
    short_side: int  # full-size pixels
    sharpness: float
    dark_share: float
    bright_share: float
    problems: tuple[str, ...]  # the messages above, empty when the photo will do

    @property
    def passed(self) -> bool:
        return not self.problems


def sharpness(copy: WorkingCopy) -> float:
    """Variance of the Laplacian of the luma (0-255 scale)."""
    luma = copy.pixels.astype(np.float32) @ np.asarray(LUMA, dtype=np.float32)
    return float(ndimage.laplace(luma).var())


def assess_quality(copy: WorkingCopy) -> QualityReport:
    """Every check on one photo; ``problems`` lists what failed, in this order:
    size, blur, darkness, blown highlights.

    References
    ----------
    Pech-Pacheco JL, Cristóbal G, Chamorro-Martínez J, Fernández-Valdivia J.
    Diatom autofocusing in brightfield microscopy: a comparative study. ICPR 2000;
    3:314-317. doi:10.1109/ICPR.2000.903548
    """
    short_side = min(copy.full_width, copy.full_height)
    sharp = sharpness(copy)
    dark = float(np.mean((copy.pixels <= CLIP_LOW).all(axis=-1)))
    bright = float(np.mean((copy.pixels >= CLIP_HIGH).any(axis=-1)))
    problems = []
    if short_side < MIN_SHORT_SIDE:
        problems.append(TOO_SMALL.format(short=short_side))
    if sharp < MIN_SHARPNESS:
        problems.append(TOO_BLURRED)
    if dark > MAX_CLIPPED_SHARE:
        problems.append(TOO_DARK.format(percent=100 * dark))
    if bright > MAX_CLIPPED_SHARE:
        problems.append(BLOWN_OUT.format(percent=100 * bright))
    return QualityReport(short_side, sharp, dark, bright, tuple(problems))
