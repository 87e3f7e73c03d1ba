"""Ingest: the type from the content, the limits, orientation, colour profiles and
the removal of every piece of metadata. Messages from skingarden/photos/metrics/
decoding.py and heif.py."""

import io
import sys
import unittest
import warnings
from unittest import mock

import numpy as np
from PIL import Image

from skingarden.photos.metrics import PhotoError, heif
from skingarden.photos.metrics.colours import colour_science
from skingarden.photos.metrics.decoding import (
    BAD_PROFILE,
    DAMAGED,
    FILE_TOO_LARGE,
    NOT_AN_IMAGE,
    TOO_MANY_PIXELS,
    Limits,
    clean_photo,
    working_copy,
)
from tests.photos.helpers import (
    CAMERA,
    XMP,
    display_p3_profile,
    encode,
    flat,
    gps_exif,
    png_header,
    srgb_profile_bytes,
)

JFIF_KEYS = {"jfif", "jfif_version", "jfif_unit", "jfif_density"}
# PNG chunks that carry metadata (PNG 3rd edition, section 11.3).
PNG_METADATA_CHUNKS = (b"eXIf", b"iCCP", b"tEXt", b"iTXt", b"zTXt", b"tIME", b"pHYs")


def assert_no_metadata(test: unittest.TestCase, data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    test.assertEqual(len(image.getexif()), 0)
    test.assertLessEqual(set(image.info), JFIF_KEYS)
    for marker in (b"Exif", CAMERA.encode(), b"ICC_PROFILE", b"adobe:ns:meta"):
        test.assertNotIn(marker, data)
    for chunk in PNG_METADATA_CHUNKS:
        test.assertNotIn(chunk, data)


class MetadataTests(unittest.TestCase):
    def test_a_jpeg_with_gps_comes_out_with_no_metadata(self):
        upload = encode(
            flat(),
            "JPEG",
            exif=gps_exif(),
            icc_profile=srgb_profile_bytes(),
            xmp=XMP,
        )
        # The upload really carries them, so the test can fail.
        uploaded = Image.open(io.BytesIO(upload))
        self.assertEqual(uploaded.getexif().get_ifd(0x8825)[1], "N")
        self.assertIn("icc_profile", uploaded.info)
        self.assertIn("xmp", uploaded.info)
        clean = clean_photo(upload)
        self.assertEqual((clean.format, clean.content_type), ("JPEG", "image/jpeg"))
        assert_no_metadata(self, clean.data)

    def test_a_png_keeps_its_format_and_loses_its_metadata(self):
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", f"taken with {CAMERA}")
        upload = encode(
            flat(),
            "PNG",
            exif=gps_exif(),
            icc_profile=srgb_profile_bytes(),
            pnginfo=text,
            dpi=(300, 300),
        )
        self.assertIn(b"eXIf", upload)
        clean = clean_photo(upload)
        self.assertEqual((clean.format, clean.content_type), ("PNG", "image/png"))
        assert_no_metadata(self, clean.data)

    def test_a_webp_becomes_a_jpeg_with_no_metadata(self):
        upload = encode(flat(), "WEBP", exif=gps_exif(), xmp=XMP, quality=95)
        self.assertIn(CAMERA.encode(), upload)
        clean = clean_photo(upload)
        self.assertEqual((clean.source_format, clean.format), ("WEBP", "JPEG"))
        assert_no_metadata(self, clean.data)


class LimitTests(unittest.TestCase):
    def test_an_over_size_file_is_refused_naming_the_limit(self):
        upload = encode(flat(), "PNG")
        with self.assertRaises(PhotoError) as caught:
            clean_photo(upload, Limits(max_bytes=len(upload) - 1))
        expected = FILE_TOO_LARGE.format(limit_mb=(len(upload) - 1) / 1e6)
        self.assertEqual(str(caught.exception), expected)

    def test_the_default_limits_are_20_mb_and_50_megapixels(self):
        limits = Limits()
        self.assertEqual((limits.max_bytes, limits.max_pixels), (20e6, 50e6))
        message = FILE_TOO_LARGE.format(limit_mb=limits.max_bytes / 1e6)
        self.assertEqual(message, "The file is larger than the limit of 20 MB.")

    def test_a_decompression_bomb_is_refused_from_its_header(self):
        # 10 000 × 6 000 = 60 megapixels declared in a file of a few hundred bytes.
        bomb = png_header(10_000, 6_000)
        self.assertLess(len(bomb), 1000)
        with self.assertRaises(PhotoError) as caught:
            working_copy(bomb)
        self.assertEqual(
            str(caught.exception),
            "The image is larger than the limit of 50 megapixels.",
        )

    def test_a_bomb_beyond_pillows_own_guard_gets_the_same_message(self):
        # 20 000 × 10 000 = 200 megapixels: Pillow raises before our check runs.
        with self.assertRaises(PhotoError) as caught:
            clean_photo(png_header(20_000, 10_000))
        self.assertEqual(str(caught.exception), TOO_MANY_PIXELS.format(limit_mp=50))

    def test_a_real_small_bomb_is_refused_under_a_lower_pixel_limit(self):
        bomb = encode(Image.new("L", (3000, 2000)), "PNG")
        self.assertLess(len(bomb), 30_000)
        with self.assertRaises(PhotoError) as caught:
            clean_photo(bomb, Limits(max_pixels=5_000_000))
        self.assertEqual(str(caught.exception), TOO_MANY_PIXELS.format(limit_mp=5))


class ContentTypeTests(unittest.TestCase):
    def test_a_text_file_is_not_an_image(self):
        for data in (b"hello, this is not a photo\n", b""):
            with self.subTest(data=data), self.assertRaises(PhotoError) as caught:
                clean_photo(data)
            self.assertEqual(str(caught.exception), NOT_AN_IMAGE)

    def test_formats_we_do_not_accept_are_not_images(self):
        for kind in ("GIF", "BMP", "TIFF"):
            with self.subTest(kind=kind), self.assertRaises(PhotoError) as caught:
                clean_photo(encode(flat(), kind))
            self.assertEqual(str(caught.exception), NOT_AN_IMAGE)

    def test_a_png_is_read_as_a_png_whatever_it_is_called(self):
        # Only bytes reach the decoder: no file name is ever looked at.
        clean = clean_photo(encode(flat(colour=(10, 200, 30)), "PNG"))
        self.assertEqual(clean.source_format, "PNG")
        self.assertEqual(
            Image.open(io.BytesIO(clean.data)).getpixel((5, 5)), (10, 200, 30)
        )

    def test_a_truncated_jpeg_is_damaged(self):
        noisy = Image.fromarray(
            np.random.default_rng(1).integers(0, 255, (200, 300, 3), dtype=np.uint8)
        )
        data = encode(noisy, "JPEG")
        with self.assertRaises(PhotoError) as caught:
            clean_photo(data[: len(data) // 2])
        self.assertEqual(str(caught.exception), DAMAGED)

    def test_heic_turns_itself_off_without_its_decoder(self):
        from tests.photos.helpers import HEIC

        heif.heif_available.cache_clear()
        self.addCleanup(heif.heif_available.cache_clear)
        with (
            mock.patch.dict(sys.modules, {"pi_heif.as_plugin": None}),
            self.assertRaises(PhotoError) as caught,
        ):
            clean_photo(HEIC.read_bytes())
        self.assertEqual(str(caught.exception), heif.HEIC_UNAVAILABLE)


class OrientationAndProfileTests(unittest.TestCase):
    def test_the_exif_orientation_is_applied(self):
        # A 60 × 40 picture, red on its left third, stored with orientation 6
        # ("rotate 90° clockwise to display"): it displays 40 × 60, red on top.
        image = flat((60, 40), (0, 0, 255))
        image.paste((255, 0, 0), (0, 0, 20, 40))
        upload = encode(image, "PNG", exif=gps_exif(orientation=6))
        clean = Image.open(io.BytesIO(clean_photo(upload).data))
        self.assertEqual(clean.size, (40, 60))
        self.assertEqual(clean.getpixel((20, 5)), (255, 0, 0))
        self.assertEqual(clean.getpixel((20, 55)), (0, 0, 255))
        copy = working_copy(upload)
        self.assertEqual((copy.full_width, copy.full_height), (40, 60))
        self.assertEqual(tuple(copy.pixels[5, 20]), (255, 0, 0))

    def test_a_display_p3_photo_is_converted_to_srgb(self):
        p3 = (200, 100, 100)
        upload = encode(flat(colour=p3), "PNG", icc_profile=display_p3_profile())
        # Expected: the same colour computed by colour-science, P3 to sRGB directly.
        colour = colour_science()
        linear = colour.models.eotf_sRGB(np.asarray(p3) / 255)
        srgb = colour.RGB_to_RGB(
            linear,
            colour.RGB_COLOURSPACES["Display P3"],
            colour.RGB_COLOURSPACES["sRGB"],
        )
        expected = colour.models.eotf_inverse_sRGB(srgb) * 255  # 214.9, 92.6, 96.6
        clean = Image.open(io.BytesIO(clean_photo(upload).data))
        np.testing.assert_allclose(
            np.asarray(clean.getpixel((3, 3))), expected, atol=1.5
        )
        np.testing.assert_allclose(
            working_copy(upload).pixels[3, 3], expected, atol=1.5
        )

    def test_an_unusable_colour_profile_is_refused(self):
        upload = encode(flat(), "PNG", icc_profile=b"not a profile at all")
        with self.assertRaises(PhotoError) as caught:
            clean_photo(upload)
        self.assertEqual(str(caught.exception), BAD_PROFILE)


class WorkingCopyTests(unittest.TestCase):
    def test_a_large_jpeg_is_read_at_about_one_megapixel(self):
        image = flat((3000, 2000), (150, 110, 90))
        copy = working_copy(encode(image, "JPEG", quality=90))
        self.assertEqual((copy.full_width, copy.full_height), (3000, 2000))
        # sqrt(1e6 / 6e6) × (3000, 2000), rounded.
        self.assertEqual((copy.width, copy.height), (1225, 816))
        self.assertAlmostEqual(copy.full_pixels_per_pixel, 6e6 / (1225 * 816))
        np.testing.assert_allclose(
            copy.pixels.mean(axis=(0, 1)), (150, 110, 90), atol=1
        )

    def test_a_large_turned_jpeg_keeps_its_displayed_dimensions(self):
        upload = encode(flat((3000, 2000)), "JPEG", exif=gps_exif(orientation=6))
        copy = working_copy(upload)
        self.assertEqual((copy.full_width, copy.full_height), (2000, 3000))
        self.assertEqual((copy.width, copy.height), (816, 1225))

    def test_corrupt_exif_is_dropped_without_a_warning(self):
        # An orientation entry whose value lies past the end of the EXIF block.
        broken = b"Exif\0\0MM\0*\0\0\0\x08\0\x05\x01\x12\0\x03\xff\xff\xff\xff"
        upload = encode(flat((40, 30)), "JPEG", exif=broken)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            clean = clean_photo(upload)
            copy = working_copy(upload)
        assert_no_metadata(self, clean.data)
        self.assertEqual((copy.full_width, copy.full_height), (40, 30))

    def test_a_small_photo_is_never_enlarged(self):
        copy = working_copy(encode(flat((64, 48)), "PNG"))
        self.assertEqual(
            (copy.width, copy.height, copy.full_pixels_per_pixel), (64, 48, 1.0)
        )
