"""HEIC/HEIF photos, the format iPhones shoot, through pi-heif-decoder.

Its wheels bundle only libheif and the libde265 HEVC decoder (both LGPL-3.0-or-later,
linked dynamically; no x265 or other encoder), so we may distribute it; pillow-heif's
wheels bundle x265 and are effectively GPL-2 (docs/decisions.md). Where the package
is missing (a platform without a wheel) HEIC turns itself off and a HEIC upload is
refused with ``HEIC_UNAVAILABLE``; every other format still works.
"""

from functools import cache

HEIF_FORMAT = "HEIF"
HEIC_UNAVAILABLE = (
    "HEIC photos cannot be read on this server. Send the photo as JPEG instead "
    "(on an iPhone: Settings, Camera, Formats, Most Compatible)."
)
# The brands of an ISO base media file that hold HEVC-coded images (ISO/IEC 23008-12).
HEIF_BRANDS = (
    b"heic",
    b"heix",
    b"heim",
    b"heis",
    b"hevc",
    b"hevx",
    b"hevm",
    b"hevs",
    b"mif1",
    b"msf1",
)


@cache
def heif_available() -> bool:
    """Register the HEIF opener with Pillow once; False when the decoder is absent."""
    try:
        from pi_heif.as_plugin import register_heif_opener
    except ImportError:
        return False
    # Thumbnails, depth maps and other auxiliary images are never used here.
    register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
    return True


def looks_like_heif(data: bytes) -> bool:
    """The file's first box is ``ftyp`` with a HEVC image brand."""
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS
