"""Rescoring stored questionnaire answers, with the programmes whose pages show
them made stale.

Scores live in ``instruments``, a floor below ``programmes``, so the rescore there
cannot reach the revision that keys cached pages. This is the one entry point that
does both, in one transaction; the command line calls it.
"""

from django.db import transaction

from skingarden.instruments.services import Rescored, responses_rescore
from skingarden.programmes.services.freshness import programmes_touch


@transaction.atomic
def responses_rescore_and_touch(*, dry_run: bool) -> tuple[int, list[Rescored]]:
    """``responses_rescore``, then retire the cached pages of every programme with a
    changed score (nothing is written with ``dry_run``)."""
    checked, changed = responses_rescore(dry_run=dry_run)
    if not dry_run:
        programmes_touch({item.programme_id for item in changed if item.programme_id})
    return checked, changed
