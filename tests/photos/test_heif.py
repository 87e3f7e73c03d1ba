"""HEIC through pi-heif-decoder, on the one committed test file (tests/data/README.md
says how it was made)."""

import io
import unittest

import numpy as np
from PIL import Image

from skingarden.photos.metrics.decoding import clean_photo, working_copy
from skingarden.photos.metrics.heif import heif_available, looks_like_heif
from tests.photos.helpers import HEIC, HEIC_QUADRANTS
from tests.photos.test_decoding import assert_no_metadata

# Quadrant centres of the 128 × 96 picture.
CENTRES = ((32, 24), (96, 24), (32, 72), (96, 72))


class HeicTests(unittest.TestCase):
    def test_the_decoder_is_installed(self):
        self.assertTrue(heif_available())
        self.assertTrue(looks_like_heif(HEIC.read_bytes()))

    def test_a_heic_photo_decodes_to_its_colours(self):
        copy = working_copy(HEIC.read_bytes())
        self.assertEqual((copy.full_width, copy.full_height), (128, 96))
        for (x, y), expected in zip(CENTRES, HEIC_QUADRANTS, strict=True):
            # HEVC at quality 90 and 4:2:0 chroma: within a few levels.
            np.testing.assert_allclose(copy.pixels[y, x], expected, atol=3)

    def test_a_heic_photo_becomes_a_jpeg_without_its_gps(self):
        self.assertIn(b"SkinGardenTest", HEIC.read_bytes())
        clean = clean_photo(HEIC.read_bytes())
        self.assertEqual(
            (clean.source_format, clean.format, clean.width, clean.height),
            ("HEIF", "JPEG", 128, 96),
        )
        assert_no_metadata(self, clean.data)
        image = Image.open(io.BytesIO(clean.data))
        np.testing.assert_allclose(
            np.asarray(image.getpixel(CENTRES[1])), HEIC_QUADRANTS[1], atol=4
        )

    def test_other_iso_media_files_are_not_taken_for_heic(self):
        self.assertFalse(looks_like_heif(b"\0\0\0\x18ftypmp42\0\0\0\0"))
        self.assertFalse(looks_like_heif(b"\xff\xd8\xff\xe0"))
