"""``{{ consent.access_until|last_day }}``: the last day an access covers, in the
time zone of the page (the signed-in person's)."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from skingarden.sharing.services import access_last_day

register = template.Library()


@register.filter
def last_day(access_until: datetime) -> date:
    return access_last_day(access_until, timezone.get_current_timezone())
