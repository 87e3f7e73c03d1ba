"""Render a report: the HTML fragment both outputs share, charts as SVG for print,
and the PDF (WeasyPrint). The page embeds the chart's Vega-Lite spec for the
browser; the PDF gets the same spec drawn to SVG by vl-convert."""

import base64
import copy
import gc
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from skingarden.reports.content import ReportContent
from skingarden.reports.photos.figures import site_figures

PRINT_CHART_WIDTH = 600  # px: fits an A4 page inside its margins
# The daily chart beside the days by phase: the two share the page's width.
PRINT_PAIRED_WIDTH = 400
PRINT_CSS = (
    Path(__file__).resolve().parent.parent / "static" / "css" / "report-print.css"
)


def print_spec(spec: dict[str, Any], width: int = PRINT_CHART_WIDTH) -> dict[str, Any]:
    """The same chart for print: a fixed width (a PDF has no container to fit), no
    grid lines, and a dot only for a day logged between two unlogged ones (the line
    shows every other day). Each SVG element costs WeasyPrint time to draw; this
    keeps the demo's chart to a third of its elements."""
    fixed = copy.deepcopy(spec)
    fixed.pop("autosize", None)
    if fixed.get("width") == "container":
        fixed["width"] = width
    config = fixed.setdefault("config", {})
    config["axis"] = {**config.get("axis", {}), "grid": False}
    config["legend"] = {**config.get("legend", {}), "columnPadding": 24}
    for panel in fixed.get("vconcat", []):
        if panel.get("width") == "container":
            panel["width"] = width
        for layer in panel.get("layer", []):
            series = LINE_DATASETS.get((layer.get("data") or {}).get("name", ""))
            if series is not None and _mark(layer) == "point":
                layer["transform"] = [
                    *layer.get("transform", []),
                    *isolated_days(series),
                ]
    return fixed


def _mark(layer: dict[str, Any]) -> str | None:
    mark = layer.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


# The datasets drawn as a line with dots, and the fields that split each into lines
# ("daily" is filtered to one measure before the dots are chosen).
LINE_DATASETS: dict[str, list[str]] = {
    "daily": [],
    "sites": ["site"],
    "differences": [],
}


def isolated_days(groupby: list[str]) -> list[dict[str, Any]]:
    """Keep the days whose neighbours on both sides are unlogged (rows are one a day
    in each line)."""
    return [
        {
            "window": [
                {"op": "lag", "field": "value", "as": "before"},
                {"op": "lead", "field": "value", "as": "after"},
            ],
            "sort": [{"field": "date"}],
            "groupby": groupby,
        },
        {
            "filter": "datum.value != null && datum.before == null "
            "&& datum.after == null"
        },
    ]


def chart_svg(spec: dict[str, Any], width: int = PRINT_CHART_WIDTH) -> str:
    import vl_convert  # imported here: it is large, and only the worker needs it

    # 6.4: the Vega-Lite the browser gets (static/vendor/vega-lite-6.4.3).
    return str(vl_convert.vegalite_to_svg(print_spec(spec, width), vl_version="6.4"))


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
    right = print_spec(distributions)
    for panel in right.get("vconcat", []):
        panel["layer"] = [
            layer for layer in panel["layer"] if _mark(layer) == "boxplot"
        ]
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


def document_html(content: ReportContent, *, for_pdf: bool) -> str:
    """The report itself, without the site's page around it."""
    context: dict[str, Any] = {
        "r": content,
        "for_pdf": for_pdf,
        "photo_figures": site_figures(
            content.photo_sites, for_pdf=for_pdf, chart_image=chart_image
        ),
    }
    if for_pdf:
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
