"""Taking the two shots of a session: the live camera where the browser has one
(photo-capture.js), a file input everywhere (no script needed)."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from skingarden.accounts.selectors import request_user, user_today
from skingarden.lib.forms import add_service_errors
from skingarden.photos.forms import UploadForm
from skingarden.photos.links import OwnerLinks
from skingarden.photos.models import SHOTS
from skingarden.photos.selectors.access import photo_site_get
from skingarden.photos.selectors.capture import capture_state
from skingarden.photos.services.ingest import photo_upload
from skingarden.programmes.selectors.access import programme_get_for_user
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force

FIRST_SHOT_SAVED = (
    "Shot 1 is saved. Lower the phone, then line the site up again and take shot 2: "
    "the difference between the two shows how repeatable the photo is."
)
BOTH_SHOTS_SAVED = "Both shots are saved. Mark the regions on each to measure them."


@require_http_methods(["GET", "HEAD", "POST"])
def capture(request: HttpRequest, code: UUID, site: int) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    found = photo_site_get(plan=photo_plan_in_force(programme=programme), number=site)
    today = user_today(user=user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            photo = photo_upload(
                programme=programme,
                site=found,
                upload=form.cleaned_data["photo"],
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if photo.shot < SHOTS:
                messages.success(request, FIRST_SHOT_SAVED)
                return redirect("photos:capture", programme.code, found.number)
            messages.success(request, BOTH_SHOTS_SAVED)
            state = capture_state(programme=programme, site=found, today=today)
            return redirect("photos:photo", state.taken_today[0].code)
    state = capture_state(programme=programme, site=found, today=today)
    context = {"s": state, "p": programme, "form": form, "links": OwnerLinks(programme)}
    return render(
        request, "photos/capture.html", context, status=400 if form.errors else 200
    )
