"""Pixel values to CIELAB through colour-science (BSD-3-Clause), never hand-written
matrices: the sRGB decoding function (IEC 61966-2-1), its RGB-to-XYZ matrix and
CIE 1976 L*a*b* relative to D65, the white point of sRGB. colour-science takes
about a second to import, so it is imported on first use."""

import warnings
from functools import cache
from types import ModuleType

import numpy as np
import numpy.typing as npt

# A channel at or beyond these 8-bit levels has lost its true value: blown out at
# the top (JPEG noise leaves saturated areas a few levels below 255), crushed at the
# bottom. docs/photos.md, "Quality checks".
CLIP_HIGH = 250
CLIP_LOW = 5

FloatArray = npt.NDArray[np.float64]
ByteArray = npt.NDArray[np.uint8]


@cache
def colour_science() -> ModuleType:
    with warnings.catch_warnings():
        # colour-science announces its optional plotting support missing on import.
        warnings.filterwarnings("ignore", message='"Matplotlib" related API')
        import colour
    return colour


def clipped(values: ByteArray) -> npt.NDArray[np.bool_]:
    """Per pixel of an (n, 3) array: any channel blown out, or every channel crushed."""
    blown = (values >= CLIP_HIGH).any(axis=-1)
    crushed = (values <= CLIP_LOW).all(axis=-1)
    return np.asarray(blown | crushed, dtype=bool)


def srgb_to_linear(values: ByteArray) -> FloatArray:
    """8-bit sRGB code values to linear light, 0-1."""
    colour = colour_science()
    return np.asarray(colour.models.eotf_sRGB(values / 255.0), dtype=np.float64)


def linear_to_srgb(linear: FloatArray) -> FloatArray:
    """Linear light to sRGB code values on the 0-255 scale, unrounded; light beyond
    the range is limited to it first, as a camera's sensor would."""
    colour = colour_science()
    encoded = colour.models.eotf_inverse_sRGB(np.clip(linear, 0.0, 1.0))
    return np.asarray(encoded * 255.0, dtype=np.float64)


def linear_to_lab(linear: FloatArray) -> FloatArray:
    """Linear sRGB to CIELAB (D65), shape (..., 3)."""
    colour = colour_science()
    xyz = colour.RGB_to_XYZ(linear, colour.models.RGB_COLOURSPACE_sRGB)
    return np.asarray(colour.XYZ_to_Lab(xyz), dtype=np.float64)


def lab_to_linear(lab: FloatArray) -> FloatArray:
    """CIELAB (D65) to linear sRGB, shape (..., 3); out-of-gamut values not clipped."""
    colour = colour_science()
    xyz = colour.Lab_to_XYZ(lab)
    rgb = colour.XYZ_to_RGB(xyz, colour.models.RGB_COLOURSPACE_sRGB)
    return np.asarray(rgb, dtype=np.float64)


def relative_luminance(linear: FloatArray) -> FloatArray:
    """Y of linear sRGB: the second row of the sRGB RGB-to-XYZ matrix."""
    colour = colour_science()
    row = colour.models.RGB_COLOURSPACE_sRGB.matrix_RGB_to_XYZ[1]
    return np.asarray(linear @ row, dtype=np.float64)


def delta_e_2000(lab_1: FloatArray, lab_2: FloatArray) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005)."""
    colour = colour_science()
    return float(colour.difference.delta_E_CIE2000(lab_1, lab_2))
