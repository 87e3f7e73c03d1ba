"""Emergency and helpline numbers in advice text as ``tel:`` links, so that a
person on a phone can call with one tap (issue 14 §4)."""

import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# The numbers our advice names (programmes/catalogue.py, the safety page):
# emergencies in the UK, the EU and the US, NHS 111, Samaritans, the US 988 line.
# A digit on either side means another number, which is left alone.
CALLABLE = re.compile(r"(?<!\d)(999|112|911|988|116 123|NHS 111)(?!\d)")


def link_phone_numbers(text: str) -> SafeString:
    """The text, HTML-escaped, with each number we know as a ``tel:`` link."""
    parts = CALLABLE.split(str(text))
    pieces: list[str] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pieces.append(part)  # plain text: escaped by format_html_join below
        else:
            digits = re.sub(r"\D", "", part)
            pieces.append(format_html('<a href="tel:{}">{}</a>', digits, part))
    return format_html_join("", "{}", ((piece,) for piece in pieces))
