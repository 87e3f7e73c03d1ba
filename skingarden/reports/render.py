"""Render a report: the HTML fragment both outputs share, charts as SVG for print,
and the PDF (WeasyPrint). The page embeds the chart's Vega-Lite spec for the
browser; the PDF gets the same spec drawn to SVG by vl-convert."""

import copy
import gc
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from skingarden.reports.content import ReportContent

PRINT_CHART_WIDTH = 600  # px: fits an A4 page inside its margins
PRINT_CSS = (
    Path(__file__).resolve().parent.parent / "static" / "css" / "report-print.css"
)


def print_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The same chart at a fixed width (a PDF has no container to fit), without
    grid lines (the shaded phases carry the reading; each grid line is an SVG
    element WeasyPrint must draw)."""
    fixed = copy.deepcopy(spec)
    fixed.pop("autosize", None)
    config = fixed.setdefault("config", {})
    config["axis"] = {**config.get("axis", {}), "grid": False}
    for panel in fixed.get("vconcat", []):
        if panel.get("width") == "container":
            panel["width"] = PRINT_CHART_WIDTH
    return fixed


def chart_svg(spec: dict[str, Any]) -> str:
    import vl_convert  # imported here: it is large, and only the worker needs it

    # 6.4: the Vega-Lite the browser gets (static/vendor/vega-lite-6.4.3).

    return str(vl_convert.vegalite_to_svg(print_spec(spec), vl_version="6.4"))


def document_html(content: ReportContent, *, for_pdf: bool) -> str:
    """The report itself, without the site's page around it."""
    context = {
        "r": content,
        "for_pdf": for_pdf,
        "chart_svg": chart_svg(content.chart) if for_pdf else "",
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

    # The PDF is self-contained: no URL may be fetched, from the network or disk.
    fetch_nothing = URLFetcher(allowed_protocols=())
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
