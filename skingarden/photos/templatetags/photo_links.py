"""``{% photo_url links "file" photo "thumbnail" %}``: a link from the page's
``PhotoLinks``; and ``points``, a region's points as an SVG ``points`` value."""

from typing import Any

from django import template

register = template.Library()

LINK_KINDS = frozenset(
    {
        "back",
        "overview",
        "site",
        "capture",
        "compare",
        "photo",
        "file",
        "status",
        "rate",
        "rate_photo",
        "split",
        "side_pair",
    }
)


@register.simple_tag
def photo_url(links: Any, kind: str, *args: Any) -> str:
    if kind not in LINK_KINDS:
        raise template.TemplateSyntaxError(f"No photo link called {kind!r}.")
    url: str = getattr(links, kind)(*args)
    return url


@register.filter
def points(values: Any) -> str:
    return " ".join(f"{float(x):g},{float(y):g}" for x, y in values or ())


@register.filter
def signed(value: float) -> str:
    """A change with its sign and one decimal, e.g. "+1.2" or "−0.4"."""
    return f"{float(value):+.1f}".replace("-", "−")
