"""The report's section on photos rated blind and the split-body photos (issue 13
§7-8): per site, the participant's own blinded ratings by phase with the
permutation test, and their agreement with each practitioner who rated the same
photos (the figure only: a practitioner's scores stay theirs); with the split-body
design, each day's Δa* of both sides and their difference against the smallest
detectable change, and the practitioners' side-by-side judgements counted with the
sign test. Its own reads, through the photos app's selectors (a fixed number of
queries per site)."""

from dataclasses import dataclass

from skingarden.photos.metrics.sides import SignTest
from skingarden.photos.selectors.rating_result import RatingResult, rating_result
from skingarden.photos.selectors.split import SplitPhotos, side_results, split_photos
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import PhotoPlan
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force


@dataclass(frozen=True)
class SideJudgements:
    rater: str  # the practitioner's e-mail address
    result: SignTest


@dataclass(frozen=True)
class PhotoRatingsSection:
    ratings: list[RatingResult]  # sites the participant rated, in the plan's order
    split: SplitPhotos | None  # None without a split-body pair of sites
    judgements: list[SideJudgements]

    @property
    def blinded(self) -> bool:
        """Whether any outcome here was assessed blind (for CENT item 11a)."""
        return bool(self.ratings or self.judgements)


def photo_ratings_section(
    *, programme: Programme, plan: PhotoPlan | None = None
) -> PhotoRatingsSection | None:
    """None when the programme has nothing to show here: no site rated and no
    split-body photos. ``plan`` is the plan in force, read here when not given."""
    if plan is None:
        plan = photo_plan_in_force(programme=programme)
    owner = programme.owner
    ratings = [
        result
        for site in plan.sites
        if (
            result := rating_result(programme=programme, site=site, rater=owner)
        ).photos_rated
    ]
    split = split_photos(programme=programme, plan=plan)
    if split is not None and not split.days:
        split = None
    judgements = []
    if split is not None:
        judgements = [
            SideJudgements(rater, result) for rater, result in side_results(split=split)
        ]
    if not ratings and split is None:
        return None
    return PhotoRatingsSection(ratings, split, judgements)
