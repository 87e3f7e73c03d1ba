"""Rating one's photos without dates (issue 13 §7), and the split-body photos. The
``render_*`` functions are shared with a practitioner's pages (sharing), which
check the consent first and pass their own links."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from skingarden.accounts.models import User
from skingarden.accounts.selectors import request_user
from skingarden.lib.forms import add_service_errors
from skingarden.photos.forms import RatingForm
from skingarden.photos.links import OwnerLinks, PhotoLinks
from skingarden.photos.selectors.access import photo_site_get
from skingarden.photos.selectors.blinded import BlindedPhoto, BlindedSite, blinded_site
from skingarden.photos.selectors.rating_result import RatingResult, rating_result
from skingarden.photos.selectors.split import SplitPhotos, split_photos
from skingarden.photos.services.rating import photo_rating_save
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.access import programme_get_for_user
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force

RATING_SAVED = "Rating saved."
NO_SPLIT = "This programme has no split-body pair of sites."


def render_rating_index(
    request: HttpRequest,
    blinded: BlindedSite,
    result: RatingResult | None,
    links: PhotoLinks,
) -> HttpResponse:
    context = {"b": blinded, "p": blinded.programme, "result": result}
    return render(request, "photos/rate_index.html", context | {"links": links})


def render_rating_photo(
    request: HttpRequest,
    blinded: BlindedSite,
    item: BlindedPhoto,
    form: RatingForm,
    links: PhotoLinks,
) -> HttpResponse:
    context = {"b": blinded, "item": item, "form": form, "links": links}
    status = 400 if form.errors else 200
    return render(request, "photos/rate_photo.html", context, status=status)


def save_rating(
    request: HttpRequest,
    *,
    rater: User,
    blinded: BlindedSite,
    item: BlindedPhoto,
    form: RatingForm,
    links: PhotoLinks,
) -> HttpResponseRedirect | None:
    """Save a valid form and go on to the next unrated photo (or the result);
    None, with the errors on the form, when it cannot be saved."""
    if not form.is_valid():
        return None
    try:
        photo_rating_save(rater=rater, photo=item.photo, scores=form.scores())
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, RATING_SAVED)
    following = blinded.next_unrated(after=item)
    if following is None:
        return redirect(links.rate(blinded.site.number))
    return redirect(links.rate_photo(blinded.site.number, following.photo))


def render_split(
    request: HttpRequest, split: SplitPhotos, links: PhotoLinks
) -> HttpResponse:
    context = {"s": split, "p": split.programme, "links": links}
    return render(request, "photos/split.html", context)


def _own(request: HttpRequest, code: UUID, site: int) -> tuple[User, BlindedSite]:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    place = photo_site_get(plan=photo_plan_in_force(programme=programme), number=site)
    return user, blinded_site(programme=programme, site=place, rater=user)


@require_safe
def rate(request: HttpRequest, code: UUID, site: int) -> HttpResponse:
    """Progress, and once every photo is rated, the result."""
    user, blinded = _own(request, code, site)
    result = None
    if blinded.complete:
        result = rating_result(
            programme=blinded.programme, site=blinded.site, rater=user
        )
    return render_rating_index(request, blinded, result, OwnerLinks(blinded.programme))


@require_http_methods(["GET", "HEAD", "POST"])
def rate_photo(
    request: HttpRequest, code: UUID, site: int, photo: UUID
) -> HttpResponse:
    user, blinded = _own(request, code, site)
    item = blinded.item(photo)
    links = OwnerLinks(blinded.programme)
    form = RatingForm(request.POST or None)
    if request.method == "POST":
        done = save_rating(
            request, rater=user, blinded=blinded, item=item, form=form, links=links
        )
        if done is not None:
            return done
    return render_rating_photo(request, blinded, item, form, links)


def split_or_404(programme: Programme) -> SplitPhotos:
    found = split_photos(
        programme=programme, plan=photo_plan_in_force(programme=programme)
    )
    if found is None:
        raise Http404(NO_SPLIT)
    return found


@require_safe
def split(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = programme_get_for_user(user=request_user(request), code=code)
    return render_split(request, split_or_404(programme), OwnerLinks(programme))
