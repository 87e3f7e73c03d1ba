"""Generated skin photos for the tests, the calibration, the benchmark and the
demo: never a photo of a real person.

A scene is skin of a known CIELAB colour with a texture (smooth mottling and small
dark pores, mostly in lightness), a lesion (an ellipse of a known CIELAB colour with
a soft edge), and a neutral grey card. It is converted to linear sRGB, multiplied
by per-channel gains (a colour cast, as an illuminant that is not white would
give), optionally blurred (defocus), and given sensor noise. Framing jitter moves
everything, texture included, by a few pixels, as re-framing between two shots
does. The returned regions are where a person would mark them in that frame.
"""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image
from scipy import ndimage

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.colours import (
    ByteArray,
    FloatArray,
    lab_to_linear,
    linear_to_srgb,
)
from skingarden.photos.metrics.regions import Circle, Polygon

Lab = tuple[float, float, float]
# A light-to-medium skin and a moderately red patch on it; the card is the usual
# 18 % grey (L* about 50, neutral).
SKIN_LAB: Lab = (62.0, 13.0, 17.0)
LESION_LAB: Lab = (56.0, 22.0, 18.0)
CARD_LAB: Lab = (50.0, 0.0, 0.0)
MARGIN = 0.05  # of the longer side: the most the framing may shift
# Geometry as fractions of the frame: centre and radii of the lesion, the card's and
# the reference square's corners.
LESION_CENTRE, LESION_RADII = (0.42, 0.5), (0.15, 0.2)
LESION_SOLID = 0.75  # the lesion's colour is uniform inside this share of its radii
LESION_MARKED = 0.7  # and the marked polygon stays inside that
CARD_BOX = (0.66, 0.28, 0.94, 0.72)
REFERENCE_BOX = (0.08, 0.38, 0.24, 0.62)

BAND_ROWS = 128  # rows converted at once by session rendering

SHIFT_TOO_LARGE = "The framing may shift by at most {margin} pixels in this frame."


@dataclass(frozen=True)
class Scene:
    width: int = 1200
    height: int = 900
    skin_lab: Lab = SKIN_LAB
    lesion_lab: Lab = LESION_LAB
    card_lab: Lab = CARD_LAB
    gains: tuple[float, float, float] = (1.0, 1.0, 1.0)  # colour cast, linear RGB
    shift: tuple[int, int] = (0, 0)  # framing jitter, pixels
    blur: float = 0.0  # Gaussian defocus, standard deviation in pixels
    texture: float = 1.0  # strength of the skin's texture
    noise: float = 1.0  # sensor noise, standard deviation in 8-bit levels
    seed: int = 0  # the skin's own pattern: the same seed is the same skin
    noise_seed: int = 0  # one per shot


@dataclass(frozen=True, eq=False)
class SyntheticPhoto:
    pixels: ByteArray  # (height, width, 3), 8-bit sRGB
    lesion: Polygon
    reference: Polygon
    neutral: Circle

    def encoded(self, kind: str = "JPEG", quality: int = 95) -> bytes:
        buffer = io.BytesIO()
        image = Image.fromarray(self.pixels, "RGB")
        if kind == "JPEG":
            image.save(buffer, kind, quality=quality)
        else:
            image.save(buffer, kind)
        return buffer.getvalue()


def synthetic_photo(scene: Scene = Scene()) -> SyntheticPhoto:
    """Render ``scene``; see the module docstring."""
    margin = round(MARGIN * max(scene.width, scene.height))
    dx, dy = scene.shift
    if max(abs(dx), abs(dy)) > margin:
        raise PhotoError(SHIFT_TOO_LARGE.format(margin=margin))
    canvas = replace(
        scene, width=scene.width + 2 * margin, height=scene.height + 2 * margin
    )
    lab = _skin(canvas)
    _paint_lesion(lab, scene, margin)
    _paint_card(lab, scene, margin)
    top, left = margin - dy, margin - dx
    lab = lab[top : top + scene.height, left : left + scene.width]
    pixels = _camera(lab, scene)
    return SyntheticPhoto(pixels, *_regions(scene))


@dataclass(frozen=True, eq=False)
class DevelopedSkin:
    """A site's skin and card, without the lesion, in CIELAB and in linear light on
    the framing canvas: what every session of the site shares (same ``seed``), made
    once. ``session_shots`` then develops only the lesion's box again."""

    scene: Scene
    margin: int
    lab: FloatArray
    linear: FloatArray


def develop_skin(scene: Scene) -> DevelopedSkin:
    """The skin of ``scene`` (its lesion, light and framing are the sessions')."""
    margin = round(MARGIN * max(scene.width, scene.height))
    canvas = replace(
        scene, width=scene.width + 2 * margin, height=scene.height + 2 * margin
    )
    lab = _skin(canvas)
    _paint_card(lab, scene, margin)
    return DevelopedSkin(scene, margin, lab, _by_rows(lab_to_linear, lab))


def session_shots(
    skin: DevelopedSkin,
    *,
    lesion_lab: Lab,
    gains: tuple[float, float, float],
    framings: Sequence[tuple[tuple[int, int], int]],
) -> list[SyntheticPhoto]:
    """The shots of one session, each ``(shift, noise_seed)``: what
    ``synthetic_photo`` gives for the skin's scene with this lesion, light, shift
    and noise seed (no blur), at a fraction of the cost of rendering each."""
    scene = replace(skin.scene, lesion_lab=lesion_lab, gains=gains)
    light = np.asarray(gains)

    def develop(linear: FloatArray) -> FloatArray:
        return linear_to_srgb(linear * light)

    encoded = _by_rows(develop, skin.linear)
    rows, columns = _lesion_box(scene, skin.margin, encoded.shape[:2])
    lab = skin.lab[rows, columns].copy()
    _paint_lesion(lab, scene, skin.margin, origin=(rows.start, columns.start))
    encoded[rows, columns] = develop(lab_to_linear(lab))
    shots = []
    for shift, noise_seed in framings:
        framed = replace(scene, shift=shift, noise_seed=noise_seed)
        top, left = _crop_origin(framed, skin.margin)
        window = encoded[top : top + scene.height, left : left + scene.width]
        shots.append(SyntheticPhoto(_sensor(window, framed), *_regions(framed)))
    return shots


def _by_rows(
    convert: Callable[[FloatArray], FloatArray], pixels: FloatArray
) -> FloatArray:
    """``convert`` applied to bands of rows: the same result (it works pixel by
    pixel), with colour-science's temporary arrays a band's size, not the canvas'."""
    result = np.empty_like(pixels)
    for top in range(0, pixels.shape[0], BAND_ROWS):
        result[top : top + BAND_ROWS] = convert(pixels[top : top + BAND_ROWS])
    return result


def _lesion_box(
    scene: Scene, margin: int, shape: tuple[int, ...]
) -> tuple[slice, slice]:
    """The canvas rows and columns the lesion's soft edge can reach."""
    (cx, cy), (rx, ry) = _scaled(scene, LESION_CENTRE), _scaled(scene, LESION_RADII)
    rows = slice(
        max(int(cy + margin - ry) - 1, 0), min(int(cy + margin + ry) + 2, shape[0])
    )
    columns = slice(
        max(int(cx + margin - rx) - 1, 0), min(int(cx + margin + rx) + 2, shape[1])
    )
    return rows, columns


def _crop_origin(scene: Scene, margin: int) -> tuple[int, int]:
    dx, dy = scene.shift
    if max(abs(dx), abs(dy)) > margin:
        raise PhotoError(SHIFT_TOO_LARGE.format(margin=margin))
    return margin - dy, margin - dx


def _skin(canvas: Scene) -> FloatArray:
    rng = np.random.default_rng(canvas.seed)
    shape = (canvas.height, canvas.width)
    lab = np.empty((*shape, 3))
    lab[:] = canvas.skin_lab
    for channel, amplitude in enumerate((1.5, 0.3, 0.5)):
        lab[..., channel] += canvas.texture * amplitude * _mottling(rng, shape)
    # Fine relief of the skin's surface, then pores: small dark dots.
    relief = ndimage.gaussian_filter(rng.normal(size=shape), 0.7)
    lab[..., 0] += canvas.texture * 2.0 * relief / relief.std()
    pores = ndimage.gaussian_filter((rng.random(shape) < 0.004).astype(float), 0.8)
    lab[..., 0] -= canvas.texture * 40.0 * pores
    return lab


def _mottling(rng: np.random.Generator, shape: tuple[int, int]) -> FloatArray:
    """Smooth noise of unit standard deviation with blotches about 1/40 of the frame."""
    coarse = rng.normal(size=(max(2, shape[0] // 40), max(2, shape[1] // 40)))
    image = Image.fromarray(coarse.astype(np.float32), "F")
    smooth = np.asarray(image.resize(shape[::-1], Image.Resampling.BICUBIC))
    return np.asarray(smooth / max(float(smooth.std()), 1e-9), dtype=np.float64)


def _paint_lesion(
    lab: FloatArray, scene: Scene, margin: int, origin: tuple[int, int] = (0, 0)
) -> None:
    """Paint the lesion on ``lab``, a piece of the canvas from row and column
    ``origin``."""
    (cx, cy), (rx, ry) = _scaled(scene, LESION_CENTRE), _scaled(scene, LESION_RADII)
    rows, columns = np.ogrid[: lab.shape[0], : lab.shape[1]]
    rows, columns = rows + origin[0], columns + origin[1]
    distance = np.hypot((columns - cx - margin) / rx, (rows - cy - margin) / ry)
    weight = np.clip((1.0 - distance) / (1.0 - LESION_SOLID), 0.0, 1.0)[..., None]
    lab += weight * (np.asarray(scene.lesion_lab) - np.asarray(scene.skin_lab))


def _paint_card(lab: FloatArray, scene: Scene, margin: int) -> None:
    x0, y0 = _scaled(scene, CARD_BOX[:2])
    x1, y1 = _scaled(scene, CARD_BOX[2:])
    rows = slice(round(y0) + margin, round(y1) + margin)
    columns = slice(round(x0) + margin, round(x1) + margin)
    lab[rows, columns] = scene.card_lab


def _camera(lab: FloatArray, scene: Scene) -> ByteArray:
    linear = lab_to_linear(lab) * np.asarray(scene.gains)
    encoded = linear_to_srgb(linear)
    if scene.blur > 0:
        encoded = ndimage.gaussian_filter(encoded, (scene.blur, scene.blur, 0))
    return _sensor(encoded, scene)


def _sensor(encoded: FloatArray, scene: Scene) -> ByteArray:
    """Sensor noise on the developed frame, then 8-bit code values."""
    rng = np.random.default_rng(scene.noise_seed)
    noisy = rng.normal(0.0, scene.noise, encoded.shape)
    noisy += encoded  # in place: one frame-sized array, not four
    np.clip(np.round(noisy, out=noisy), 0, 255, out=noisy)
    return noisy.astype(np.uint8)


def _regions(scene: Scene) -> tuple[Polygon, Polygon, Circle]:
    dx, dy = scene.shift
    (cx, cy), (rx, ry) = _scaled(scene, LESION_CENTRE), _scaled(scene, LESION_RADII)
    angles = np.arange(8) * np.pi / 4
    lesion = tuple(
        (
            cx + dx + LESION_MARKED * rx * np.cos(t),
            cy + dy + LESION_MARKED * ry * np.sin(t),
        )
        for t in angles
    )
    x0, y0 = _scaled(scene, REFERENCE_BOX[:2])
    x1, y1 = _scaled(scene, REFERENCE_BOX[2:])
    reference = tuple(
        (x + dx, y + dy) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    )
    (left, top), (right, bottom) = (
        _scaled(scene, CARD_BOX[:2]),
        _scaled(scene, CARD_BOX[2:]),
    )
    radius = 0.3 * min(right - left, bottom - top)
    neutral = Circle((left + right) / 2 + dx, (top + bottom) / 2 + dy, radius)
    return (
        Polygon(tuple((float(x), float(y)) for x, y in lesion)),
        Polygon(tuple((float(x), float(y)) for x, y in reference)),
        neutral,
    )


def _scaled(scene: Scene, point: tuple[float, float]) -> tuple[float, float]:
    return point[0] * scene.width, point[1] * scene.height
