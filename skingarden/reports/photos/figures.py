"""Each site's first and last photo with its regions outlined, for the report's two
outputs. The page draws the outlines in SVG over the served display image; the
PDF, which is self-contained, gets a small JPEG with the outlines drawn in by
Pillow, inside it as a data URL.

The report's HTML is built once and shown to the participant and, under their
consent, to a practitioner, at two addresses. So the page links each photo
relative to the report's own address: ``../photos/<code>/display/`` is, under
``/programmes/<code>/report/``, the participant's programme-scoped file view and,
under ``/clients/<consent>/<code>/report/``, the practitioner's consented one
(audited). Both check who asks, as every photo file view does.
"""

import base64
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

from skingarden.photos.models import Photo
from skingarden.photos.selectors.timeline import SessionRow
from skingarden.photos.storage import photo_storage
from skingarden.photos.templatetags.photo_links import points
from skingarden.reports.photos.outcome import SitePhotos

PAGE_PHOTO_URL = "../photos/{code}/display/"
# Two photos side by side fill the PDF's text column at about 150 dpi; larger
# ones cost WeasyPrint time and bytes without showing more.
PRINT_LONGEST_SIDE = 480
PRINT_QUALITY = 82
# The photo pages' colours (photos/static/photos/photos.css).
LESION_COLOUR = "#d9480f"
REFERENCE_COLOUR = "#1971c2"
OUTLINE_WIDTH = 3


@dataclass(frozen=True)
class PhotoFigure:
    """One photo as the report shows it: ``src`` is its page address or, for the
    PDF, the outlined JPEG; the regions are SVG points in the original's pixels."""

    src: str
    width: int
    height: int
    lesion: str
    reference: str
    caption: str
    alt: str


@dataclass(frozen=True)
class SiteFigures:
    photos: SitePhotos
    pair: list[PhotoFigure]
    # The trend drawn on the server: the PDF's image (a data URL), or the page's
    # picture at a phone's and a wide width (no chart script on the report's page).
    chart: Any


def site_figures(
    sites: Sequence[SitePhotos],
    *,
    for_pdf: bool,
    draw: Callable[[dict[str, Any]], Any],
) -> list[SiteFigures]:
    """The figures of every site; ``draw`` draws its trend for print or the page."""
    return [
        SiteFigures(
            photos=site,
            pair=[
                figure
                for row in (site.first, site.last)
                if row is not None
                for figure in [photo_figure(row, site, for_pdf=for_pdf)]
                if figure is not None
            ],
            chart=draw(site.chart),
        )
        for site in sites
    ]


def photo_figure(
    row: SessionRow, site: SitePhotos, *, for_pdf: bool
) -> PhotoFigure | None:
    """The session's lead photo; None when its display size is not made yet (or,
    for the PDF, cannot be read)."""
    shot = row.lead
    if shot is None or not shot.photo.display:
        return None
    photo = shot.photo
    src = outlined_jpeg(photo) if for_pdf else PAGE_PHOTO_URL.format(code=photo.code)
    if not src:
        return None
    day = row.session.taken_on
    when = f"{day.day} {day:%B %Y}"
    phase = f", {row.phase.label.lower()}" if row.phase else ""
    value = (
        f": Δa* {row.mean_delta_a:.1f}".replace("-", "−")
        if row.mean_delta_a is not None
        else ": not measured"
    )
    return PhotoFigure(
        src=src,
        width=photo.width,
        height=photo.height,
        lesion=points(photo.lesion),
        reference=points(photo.reference),
        caption=f"{when}{phase}{value}",
        alt=f"The {site.site.name.lower()} on {when}, the lesion outlined in orange "
        "and the healthy skin beside it in blue",
    )


def outlined_jpeg(photo: Photo) -> str:
    """The display size, made small, with the regions drawn in, as a data URL; ""
    when the file cannot be read."""
    try:
        with photo_storage().open(photo.display, "rb") as stored:
            decoded = Image.open(stored)
            # A JPEG is decoded straight at a reduced scale (libjpeg's DCT scaling).
            decoded.draft("RGB", (PRINT_LONGEST_SIDE, PRINT_LONGEST_SIDE))
            image = decoded.convert("RGB")
    except OSError:
        return ""
    image.thumbnail((PRINT_LONGEST_SIDE, PRINT_LONGEST_SIDE))
    scale = image.width / photo.width
    draw = ImageDraw.Draw(image)
    for region, colour in (
        (photo.reference, REFERENCE_COLOUR),
        (photo.lesion, LESION_COLOUR),
    ):
        if len(region) >= 3:
            outline = [(float(x) * scale, float(y) * scale) for x, y in region]
            draw.polygon(outline, outline=colour, width=OUTLINE_WIDTH)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=PRINT_QUALITY)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
