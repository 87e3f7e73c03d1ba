"""The result of blinded ratings (issue 13 §7), for one rater: per sign, the mean
rating by phase with a permutation test (the session is the unit), and the
agreement with each other rater who rated the same photos — the agreement figure
only: another rater's scores never leave this module."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from skingarden.accounts.models import User
from skingarden.photos.metrics.rating import (
    Agreement,
    PhaseComparison,
    PhaseMean,
    SessionRating,
    rater_agreement,
    ratings_by_phase,
)
from skingarden.photos.models import RATED_SIGNS, PhotoRating
from skingarden.programmes.models import Programme
from skingarden.programmes.plan import PhaseKind, PlannedPhase
from skingarden.programmes.protocol import PhotoSite
from skingarden.programmes.selectors.state import planned_phases

# Fixed, so the same ratings always give the same p-value (with few sessions every
# ordering is enumerated and the seed does not matter).
PERMUTATION_SEED = 13
SIGN_LABELS = {
    "redness": "Redness",
    "dryness": "Dryness or scaling",
    "thickening": "Thickening",
}


@dataclass(frozen=True)
class OtherRater:
    label: str  # "the participant", or the practitioner's e-mail address
    agreement: Agreement


@dataclass(frozen=True)
class SignResult:
    sign: str
    label: str
    phases: list[PhaseMean]  # named by the phase's label, in the programme's order
    comparison: PhaseComparison
    agreements: list[OtherRater]


@dataclass(frozen=True)
class RatingResult:
    site: PhotoSite
    photos_rated: int
    signs: list[SignResult]


@dataclass(frozen=True)
class _Row:
    rater_id: int
    label: str
    photo_id: int
    session_id: int
    taken_on: date
    scores: dict[str, int]


def rating_result(
    *, programme: Programme, site: PhotoSite, rater: User
) -> RatingResult:
    """Two queries: every rating of the site's photos, and the phases."""
    rows = _ratings(programme, site)
    phases = planned_phases(list(programme.phases.all()))
    mine = [row for row in rows if row.rater_id == rater.pk]
    others: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:
        if row.rater_id != rater.pk:
            others[row.rater_id].append(row)
    signs = [_sign_result(sign, mine, others, phases) for sign in RATED_SIGNS]
    return RatingResult(site, len(mine), signs)


def _ratings(programme: Programme, site: PhotoSite) -> list[_Row]:
    found = (
        PhotoRating.objects.filter(
            photo__session__programme=programme, photo__session__site=site.number
        )
        .order_by("rater_id", "photo_id")
        .values_list(
            "rater_id",
            "rater__email",
            "role",
            "photo_id",
            "photo__session_id",
            "photo__session__taken_on",
            *RATED_SIGNS,
        )
    )
    return [
        _Row(
            rater_id,
            "the participant" if role == PhotoRating.Role.PARTICIPANT else email,
            photo_id,
            session_id,
            taken_on,
            dict(zip(RATED_SIGNS, scores, strict=True)),
        )
        for rater_id, email, role, photo_id, session_id, taken_on, *scores in found
    ]


def _sign_result(
    sign: str,
    mine: list[_Row],
    others: dict[int, list[_Row]],
    phases: list[PlannedPhase],
) -> SignResult:
    by_session = [
        SessionRating(str(row.session_id), kind.label, float(row.scores[sign]))
        for row in mine
        if (kind := _phase_on(phases, row.taken_on)) is not None
    ]
    # Phases are named by their labels, so the core's "too few" reason reads well.
    comparison = ratings_by_phase(
        by_session,
        seed=PERMUTATION_SEED,
        baseline=PhaseKind.BASELINE.label,
        comparison=PhaseKind.INTERVENTION.label,
    )
    order = [phase.kind.label for phase in phases]
    rows = sorted(comparison.phases, key=lambda p: order.index(p.phase))
    return SignResult(
        sign, SIGN_LABELS[sign], rows, comparison, _agreements(sign, mine, others)
    )


def _agreements(
    sign: str, mine: list[_Row], others: dict[int, list[_Row]]
) -> list[OtherRater]:
    my_scores = {row.photo_id: row.scores[sign] for row in mine}
    found = []
    for theirs in others.values():
        pairs = [
            (my_scores[row.photo_id], row.scores[sign])
            for row in theirs
            if row.photo_id in my_scores
        ]
        if pairs:
            found.append(OtherRater(theirs[0].label, rater_agreement(pairs)))
    return found


def _phase_on(phases: list[PlannedPhase], day: date) -> PhaseKind | None:
    return next((p.kind for p in phases if p.start <= day <= p.end), None)
