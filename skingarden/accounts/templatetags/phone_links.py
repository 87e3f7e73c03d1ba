"""``{{ advice|phone_links }}``: emergency numbers in advice as ``tel:`` links."""

from django import template
from django.utils.safestring import SafeString

from skingarden.lib.phone_numbers import link_phone_numbers

register = template.Library()


@register.filter
def phone_links(text: str) -> SafeString:
    return link_phone_numbers(text)
