"""Regions on a photo: polygons and the neutral patch's circle, given in pixels of
the oriented full-size photo (x to the right, y down, origin at the top-left
corner), turned into masks on the working copy. Pixel counts are reported in
full-size pixels: a working-copy pixel stands for ``full_pixels_per_pixel`` of them.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.decoding import WorkingCopy

MIN_REGION_PIXELS = 50  # full-size pixels

BAD_POLYGON = (
    "The {name} region must be three or more points written x,y and separated by "
    'spaces, such as "10,10 80,10 40,60".'
)
BAD_CIRCLE = (
    "The neutral patch must be written x,y,r (its centre and radius in pixels, the "
    'radius above zero), such as "120,80,15".'
)
OUTSIDE_IMAGE = "The {name} goes outside the image, which is {width} × {height} pixels."
TOO_SMALL = (
    "The {name} covers {pixels} pixels of the photo; it needs at least "
    f"{MIN_REGION_PIXELS}."
)

Mask = npt.NDArray[np.bool_]
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_POINT = re.compile(rf"({_NUMBER}),({_NUMBER})")
_CIRCLE = re.compile(rf"({_NUMBER}),({_NUMBER}),({_NUMBER})")


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    radius: float


@dataclass(frozen=True, eq=False)
class RegionMask:
    mask: Mask  # on the working copy
    full_pixels: int


def polygon(points: Sequence[Sequence[float]], name: str) -> Polygon:
    """A polygon of three or more finite points; ``name`` goes in the message."""
    try:
        pairs = tuple((float(x), float(y)) for x, y in points)
    except (TypeError, ValueError):
        raise PhotoError(BAD_POLYGON.format(name=name)) from None
    numbers = [value for pair in pairs for value in pair]
    if len(pairs) < 3 or not all(math.isfinite(value) for value in numbers):
        raise PhotoError(BAD_POLYGON.format(name=name))
    return Polygon(pairs)


def parse_polygon(text: str, name: str) -> Polygon:
    """``"x,y x,y x,y ..."`` as typed on a command line."""
    points = []
    for token in text.split():
        match = _POINT.fullmatch(token)
        if match is None:
            raise PhotoError(BAD_POLYGON.format(name=name))
        points.append((float(match[1]), float(match[2])))
    return polygon(points, name)


def circle(x: float, y: float, radius: float) -> Circle:
    values = (x, y, radius)
    if not all(math.isfinite(value) for value in values) or radius <= 0:
        raise PhotoError(BAD_CIRCLE)
    return Circle(float(x), float(y), float(radius))


def parse_circle(text: str) -> Circle:
    """``"x,y,r"`` as typed on a command line."""
    match = _CIRCLE.fullmatch(text.strip())
    if match is None:
        raise PhotoError(BAD_CIRCLE)
    return circle(float(match[1]), float(match[2]), float(match[3]))


def polygon_mask(shape: Polygon, copy: WorkingCopy, name: str) -> RegionMask:
    """The working-copy pixels whose centres lie inside the polygon.

    Raises
    ------
    PhotoError
        ``OUTSIDE_IMAGE`` when a point lies outside the full-size image,
        ``TOO_SMALL`` when it covers fewer than ``MIN_REGION_PIXELS`` full-size
        pixels.
    """
    label = f"{name} region"
    for x, y in shape.points:
        _check_inside(x, y, copy, label)
    scale_x, scale_y = _scales(copy)
    vertices = np.asarray(shape.points) * (scale_x, scale_y)
    return _counted(_inside_polygon(vertices, copy), copy, label)


def circle_mask(shape: Circle, copy: WorkingCopy, name: str) -> RegionMask:
    """The working-copy pixels whose centres lie inside the circle; errors as
    ``polygon_mask``."""
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        _check_inside(
            shape.x + dx * shape.radius, shape.y + dy * shape.radius, copy, name
        )
    scale_x, scale_y = _scales(copy)
    rows, columns = np.ogrid[: copy.height, : copy.width]
    # Pixel centres, in full-size coordinates.
    x = (columns + 0.5) / scale_x
    y = (rows + 0.5) / scale_y
    inside = (x - shape.x) ** 2 + (y - shape.y) ** 2 <= shape.radius**2
    return _counted(np.asarray(inside, dtype=bool), copy, name)


def _inside_polygon(vertices: npt.NDArray[np.float64], copy: WorkingCopy) -> Mask:
    """Working-copy pixels whose centre lies inside the polygon, by the even-odd
    rule: a ray from the centre to the right crosses the outline an odd number of
    times (the usual crossing test; Shimrat 1962, Haines 1994)."""
    mask = np.zeros((copy.height, copy.width), dtype=bool)
    # Only the pixels of the polygon's bounding box can be inside.
    left, top = np.floor(vertices.min(axis=0)).astype(int)
    right, bottom = np.ceil(vertices.max(axis=0)).astype(int)
    rows, columns = np.ogrid[top:bottom, left:right]
    x, y = columns + 0.5, rows + 0.5
    inside = np.zeros((bottom - top, right - left), dtype=bool)
    for (x1, y1), (x2, y2) in zip(vertices, np.roll(vertices, -1, axis=0), strict=True):
        if y1 == y2:
            continue  # a horizontal edge is never crossed by a horizontal ray
        spans = (y1 > y) != (y2 > y)
        crossing_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= spans & (x < crossing_x)
    mask[top:bottom, left:right] = inside
    return mask


def _check_inside(x: float, y: float, copy: WorkingCopy, name: str) -> None:
    if not (0 <= x <= copy.full_width and 0 <= y <= copy.full_height):
        raise PhotoError(
            OUTSIDE_IMAGE.format(
                name=name, width=copy.full_width, height=copy.full_height
            )
        )


def _scales(copy: WorkingCopy) -> tuple[float, float]:
    return copy.width / copy.full_width, copy.height / copy.full_height


def _counted(mask: Mask, copy: WorkingCopy, name: str) -> RegionMask:
    full_pixels = round(int(mask.sum()) * copy.full_pixels_per_pixel)
    if full_pixels < MIN_REGION_PIXELS:
        raise PhotoError(TOO_SMALL.format(name=name, pixels=full_pixels))
    return RegionMask(mask, full_pixels)
