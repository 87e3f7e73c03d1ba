"""A site's photos as one rater sees them to rate them blind (issue 13 §7): every
ready photo of the site, in the rater's own fixed random order, each known only by
its random code and its place in that order. Nothing here carries a date, a phase,
a file name or a rating's value to the page: only whether the rater has rated it."""

from dataclasses import dataclass
from uuid import UUID

from django.http import Http404

from skingarden.accounts.models import User
from skingarden.photos.blinding import blinded_key
from skingarden.photos.models import Photo, PhotoRating
from skingarden.photos.selectors.access import NOT_FOUND
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import PhotoSite

# What the blinded page may read of a photo: its session's key (a rating touches
# the programme) but no date, and no file names.
BLIND_FIELDS = ("id", "code", "owner_id", "session_id", "status", "width", "height")


@dataclass(frozen=True)
class BlindedPhoto:
    photo: Photo
    position: int  # 1, 2, 3 ... in the rater's order
    rated: bool


@dataclass(frozen=True)
class BlindedSite:
    programme: Programme
    site: PhotoSite
    items: list[BlindedPhoto]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def rated(self) -> int:
        return sum(item.rated for item in self.items)

    @property
    def complete(self) -> bool:
        return bool(self.items) and self.rated == self.total

    def item(self, code: UUID) -> BlindedPhoto:
        """The photo of this site with ``code``; 404 when it is not one."""
        found = next((i for i in self.items if i.photo.code == code), None)
        if found is None:
            raise Http404(NOT_FOUND)
        return found

    def next_unrated(self, after: BlindedPhoto | None = None) -> BlindedPhoto | None:
        """The first unrated photo after ``after`` (itself counted as rated), else
        the first from the start; None when every photo is rated."""
        pending = [i for i in self.items if not i.rated and i is not after]
        later = [i for i in pending if after is None or i.position > after.position]
        return next(iter(later or pending), None)


def blinded_site(*, programme: Programme, site: PhotoSite, rater: User) -> BlindedSite:
    """Two queries: the site's ready photos, and which of them the rater rated."""
    photos = list(
        Photo.objects.filter(
            session__programme=programme,
            session__site=site.number,
            status=Photo.Status.READY,
        )
        .only(*BLIND_FIELDS)
        .order_by()
    )
    photos.sort(key=lambda photo: blinded_key(rater.pk, photo.code))
    rated = set(
        PhotoRating.objects.filter(rater=rater, photo__in=photos).values_list(
            "photo_id", flat=True
        )
    )
    items = [
        BlindedPhoto(photo, position, photo.pk in rated)
        for position, photo in enumerate(photos, start=1)
    ]
    return BlindedSite(programme, site, items)
