"""The order a rater sees a site's photos in, and where each side of a split-body
pair is placed: random-looking but fixed per rater, so a reload does not reshuffle
a rating half done, and different raters see different orders.

A SHA-256 of the rater and the photo's (or session's) random code does both with no
state to store: a photo added later falls into a random place without moving the
others relative to each other.
"""

import hashlib
from uuid import UUID


def blinded_key(rater_id: int, code: UUID) -> str:
    """Sort key of one photo in one rater's blinded order."""
    return hashlib.sha256(f"photo:{rater_id}:{code}".encode()).hexdigest()


def kefir_shown_first(rater_id: int, kefir_session: UUID) -> bool:
    """Whether this rater sees the kefir side of this day's pair first (on the
    left, or above on a narrow screen)."""
    digest = hashlib.sha256(f"sides:{rater_id}:{kefir_session}".encode()).digest()
    return digest[0] % 2 == 0
