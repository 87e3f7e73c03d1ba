"""Vega-Lite specs drawn to SVG on the server with vl-convert (issue 14 §5): a page
then shows its charts as soon as a small image arrives, with no chart JavaScript
to download and run on a phone."""

from typing import Any

# The Vega-Lite the browser gets too (static/vendor/vega-lite-6.4.3).
VEGA_LITE_VERSION = "6.4"


def vegalite_svg(spec: dict[str, Any]) -> str:
    """The spec drawn as an SVG document."""
    import vl_convert  # imported here: it is large, and only chart pages need it

    return str(vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION))
