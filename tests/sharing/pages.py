"""Reading pages as a browser would: the links and form actions a page shows, and
the values a form submits when a field is left as it was."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

OUR_HOST = "testserver"


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.post_actions: list[str] = []
        self.get_actions: list[str] = []
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "hx-get" in found:  # htmx fetches it: a link the page follows itself
            self.links.append(found["hx-get"])
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        elif tag == "form":
            post = found.get("method", "get").lower() == "post"
            (self.post_actions if post else self.get_actions).append(
                found.get("action", "")
            )
        elif tag == "input" and "name" in found:
            self._input(found)
        elif tag == "select":
            self._select, self._select_options = found.get("name"), []
        elif tag == "option" and self._select is not None:
            self._select_options.append((found.get("value", ""), "selected" in found))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select_options if selected]
            first = [value for value, _ in self._select_options[:1]]
            self.values.setdefault(self._select, []).extend(chosen or first)
            self._select = None

    def _input(self, found: dict[str, str]) -> None:
        kind = found.get("type", "text")
        if kind in ("radio", "checkbox") and "checked" not in found:
            return
        if kind in ("submit", "button", "file"):
            return
        self.values.setdefault(found["name"], []).append(found.get("value", ""))


def read(html: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(html)
    return reader


def own_path(page_path: str, href: str) -> str | None:
    """The path (and query) a link leads to on our own host, or None if it leaves
    the site or stays on the page (``#…``, ``mailto:``)."""
    target, _ = urldefrag(urljoin(f"http://{OUR_HOST}{page_path}", href))
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or parts.netloc != OUR_HOST:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if not href or href.startswith("#") else path
