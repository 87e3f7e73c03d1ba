"""A practitioner rates a consenting client's photos blind, as the participant
does (issue 13 §7), and judges each day's split-body pair side by side with the
sides placed at random and unnamed. Under a current consent only (404 otherwise,
nothing recorded); every page is an audit event listing the photos it showed, and
every rating saved is one too."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from skingarden.accounts.models import User
from skingarden.photos.forms import RatingForm, SidesForm
from skingarden.photos.models import Photo
from skingarden.photos.selectors.access import photo_site_get
from skingarden.photos.selectors.blinded import BlindedSite, blinded_site
from skingarden.photos.selectors.rating_result import rating_result
from skingarden.photos.selectors.split import SideJudging, side_judging
from skingarden.photos.services.rating import side_preference_save
from skingarden.photos.views.rating import (
    render_rating_index,
    render_rating_photo,
    save_rating,
    split_or_404,
)
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force
from skingarden.sharing import services
from skingarden.sharing.models import AccessEvent, Consent
from skingarden.sharing.views.photos import ClientLinks, audit_page, shared


def _blinded(
    request: HttpRequest, consent: UUID, code: UUID, site: int
) -> tuple[User, Consent, Programme, BlindedSite]:
    user, found, programme = shared(request, consent, code)
    place = photo_site_get(plan=photo_plan_in_force(programme=programme), number=site)
    blinded = blinded_site(programme=programme, site=place, rater=user)
    return user, found, programme, blinded


def _audit_rating(
    user: User, consent: Consent, programme: Programme, what: str, photos: list[Photo]
) -> None:
    services.access_record(
        consent=consent,
        practitioner=user,
        action=AccessEvent.Action.RATING,
        now=timezone.now(),
        programme=programme,
        detail=what,
        photos=[str(photo.code) for photo in photos],
    )


@require_safe
def rate(request: HttpRequest, consent: UUID, code: UUID, site: int) -> HttpResponse:
    user, found, programme, blinded = _blinded(request, consent, code, site)
    result = None
    if blinded.complete:
        result = rating_result(programme=programme, site=blinded.site, rater=user)
    links = ClientLinks(found, programme)
    response = render_rating_index(request, blinded, result, links)
    audit_page(user, found, programme, "blinded rating, progress", [])
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def rate_photo(
    request: HttpRequest, consent: UUID, code: UUID, site: int, photo: UUID
) -> HttpResponse:
    user, found, programme, blinded = _blinded(request, consent, code, site)
    item = blinded.item(photo)
    links = ClientLinks(found, programme)
    form = RatingForm(request.POST or None)
    if request.method == "POST":
        done = save_rating(
            request, rater=user, blinded=blinded, item=item, form=form, links=links
        )
        if done is not None:
            _audit_rating(user, found, programme, "blinded photo rating", [item.photo])
            return done
    response = render_rating_photo(request, blinded, item, form, links)
    audit_page(user, found, programme, "blinded rating", [item.photo])
    return response


def _judging(
    request: HttpRequest, consent: UUID, code: UUID
) -> tuple[User, Consent, Programme, SideJudging]:
    user, found, programme = shared(request, consent, code)
    judging = side_judging(split=split_or_404(programme), rater=user)
    return user, found, programme, judging


@require_safe
def sides(request: HttpRequest, consent: UUID, code: UUID) -> HttpResponse:
    """Progress of the side-by-side judging; once every pair is judged, the result
    and the table naming the sides (hidden until then, so it cannot sway a
    judgement)."""
    user, found, programme, judging = _judging(request, consent, code)
    links = ClientLinks(found, programme)
    context = {"j": judging, "s": judging.split, "p": programme, "links": links}
    response = render(request, "sharing/photo_sides.html", context)
    shown = [] if not judging.complete else _table_photos(judging)
    audit_page(user, found, programme, "split-body photos", shown)
    return response


def _table_photos(judging: SideJudging) -> list[Photo]:
    return [photo for pair in judging.pairs for photo in (pair.first, pair.second)]


@require_http_methods(["GET", "HEAD", "POST"])
def side_pair(
    request: HttpRequest, consent: UUID, code: UUID, pair: UUID
) -> HttpResponse:
    user, found, programme, judging = _judging(request, consent, code)
    shown = judging.pair(pair)
    links = ClientLinks(found, programme)
    form = SidesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        side_preference_save(
            rater=user,
            kefir_session=shown.day.kefir.session,
            carrier_session=shown.day.carrier.session,
            choice=form.cleaned_data["better"],
        )
        _audit_rating(
            user, found, programme, "split-body judgement", [shown.first, shown.second]
        )
        following = next(
            (p for p in judging.pairs if not p.judged and p is not shown), None
        )
        return redirect(links.side_pair(following.code) if following else links.split())
    context = {"j": judging, "pair": shown, "form": form, "p": programme}
    status = 400 if form.errors else 200
    response = render(
        request,
        "sharing/photo_side_pair.html",
        context | {"links": links},
        status=status,
    )
    audit_page(user, found, programme, "split-body pair", [shown.first, shown.second])
    return response
