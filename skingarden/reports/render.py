"""Render a report: the HTML fragment both outputs share, its charts drawn to SVG by
vl-convert (for the page at two widths, for the PDF at print width), and the PDF
(WeasyPrint)."""

import base64
import gc
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from skingarden.programmes.chart_svg import boxes_only, light_spec, light_svg
from skingarden.reports.content import ReportContent
from skingarden.reports.photos.figures import site_figures

PRINT_CHART_WIDTH = 600  # px: fits an A4 page inside its margins
# The daily chart beside the days by phase: the two share the page's width.
PRINT_PAIRED_WIDTH = 400
PRINT_CSS = (
    Path(__file__).resolve().parent.parent / "static" / "css" / "report-print.css"
)


def print_spec(spec: dict[str, Any], width: int = PRINT_CHART_WIDTH) -> dict[str, Any]:
    """The same chart for print, made light (``light_spec``): each SVG element costs
    WeasyPrint time to draw."""
    return light_spec(spec, width)


def chart_svg(spec: dict[str, Any], width: int = PRINT_CHART_WIDTH) -> str:
    return light_svg(spec, width)


def chart_image(spec: dict[str, Any] | None, width: int = PRINT_CHART_WIDTH) -> str:
    """The chart's SVG as a data URL for an <img>: WeasyPrint then reads it with its
    XML parser instead of parsing and styling every SVG element as HTML. "" for no
    chart."""
    if spec is None:
        return ""
    svg = chart_svg(spec, width).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def paired_spec(line: dict[str, Any], distributions: dict[str, Any]) -> dict[str, Any]:
    """The daily chart and the days by phase side by side in one spec, for print:
    one vl-convert call and one picture instead of two, the box plots without
    their dots (each SVG element costs WeasyPrint time; the page shows the dots)."""
    left = print_spec(line, PRINT_PAIRED_WIDTH)
    right = print_spec(boxes_only(distributions))
    datasets = {**left.pop("datasets", {}), **right.pop("datasets", {})}
    config = left.pop("config", {})
    for part in (left, right):
        for key in ("$schema", "config", "description"):
            part.pop(key, None)
    return {
        "$schema": line.get("$schema"),
        "datasets": datasets,
        "hconcat": [left, right],
        "spacing": 18,
        "config": config,
    }


# The page's charts for a phone's width (a 360 px screen) and for a wider screen;
# the browser picks one (<picture>), so a phone shows labels it can read.
PAGE_PHONE_WIDTH = 250


def page_picture(spec: dict[str, Any] | None) -> dict[str, str] | None:
    """A chart for the page: drawn to SVG here, in the worker, at a phone's width
    and at print width, so the page needs no chart JavaScript (issue 14 §5)."""
    if spec is None:
        return None
    return {
        "phone": chart_image(spec, PAGE_PHONE_WIDTH),
        "wide": chart_image(spec),
    }


def page_pictures(content: ReportContent) -> dict[str, Any]:
    split = content.split_body
    return {
        "answer_picture": page_picture(content.answer_chart),
        "chart_picture": page_picture(content.chart),
        # The days by phase are as wide on any screen: one picture, its boxes
        # without a dot for each day (a dot a day for a year is 0.4 MB of SVG).
        "distributions_image": chart_image(
            boxes_only(content.distributions) if content.distributions else None
        ),
        "split_picture": page_picture(split.chart) if split else None,
    }


def document_html(content: ReportContent, *, for_pdf: bool) -> str:
    """The report itself, without the site's page around it."""
    context: dict[str, Any] = {
        "r": content,
        "for_pdf": for_pdf,
        "photo_figures": site_figures(
            content.photo_sites,
            for_pdf=for_pdf,
            draw=chart_image if for_pdf else page_picture,
        ),
    }
    if not for_pdf:
        context |= page_pictures(content)
    else:
        split = content.split_body
        daily = content.chart
        if content.distributions is not None:
            daily = paired_spec(daily, content.distributions)
        context |= {
            "chart_image": chart_image(daily),
            "answer_image": chart_image(content.answer_chart),
            "split_chart_image": chart_image(split.chart) if split else "",
        }
    return render_to_string("reports/document.html", context)


@cache
def _printer() -> tuple[Any, Any, Any]:
    """WeasyPrint's fetcher, fonts and our stylesheet, made once per process (a
    warm worker reuses them: parsing the stylesheet and the system's fonts again
    for every report would cost a third of the time)."""
    import weasyprint  # imported here: it is large, and only the worker needs it
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    # The PDF is self-contained: nothing is fetched from the network or the disk;
    # only the chart's own data URL is read.
    fetch_nothing = URLFetcher(allowed_protocols=("data",))
    fonts = FontConfiguration()
    stylesheet = weasyprint.CSS(
        filename=str(PRINT_CSS), url_fetcher=fetch_nothing, font_config=fonts
    )
    return fetch_nothing, fonts, stylesheet


def pdf_bytes(content: ReportContent) -> bytes:
    import weasyprint

    html = render_to_string(
        "reports/print.html",
        {"document": document_html(content, for_pdf=True), "r": content},
    )
    fetch_nothing, fonts, stylesheet = _printer()
    document = weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetch_nothing
    )
    # Layout allocates hundreds of thousands of short-lived objects and no cycles
    # worth collecting mid-way; the collector's passes cost ~20% of the time.
    gc.disable()
    try:
        return bytes(document.write_pdf(stylesheets=[stylesheet], font_config=fonts))
    finally:
        gc.enable()
