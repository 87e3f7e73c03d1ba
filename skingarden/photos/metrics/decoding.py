"""Reading an uploaded photo safely, and the two copies made from it.

The type is read from the content (Pillow identifies the file; the name is never
looked at) and only JPEG, PNG, WebP and HEIC/HEIF are tried. The byte limit is
checked before decoding and the pixel limit from the header, before any pixel is
decoded, which is what stops a decompression bomb. Then the EXIF orientation is
applied and an embedded colour profile (iPhones shoot Display P3) is converted to
sRGB by Little CMS through Pillow's ImageCms.

- ``clean_photo``: the full-size photo re-encoded with no metadata at all (no EXIF,
  GPS, ICC profile, XMP or time), as JPEG, or as PNG when it came as PNG.
- ``working_copy``: a copy of half a megapixel to one for the quality checks and
  the metric (JPEGs are decoded at reduced size by the decoder's draft mode), with
  the full-size oriented dimensions, since regions are given in full-size pixels.
"""

import io
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from math import sqrt

import numpy as np
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.colours import ByteArray
from skingarden.photos.metrics.heif import (
    HEIC_UNAVAILABLE,
    HEIF_FORMAT,
    heif_available,
    looks_like_heif,
)

DEFAULT_MAX_BYTES = 20_000_000  # 20 MB
DEFAULT_MAX_PIXELS = 50_000_000  # 50 megapixels
WORKING_PIXELS = 1_000_000
JPEG_QUALITY = 92
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# EXIF orientations 5-8 turn the picture by a quarter: width and height swap.
QUARTER_TURNS = (5, 6, 7, 8)

FILE_TOO_LARGE = "The file is larger than the limit of {limit_mb:g} MB."
TOO_MANY_PIXELS = "The image is larger than the limit of {limit_mp:g} megapixels."
NOT_AN_IMAGE = (
    "This file is not a photo in a format we accept: JPEG, PNG, WebP or HEIC."
)
DAMAGED = "The image could not be read: the file is damaged or incomplete."
BAD_PROFILE = (
    "The image's colour profile could not be used, so its colours cannot be "
    "trusted. Export the photo as sRGB and try again."
)


@dataclass(frozen=True)
class Limits:
    """The ingest limits; the Django side passes its settings in."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    format: str  # "JPEG" or "PNG"
    content_type: str
    width: int
    height: int
    source_format: str  # what was uploaded: JPEG, PNG, WEBP or HEIF


@dataclass(frozen=True, eq=False)
class WorkingCopy:
    """About one megapixel of the oriented sRGB photo, and its full-size dimensions."""

    pixels: ByteArray  # (height, width, 3), 8-bit sRGB
    full_width: int
    full_height: int

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def full_pixels_per_pixel(self) -> float:
        """How many full-size pixels one pixel of this copy stands for."""
        return (self.full_width * self.full_height) / (self.width * self.height)


def check_file_size(size: int, limits: Limits) -> None:
    """Refuse a file over the byte limit (callers with a path can check first)."""
    if size > limits.max_bytes:
        raise PhotoError(FILE_TOO_LARGE.format(limit_mb=limits.max_bytes / 1e6))


def clean_photo(data: bytes, limits: Limits = DEFAULT_LIMITS) -> CleanPhoto:
    """The full-size photo, oriented, in sRGB, re-encoded with no metadata.

    Parameters
    ----------
    data : bytes
        The uploaded file.
    limits : Limits
        Largest file in bytes and image in pixels.

    Returns
    -------
    CleanPhoto
        JPEG (quality 92, no chroma subsampling, so redness keeps its full
        resolution) or, for a PNG upload, PNG.

    Raises
    ------
    PhotoError
        ``FILE_TOO_LARGE``, ``TOO_MANY_PIXELS``, ``NOT_AN_IMAGE``,
        ``HEIC_UNAVAILABLE``, ``DAMAGED`` or ``BAD_PROFILE``.
    """
    with _quiet_decoders(), _open(data, limits) as image:
        source = str(image.format)
        icc = image.info.get("icc_profile")
        oriented = _decoded(lambda: ImageOps.exif_transpose(image))
        rgb = _bare_srgb(oriented, icc)
    return _encode(rgb, lossless=source == "PNG", source=source)


def working_copy(
    data: bytes, limits: Limits = DEFAULT_LIMITS, target_pixels: int = WORKING_PIXELS
) -> WorkingCopy:
    """About ``target_pixels`` of the oriented sRGB photo (never enlarged).

    Raises
    ------
    PhotoError
        As ``clean_photo``.
    """
    with _quiet_decoders(), _open(data, limits) as image:
        full_width, full_height = oriented_size(image)
        icc = image.info.get("icc_profile")
        if image.format == "JPEG":
            # The decoder skips detail (1/2, 1/4 or 1/8 scale) down to no less than
            # half the target, which spares the resize: a 12 MP photo decodes at
            # 1/4, 0.75 MP.
            image.draft("RGB", _target_size(image.size, target_pixels // 2))
        oriented = _decoded(lambda: ImageOps.exif_transpose(image))
        target = _target_size(oriented.size, target_pixels)
        if oriented.size != target:
            oriented = oriented.resize(target, Image.Resampling.BOX)
        rgb = _srgb(oriented, icc)
    return WorkingCopy(np.asarray(rgb, dtype=np.uint8), full_width, full_height)


def oriented_size(image: Image.Image) -> tuple[int, int]:
    """Width and height once the EXIF orientation is applied."""
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    width, height = image.size
    return (height, width) if orientation in QUARTER_TURNS else (width, height)


def accepted_formats() -> tuple[str, ...]:
    return (*ACCEPTED_FORMATS, HEIF_FORMAT) if heif_available() else ACCEPTED_FORMATS


def _open(data: bytes, limits: Limits) -> Image.Image:
    check_file_size(len(data), limits)
    too_many = PhotoError(TOO_MANY_PIXELS.format(limit_mp=limits.max_pixels / 1e6))
    try:
        image = Image.open(io.BytesIO(data), formats=accepted_formats())
    except Image.DecompressionBombError:
        raise too_many from None
    except UnidentifiedImageError:
        if looks_like_heif(data) and not heif_available():
            raise PhotoError(HEIC_UNAVAILABLE) from None
        raise PhotoError(NOT_AN_IMAGE) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise PhotoError(DAMAGED) from None
    if image.width * image.height > limits.max_pixels:
        image.close()
        raise too_many
    return image


@contextmanager
def _quiet_decoders() -> Iterator[None]:
    with warnings.catch_warnings():
        # Our own pixel limit is the one that counts; Pillow's stays as a backstop.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        # Pillow reads past corrupt EXIF with a warning; the upload's EXIF is dropped
        # anyway, and a warning on standard error would tell the participant nothing.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        yield


def _decoded[T](operation: Callable[[], T]) -> T:
    """Run a step that decodes pixels, turning the decoders' errors into DAMAGED."""
    try:
        return operation()
    except Image.DecompressionBombError:
        raise PhotoError(DAMAGED) from None
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError, zlib.error):
        raise PhotoError(DAMAGED) from None


def _target_size(size: tuple[int, int], target_pixels: int) -> tuple[int, int]:
    width, height = size
    if width * height <= target_pixels:
        return size
    factor = sqrt(target_pixels / (width * height))
    return max(1, round(width * factor)), max(1, round(height * factor))


def _bare_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """An RGB image in sRGB carrying nothing but its pixels: a new image, so no
    EXIF, ICC profile, XMP or other ``info`` from the upload can reach an encoder."""
    rgb = _srgb(image, icc)
    bare = Image.new("RGB", rgb.size)
    bare.paste(rgb)
    return bare


def _srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if image.mode not in ("RGB", "L", "CMYK"):
        # Palettes and alpha: keep the colours (transparency is not kept).
        image = _decoded(lambda: image.convert("RGB"))
    if icc:
        image = _profile_to_srgb(image, icc)
    return image if image.mode == "RGB" else _decoded(lambda: image.convert("RGB"))


def _profile_to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            image,
            source,
            _srgb_profile(),
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        raise PhotoError(BAD_PROFILE) from None
    if converted is None:  # only when converting in place, which we never ask for
        raise PhotoError(BAD_PROFILE)
    return converted


@cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _encode(image: Image.Image, *, lossless: bool, source: str) -> CleanPhoto:
    buffer = io.BytesIO()
    if lossless:
        image.save(buffer, "PNG")
        kind, content_type = "PNG", "image/png"
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, subsampling=0)
        kind, content_type = "JPEG", "image/jpeg"
    width, height = image.size
    return CleanPhoto(buffer.getvalue(), kind, content_type, width, height, source)


# What Pillow reports of a JPEG's own JFIF header: not metadata about anything.
ENCODER_INFO = frozenset({"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"})


def metadata_kinds(data: bytes) -> list[str]:
    """What an image file carries beyond its pixels (EXIF, an ICC profile, XMP,
    text chunks), by Pillow's names; empty for what ``clean_photo`` writes. Call
    only on a file ``clean_photo`` has accepted."""
    with Image.open(io.BytesIO(data)) as image:
        kinds = sorted(str(key) for key in image.info if key not in ENCODER_INFO)
        if image.getexif() and "exif" not in kinds:
            kinds.append("exif")
    return kinds
