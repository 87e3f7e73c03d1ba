"""Where the photo pages' links point. The same templates serve the participant
(their own addresses, below) and a practitioner (sharing's addresses under their
consent, read-only), so the views pass one of these and the templates ask it."""

from typing import Protocol

from django.urls import reverse

from skingarden.photos.models import Photo
from skingarden.programmes.models import Programme

FILE_SIZES = ("original", "display", "thumbnail")


class PhotoLinks(Protocol):
    read_only: bool

    def back(self) -> str: ...

    def overview(self) -> str: ...

    def site(self, number: int) -> str: ...

    def compare(self, number: int) -> str: ...

    def photo(self, photo: Photo) -> str: ...

    def file(self, photo: Photo, size: str) -> str: ...

    def status(self, photo: Photo) -> str: ...

    def rate(self, number: int) -> str: ...

    def rate_photo(self, number: int, photo: Photo) -> str: ...

    def split(self) -> str: ...


class OwnerLinks:
    """The participant's own photo pages."""

    read_only = False

    def __init__(self, programme: Programme) -> None:
        self.code = programme.code

    def back(self) -> str:
        return reverse("programmes:dashboard")

    def overview(self) -> str:
        return reverse("photos:overview", args=[self.code])

    def site(self, number: int) -> str:
        return reverse("photos:site", args=[self.code, number])

    def capture(self, number: int) -> str:
        return reverse("photos:capture", args=[self.code, number])

    def compare(self, number: int) -> str:
        return reverse("photos:compare", args=[self.code, number])

    def photo(self, photo: Photo) -> str:
        return reverse("photos:photo", args=[photo.code])

    def file(self, photo: Photo, size: str) -> str:
        return reverse("photos:file", args=[photo.code, size])

    def status(self, photo: Photo) -> str:
        return reverse("photos:status", args=[photo.code])

    def rate(self, number: int) -> str:
        return reverse("photos:rate", args=[self.code, number])

    def rate_photo(self, number: int, photo: Photo) -> str:
        return reverse("photos:rate_photo", args=[self.code, number, photo.code])

    def split(self) -> str:
        return reverse("photos:split", args=[self.code])
