"""The redness metric on generated photos whose regions have known CIELAB values
(skingarden/photos/metrics/synthetic.py): skin L*a*b* (62, 13, 17), lesion
(56, 22, 18), so Δa* = 9 exactly, under known colour casts. docs/photos.md,
"Validation", reports the same runs."""

import io
import unittest
from dataclasses import replace

import numpy as np
from PIL import Image

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.colours import (
    colour_science,
    delta_e_2000,
    lab_to_linear,
    linear_to_srgb,
    srgb_to_linear,
)
from skingarden.photos.metrics.decoding import working_copy
from skingarden.photos.metrics.redness import (
    ALGORITHM_VERSION,
    ERYTHEMA_THRESHOLD,
    NEUTRAL_CLIPPED,
    NEUTRAL_NOT_NEUTRAL,
    measure_photo,
    measure_redness,
)
from skingarden.photos.metrics.regions import Circle, polygon
from skingarden.photos.metrics.synthetic import (
    LESION_LAB,
    SHIFT_TOO_LARGE,
    SKIN_LAB,
    Scene,
    synthetic_photo,
)
from tests.photos.helpers import encode, gps_exif

TRUE_DELTA_A = LESION_LAB[1] - SKIN_LAB[1]  # 9.0
# Per-channel gains in linear RGB: warm (tungsten-like), cool (shade), green
# (fluorescent). Exposure is a separate matter (docs/photos.md, "Validation").
CASTS = {
    "warm": (1.25, 1.0, 0.7),
    "cool": (0.8, 1.0, 1.3),
    "green": (0.9, 1.1, 0.9),
}
BASE = Scene(width=800, height=600)


def measured(scene: Scene, *, neutral: bool, kind: str = "PNG"):
    photo = synthetic_photo(scene)
    return measure_photo(
        photo.encoded(kind),
        lesion=photo.lesion,
        reference=photo.reference,
        neutral=photo.neutral if neutral else None,
    )


class ValidationTests(unittest.TestCase):
    def test_with_the_neutral_patch_delta_a_is_recovered_within_half_a_unit(self):
        for name, gains in CASTS.items():
            for kind in ("PNG", "JPEG"):
                with self.subTest(cast=name, kind=kind):
                    result = measured(
                        replace(BASE, gains=gains), neutral=True, kind=kind
                    )
                    self.assertLessEqual(abs(result.delta_a - TRUE_DELTA_A), 0.5)

    def test_without_the_patch_the_cast_moves_a_star_but_less_so_delta_a(self):
        # The lesion's own a* is off by several units under a warm cast; the
        # difference from the reference skin absorbs most of it. docs/photos.md
        # gives the errors of every cast; here the warm one's, rounded.
        scene = replace(BASE, gains=CASTS["warm"])
        without = measured(scene, neutral=False)
        balanced = measured(scene, neutral=True)
        self.assertGreater(without.lesion.a_star - LESION_LAB[1], 5.0)
        self.assertLess(abs(balanced.lesion.a_star - LESION_LAB[1]), 0.6)
        self.assertLess(abs(without.delta_a - TRUE_DELTA_A), 1.0)

    def test_without_a_cast_delta_a_is_right_despite_the_texture(self):
        result = measured(BASE, neutral=False)
        self.assertEqual(result.algorithm_version, ALGORITHM_VERSION)
        self.assertAlmostEqual(result.delta_a, TRUE_DELTA_A, delta=0.15)

    def test_without_texture_every_figure_matches_the_scene(self):
        # The skin's texture (mottling, pores) moves the regions' L* by up to a
        # unit; without it, what remains is 8-bit rounding and sensor noise.
        result = measured(replace(BASE, texture=0.0), neutral=False)
        for region, lab in ((result.lesion, LESION_LAB), (result.reference, SKIN_LAB)):
            measured_lab = (region.l_star, region.a_star, region.b_star)
            np.testing.assert_allclose(measured_lab, lab, atol=0.15)
        expected_e00 = delta_e_2000(np.asarray(LESION_LAB), np.asarray(SKIN_LAB))
        self.assertAlmostEqual(result.delta_e00, expected_e00, delta=0.1)
        self.assertEqual(result.erythema_fraction, 1.0)
        self.assertIsNone(result.gains)

    def test_healthy_skin_against_healthy_skin_reads_zero(self):
        result = measured(replace(BASE, lesion_lab=SKIN_LAB), neutral=True)
        self.assertAlmostEqual(result.delta_a, 0.0, delta=0.15)
        self.assertLess(result.erythema_fraction, 0.02)

    def test_pixel_counts_are_the_regions_areas_in_full_size_pixels(self):
        photo = synthetic_photo(BASE)
        result = measure_photo(
            photo.encoded("PNG"), lesion=photo.lesion, reference=photo.reference
        )
        # The reference square: 0.16 × 800 by 0.24 × 600 pixels.
        self.assertEqual(result.reference.pixels, 128 * 144)
        # The lesion octagon, ½ r² n sin(2π/n) with its two radii: 0.7 × (120, 120).
        octagon = 0.5 * (0.7 * 120) * (0.7 * 120) * 8 * np.sin(np.pi / 4)
        self.assertAlmostEqual(result.lesion.pixels / octagon, 1.0, delta=0.01)

    def test_regions_are_in_the_oriented_photos_pixels(self):
        photo = synthetic_photo(BASE)
        upright = measure_photo(
            photo.encoded("PNG"), lesion=photo.lesion, reference=photo.reference
        )
        # Stored turned a quarter anticlockwise, with EXIF orientation 6 ("turn 90°
        # clockwise to display"): displayed, it is the upright photo again.
        stored = Image.fromarray(photo.pixels).transpose(Image.Transpose.ROTATE_90)
        turned = measure_photo(
            encode(stored, "PNG", exif=gps_exif(orientation=6)),
            lesion=photo.lesion,
            reference=photo.reference,
        )
        self.assertEqual(turned, upright)


class ErythemaFractionTests(unittest.TestCase):
    def test_half_a_lesion_above_the_threshold_gives_one_half(self):
        # Left: reference skin. Right: a lesion whose top half is 4 a* units above
        # the skin (above the 2.3 threshold) and whose bottom half is 1 unit above.
        lab = np.empty((200, 200, 3))
        lab[:] = SKIN_LAB
        lab[:100, 100:, 1] += 4.0
        lab[100:, 100:, 1] += 1.0
        pixels = np.round(linear_to_srgb(lab_to_linear(lab))).astype(np.uint8)
        copy = working_copy(encode(Image.fromarray(pixels), "PNG"))
        result = measure_redness(
            copy,
            lesion=polygon([(100, 0), (200, 0), (200, 200), (100, 200)], "lesion"),
            reference=polygon([(0, 0), (100, 0), (100, 200), (0, 200)], "reference"),
        )
        self.assertEqual(result.erythema_fraction, 0.5)

    def test_the_threshold_is_the_cielab_just_noticeable_difference(self):
        self.assertEqual(ERYTHEMA_THRESHOLD, colour_science().difference.JND_CIE1976)


class NeutralPatchTests(unittest.TestCase):
    def test_a_blown_out_patch_is_refused(self):
        photo = synthetic_photo(
            replace(BASE, card_lab=(98.0, 0.0, 0.0), gains=(1.2,) * 3)
        )
        with self.assertRaises(PhotoError) as caught:
            measure_photo(
                photo.encoded("PNG"),
                lesion=photo.lesion,
                reference=photo.reference,
                neutral=photo.neutral,
            )
        self.assertEqual(str(caught.exception), NEUTRAL_CLIPPED.format(percent=100))

    def test_a_coloured_patch_is_refused_with_its_gains(self):
        # A flat patch of sRGB (220, 120, 60): the gains that make it neutral are
        # Y / channel in linear light; blue's is the one beyond 2.
        patch = np.asarray((220, 120, 60))
        linear = srgb_to_linear(patch.astype(np.uint8))
        y = float(linear @ (0.2126, 0.7152, 0.0722))  # IEC 61966-2-1 luminance row
        red, green, blue = (y / channel for channel in linear)
        self.assertGreater(blue, 2.0)
        image = Image.new("RGB", (300, 200), (180, 130, 110))
        image.paste(tuple(int(c) for c in patch), (200, 50, 300, 150))
        copy = working_copy(encode(image, "PNG"))
        with self.assertRaises(PhotoError) as caught:
            measure_redness(
                copy,
                lesion=polygon([(10, 10), (90, 10), (90, 90)], "lesion"),
                reference=polygon([(100, 10), (190, 10), (190, 90)], "reference"),
                neutral=Circle(250, 100, 30),
            )
        expected = NEUTRAL_NOT_NEUTRAL.format(
            gain=blue, red=red, green=green, blue=blue
        )
        self.assertEqual(str(caught.exception), expected)


class ColourDifferenceTests(unittest.TestCase):
    def test_ciede2000_matches_the_published_test_data(self):
        # Sharma, Wu and Dalal 2005, Table 1, pair 1: ΔE00 = 2.0425.
        first = np.asarray((50.0, 2.6772, -79.7751))
        second = np.asarray((50.0, 0.0, -82.7485))
        self.assertAlmostEqual(delta_e_2000(first, second), 2.0425, places=4)


class SyntheticPhotoTests(unittest.TestCase):
    def test_the_same_seeds_give_the_same_photo(self):
        first, second = synthetic_photo(BASE), synthetic_photo(BASE)
        np.testing.assert_array_equal(first.pixels, second.pixels)

    def test_framing_jitter_moves_the_skin_and_the_regions_together(self):
        # Without sensor noise, which is new in every shot.
        still = synthetic_photo(replace(BASE, noise=0.0))
        moved = synthetic_photo(replace(BASE, noise=0.0, shift=(12, -7)))
        np.testing.assert_array_equal(
            moved.pixels[20:100, 40:200], still.pixels[27:107, 28:188]
        )
        self.assertEqual(moved.neutral.x - still.neutral.x, 12)
        self.assertEqual(moved.lesion.points[0][1] - still.lesion.points[0][1], -7)

    def test_a_shift_beyond_the_margin_is_refused(self):
        # The margin is 5 % of the longer side, 800: 40 pixels.
        with self.assertRaises(PhotoError) as caught:
            synthetic_photo(replace(BASE, shift=(41, 0)))
        self.assertEqual(str(caught.exception), SHIFT_TOO_LARGE.format(margin=40))

    def test_jpeg_and_png_encodings_are_readable(self):
        photo = synthetic_photo(Scene(width=200, height=150))
        for kind in ("JPEG", "PNG"):
            with self.subTest(kind=kind):
                image = Image.open(io.BytesIO(photo.encoded(kind)))
                self.assertEqual((image.format, image.size), (kind, (200, 150)))
