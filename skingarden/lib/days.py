"""Date helpers with no Django in them, so the pure cores can use them."""

from datetime import date, timedelta


def days_between(first: date, last: date) -> list[date]:
    """Every date from first to last, both included (empty when last < first)."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
