"""Regions: parsing, the image's bounds, the 50-pixel minimum and pixel counts in
full-size pixels. Messages from skingarden/photos/metrics/regions.py."""

import unittest

import numpy as np

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.decoding import WorkingCopy
from skingarden.photos.metrics.regions import (
    BAD_CIRCLE,
    BAD_POLYGON,
    OUTSIDE_IMAGE,
    TOO_SMALL,
    Circle,
    Polygon,
    circle,
    circle_mask,
    parse_circle,
    parse_polygon,
    polygon,
    polygon_mask,
)


def copy_of(full=(4000, 3000), working=(1000, 750)) -> WorkingCopy:
    pixels = np.zeros((working[1], working[0], 3), dtype=np.uint8)
    return WorkingCopy(pixels, *full)


class ParsingTests(unittest.TestCase):
    def test_points_are_read_as_typed(self):
        self.assertEqual(
            parse_polygon("10,10 80.5,10 40,6e1", "lesion"),
            Polygon(((10.0, 10.0), (80.5, 10.0), (40.0, 60.0))),
        )
        self.assertEqual(parse_circle(" 120,80,15 "), Circle(120.0, 80.0, 15.0))

    def test_malformed_polygons_are_refused(self):
        expected = BAD_POLYGON.format(name="lesion")
        for text in (
            "",
            "10,10 80,10",
            "10,10 80;10 40,60",
            "a,b c,d e,f",
            "1,2,3 4,5 6,7",
        ):
            with self.subTest(text=text), self.assertRaises(PhotoError) as caught:
                parse_polygon(text, "lesion")
            self.assertEqual(str(caught.exception), expected)

    def test_points_that_are_not_finite_are_refused(self):
        with self.assertRaises(PhotoError) as caught:
            polygon([(0, 0), (1, float("nan")), (2, 2)], "reference")
        self.assertEqual(str(caught.exception), BAD_POLYGON.format(name="reference"))

    def test_malformed_circles_are_refused(self):
        for text in ("120,80", "120,80,0", "120,80,-5", "x,80,5", "1,2,3,4"):
            with self.subTest(text=text), self.assertRaises(PhotoError) as caught:
                parse_circle(text)
            self.assertEqual(str(caught.exception), BAD_CIRCLE)
        with self.assertRaises(PhotoError):
            circle(float("inf"), 1, 1)


class MaskTests(unittest.TestCase):
    def test_a_triangle_holds_the_pixel_centres_inside_it(self):
        # Right triangle with legs of 12 on a full-size copy: the centres
        # (i + .5, j + .5) with i + j + 1 < 12 lie inside, 11 + 10 + ... + 1 = 66.
        triangle = polygon([(0, 0), (12, 0), (0, 12)], "lesion")
        region = polygon_mask(triangle, copy_of((100, 100), (100, 100)), "lesion")
        self.assertEqual(region.full_pixels, 66)
        self.assertTrue(region.mask[0, 10] and not region.mask[0, 11])

    def test_counts_are_in_full_size_pixels(self):
        # 400 × 200 full-size pixels on a copy at a quarter of the side: 100 × 50
        # working pixels, each standing for 16.
        square = polygon([(800, 400), (1200, 400), (1200, 600), (800, 600)], "lesion")
        region = polygon_mask(square, copy_of(), "lesion")
        self.assertEqual(int(region.mask.sum()), 100 * 50)
        self.assertEqual(region.full_pixels, 80_000)
        self.assertTrue(region.mask[100:150, 200:300].all())

    def test_a_circle_counts_its_area(self):
        region = circle_mask(Circle(2000, 1500, 200), copy_of(), "neutral patch")
        self.assertAlmostEqual(region.full_pixels / (np.pi * 200**2), 1.0, delta=0.02)

    def test_a_region_under_50_pixels_is_refused(self):
        # 6 × 6 full-size pixels from (100, 100): on the copy at a quarter of the
        # side, from 25 to 26.5, which holds one pixel centre (25.5, 25.5): 16
        # full-size pixels.
        tiny = polygon([(100, 100), (106, 100), (106, 106), (100, 106)], "lesion")
        with self.assertRaises(PhotoError) as caught:
            polygon_mask(tiny, copy_of(), "lesion")
        self.assertEqual(
            str(caught.exception),
            TOO_SMALL.format(name="lesion region", pixels=16),
        )
        self.assertEqual(
            str(caught.exception),
            "The lesion region covers 16 pixels of the photo; it needs at least 50.",
        )

    def test_a_region_of_50_pixels_at_full_size_is_enough(self):
        # 10 × 5 pixels on a copy at full size.
        small = polygon([(10, 10), (20, 10), (20, 15), (10, 15)], "lesion")
        region = polygon_mask(small, copy_of((100, 100), (100, 100)), "lesion")
        self.assertEqual(region.full_pixels, 50)

    def test_a_polygon_outside_the_image_is_refused(self):
        outside = polygon([(3900, 100), (4100, 100), (4000, 300)], "reference")
        with self.assertRaises(PhotoError) as caught:
            polygon_mask(outside, copy_of(), "reference")
        expected = OUTSIDE_IMAGE.format(
            name="reference region", width=4000, height=3000
        )
        self.assertEqual(str(caught.exception), expected)
        self.assertEqual(
            expected,
            "The reference region goes outside the image, which is 4000 × 3000 pixels.",
        )

    def test_a_circle_reaching_past_the_edge_is_refused(self):
        with self.assertRaises(PhotoError) as caught:
            circle_mask(Circle(50, 1500, 60), copy_of(), "neutral patch")
        expected = OUTSIDE_IMAGE.format(name="neutral patch", width=4000, height=3000)
        self.assertEqual(str(caught.exception), expected)
