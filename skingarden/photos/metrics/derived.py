"""Smaller copies of a stored photo for the pages: a display size and a thumbnail.

The input is a stored original (``decoding.clean_photo``'s output: oriented, sRGB,
no metadata). Each copy is a new image holding only pixels, encoded as JPEG, so no
metadata can reach it either. A JPEG original is decoded at a reduced scale where
the largest copy allows (the decoder's draft mode), which spares most of the work
on a 12-megapixel photo.
"""

import io
from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.decoding import DAMAGED

DERIVED_QUALITY = 85
DERIVED_FORMATS = ("JPEG", "PNG")  # what clean_photo stores


@dataclass(frozen=True)
class DerivedImage:
    data: bytes  # JPEG
    width: int
    height: int


def derived_sizes(
    original: bytes, long_sides: Mapping[str, int]
) -> dict[str, DerivedImage]:
    """One JPEG per name whose longer side is at most the given pixels (never
    enlarged).

    Raises
    ------
    PhotoError
        ``DAMAGED`` when the stored original cannot be decoded.
    """
    largest = max(long_sides.values())
    try:
        with Image.open(io.BytesIO(original), formats=DERIVED_FORMATS) as image:
            if image.format == "JPEG":
                image.draft("RGB", _fitted(image.size, largest))
            source = image.convert("RGB")
    except (OSError, SyntaxError, ValueError, EOFError):
        raise PhotoError(DAMAGED) from None
    return {name: _copy(source, side) for name, side in long_sides.items()}


def _fitted(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    width, height = size
    factor = min(1.0, long_side / max(width, height))
    return max(1, round(width * factor)), max(1, round(height * factor))


def _copy(source: Image.Image, long_side: int) -> DerivedImage:
    size = _fitted(source.size, long_side)
    resized = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    bare = Image.new("RGB", resized.size)
    bare.paste(resized)
    buffer = io.BytesIO()
    bare.save(buffer, "JPEG", quality=DERIVED_QUALITY)
    return DerivedImage(buffer.getvalue(), *bare.size)
