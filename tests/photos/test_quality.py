"""Quality checks on generated photos. The sharpness threshold's calibration is in
docs/photos.md (bench/photo_calibration.py); these tests pin its two ends on the
default scene. Messages from skingarden/photos/metrics/quality.py."""

import unittest
from dataclasses import replace

import numpy as np
from PIL import Image

from skingarden.photos.metrics.decoding import working_copy
from skingarden.photos.metrics.quality import (
    BLOWN_OUT,
    MIN_SHARPNESS,
    TOO_BLURRED,
    TOO_DARK,
    TOO_SMALL,
    assess_quality,
)
from skingarden.photos.metrics.synthetic import Scene, synthetic_photo
from tests.photos.helpers import encode

WORKING = Scene(width=1155, height=866)  # about one megapixel: no resizing


def report(scene: Scene):
    return assess_quality(working_copy(synthetic_photo(scene).encoded("JPEG", 90)))


class SharpnessTests(unittest.TestCase):
    def test_a_sharp_photo_passes(self):
        result = report(WORKING)
        self.assertEqual(result.problems, ())
        self.assertTrue(result.passed)
        self.assertGreater(result.sharpness, 10 * MIN_SHARPNESS)

    def test_slightly_soft_smooth_skin_still_passes(self):
        # σ 0.5 px on half-textured skin: the least sharp case calibrated to pass.
        result = report(replace(WORKING, texture=0.5, blur=0.5))
        self.assertNotIn(TOO_BLURRED, result.problems)

    def test_the_same_photo_blurred_is_refused(self):
        # σ 2 px at one megapixel: about 7 px on a 12 MP original.
        result = report(replace(WORKING, blur=2.0))
        self.assertEqual(result.problems, (TOO_BLURRED,))
        self.assertFalse(result.passed)


class ExposureTests(unittest.TestCase):
    def test_a_dark_photo_is_refused(self):
        pixels = np.full((700, 900, 3), 120, dtype=np.uint8)
        pixels[:, :300] = 3  # a third of the frame black
        result = assess_quality(working_copy(encode(Image.fromarray(pixels), "PNG")))
        self.assertIn(TOO_DARK.format(percent=100 / 3), result.problems)
        self.assertEqual(
            TOO_DARK.format(percent=100 / 3),
            "The photo is too dark: 33% of it is black. Take it again in more light, "
            "facing a window if you can.",
        )

    def test_a_blown_out_photo_is_refused(self):
        # A strong light on a pale card fills half the frame with white.
        result = report(replace(WORKING, gains=(2.5, 2.5, 2.5)))
        self.assertGreater(result.bright_share, 0.25)
        self.assertIn(
            BLOWN_OUT.format(percent=100 * result.bright_share), result.problems
        )

    def test_a_few_clipped_pixels_are_fine(self):
        pixels = np.full((700, 900, 3), 120, dtype=np.uint8)
        pixels[:, :200] = 255  # 22 % blown out: under the quarter allowed
        result = assess_quality(working_copy(encode(Image.fromarray(pixels), "PNG")))
        self.assertAlmostEqual(result.bright_share, 2 / 9)
        self.assertFalse(
            any(p.startswith("The photo is blown") for p in result.problems)
        )


class SizeTests(unittest.TestCase):
    def test_a_small_photo_is_refused(self):
        result = report(Scene(width=800, height=599))
        self.assertIn(TOO_SMALL.format(short=599), result.problems)
        self.assertEqual(
            TOO_SMALL.format(short=599),
            "The photo is too small: its shorter side is 599 pixels and needs to be at "
            "least 600. Send the photo at full size.",
        )

    def test_the_size_is_the_full_size_photos(self):
        # Checked on the original's dimensions, not on the working copy's.
        result = report(Scene(width=1600, height=1200))
        self.assertEqual(result.short_side, 1200)
        self.assertNotIn(TOO_SMALL.format(short=1200), result.problems)
