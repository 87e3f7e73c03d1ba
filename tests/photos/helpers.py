"""Images made in the tests: flat and synthetic photos, metadata to strip, a
Display P3 colour profile, and forged headers for decompression bombs."""

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageCms

from skingarden.photos.metrics.colours import colour_science

DATA = Path(__file__).resolve().parents[1] / "data"
HEIC = DATA / "quadrants.heic"
# tests/data/README.md: the four quadrants' sRGB colours.
HEIC_QUADRANTS = ((200, 150, 130), (190, 90, 80), (128, 128, 128), (90, 120, 170))
CAMERA = "SkinGardenTest"
D50 = (0.9642, 1.0, 0.8249)  # the ICC profile connection space's white (ICC.1)


def encode(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def flat(size=(64, 48), colour=(180, 120, 100)) -> Image.Image:
    return Image.new("RGB", size, colour)


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.Base.DateTime] = "2026:03:02 10:00:00"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 22.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 53.0, 40.0),
    }
    return exif


def srgb_profile_bytes() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
    b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,22.5N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` RGB pixels, with one tiny
    compressed row: enough for a decoder to believe it, far too little to hold it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (3 * width + 1))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )


def display_p3_profile() -> bytes:
    """An ICC v2 display profile for Display P3 (DCI-P3 primaries, D65 white, the
    sRGB transfer curve), written from the ICC.1 specification: colorants adapted
    to D50 with the Bradford transform, the curve as a type-3 parametric curve."""
    colour = colour_science()
    p3 = colour.RGB_COLOURSPACES["Display P3"]
    d65 = colour.xy_to_XYZ(p3.whitepoint)
    adapt = colour.adaptation.matrix_chromatic_adaptation_VonKries(
        d65, np.asarray(D50), transform="Bradford"
    )
    colorants = adapt @ p3.matrix_RGB_to_XYZ
    curve = _para((2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))
    tags = [
        (b"desc", _desc("Display P3 (test)")),
        (b"cprt", b"text\0\0\0\0No copyright, test profile\0"),
        (b"wtpt", _xyz(D50)),
        (b"rXYZ", _xyz(colorants[:, 0])),
        (b"gXYZ", _xyz(colorants[:, 1])),
        (b"bXYZ", _xyz(colorants[:, 2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    return _icc(tags)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)


def _para(parameters) -> bytes:
    return b"para\0\0\0\0" + struct.pack(">HH", 3, 0) + b"".join(map(_s15, parameters))


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)
        + b"\0" * 67  # no ScriptCode description
    )


def _icc(tags: list[tuple[bytes, bytes]]) -> bytes:
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        padded = body + b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += padded
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + struct.pack(">I", 0x02400000)  # version 2.4
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 24  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # perceptual intent
        + b"".join(_s15(v) for v in D50)
        + b"\0" * 48  # creator, profile ID, reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data
