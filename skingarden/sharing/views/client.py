"""A consenting client's programme, seen by their practitioner: the same dashboard
and report the participant sees, read-only, each visit audited; plus the
practitioner's own clinician ratings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.instruments import definitions
from skingarden.instruments.forms import form_for
from skingarden.lib.forms import add_service_errors
from skingarden.portability import exports
from skingarden.portability.views import download_response
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.charts import (
    CHART_WIDTHS,
    programme_chart_spec,
    programme_chart_svg,
    programme_chart_text,
)
from skingarden.programmes.selectors.state import programme_state
from skingarden.programmes.views.dashboard import chart_context, chart_svg_response
from skingarden.reports import services as report_services
from skingarden.reports.views import pdf_response, progress_response, report_context
from skingarden.sharing import selectors, services
from skingarden.sharing.forms import ExamDateForm
from skingarden.sharing.models import AccessEvent, Consent
from skingarden.sharing.views.practitioner import practitioner_user


def _shared(
    request: HttpRequest, consent: str, code: str
) -> tuple[User, Consent, Programme]:
    user = practitioner_user(request)
    found, programme = selectors.shared_programme_get(
        practitioner=user, consent_code=consent, code=code, now=timezone.now()
    )
    return user, found, programme


def _audit(
    user: User, consent: Consent, programme: Programme, action: str, detail: str = ""
) -> None:
    services.access_record(
        consent=consent,
        practitioner=user,
        action=action,
        now=timezone.now(),
        programme=programme,
        detail=detail,
    )


def _links(consent: Consent, programme: Programme) -> dict[str, str]:
    args = [consent.code, programme.code]
    return {
        "back": reverse("sharing:client_dashboard", args=args),
        "back_label": "Back to the client's dashboard",
        "pdf": reverse("sharing:client_report_pdf", args=args),
        "progress": reverse("sharing:client_report_progress", args=args),
        "retry": "",
    }


@require_safe
def dashboard(request: HttpRequest, consent: str, code: str) -> HttpResponse:
    user, found, programme = _shared(request, consent, code)
    today = user_today(user=programme.owner)
    state = programme_state(programme=programme, today=today)
    args = [found.code, programme.code]
    context = {
        "state": state,
        "p": programme,
        "today": today,
        "read_only": True,
        "client_label": found.participant.email,
        "chart": chart_context(
            "sharing:client_chart_image",
            args,
            programme_chart_text(
                programme=programme, phases=state.timeline.phases, today=today
            ),
            reverse("sharing:client_report", args=args) + "#appendix",
        ),
        "report_url": reverse("sharing:client_report", args=args),
        "photos_url": reverse("sharing:client_photos", args=args),
        "consent": found,
    }
    _audit(user, found, programme, AccessEvent.Action.DASHBOARD)
    return render(request, "programmes/dashboard.html", context)


@require_safe
def chart(request: HttpRequest, consent: str, code: str) -> JsonResponse:
    user, found, programme = _shared(request, consent, code)
    spec = programme_chart_spec(
        programme=programme, today=user_today(user=programme.owner)
    )
    _audit(user, found, programme, AccessEvent.Action.CHART)
    return JsonResponse(spec)


@require_safe
def chart_image(
    request: HttpRequest, consent: str, code: str, layout: str
) -> HttpResponse:
    if layout not in CHART_WIDTHS:
        raise Http404
    user, found, programme = _shared(request, consent, code)
    today = user_today(user=programme.owner)
    svg = programme_chart_svg(programme=programme, today=today, layout=layout)
    _audit(user, found, programme, AccessEvent.Action.CHART)
    return chart_svg_response(svg)


@require_safe
def report(request: HttpRequest, consent: str, code: str) -> HttpResponse:
    """The participant's report; if it is missing or out of date it is built, as it
    would be for the participant (a report is derived, not new data)."""
    user, found, programme = _shared(request, consent, code)
    current = report_services.report_request(
        programme=programme, today=user_today(user=programme.owner)
    )
    if current.is_ready:
        _audit(user, found, programme, AccessEvent.Action.REPORT)
    context = report_context(programme, current, _links(found, programme))
    return render(request, "reports/report.html", context)


@require_safe
def report_progress(request: HttpRequest, consent: str, code: str) -> HttpResponse:
    """Only the build's progress: no data, so no audit row per poll."""
    _, found, programme = _shared(request, consent, code)
    return progress_response(request, programme, _links(found, programme))


@require_safe
def report_pdf(request: HttpRequest, consent: str, code: str) -> HttpResponse:
    user, found, programme = _shared(request, consent, code)
    response = pdf_response(programme)
    if response is None:
        return redirect("sharing:client_report", found.code, programme.code)
    _audit(user, found, programme, AccessEvent.Action.REPORT_PDF)
    return response


@require_safe
def export(request: HttpRequest, consent: str, code: str, fmt: str) -> HttpResponse:
    """The consented programme's data only (no other programme, nothing imported)."""
    if not exports.is_format(fmt):
        raise Http404("No such format.")
    user, found, programme = _shared(request, consent, code)
    try:
        exported = exports.export_file(
            owner=programme.owner, fmt=fmt, programmes=[programme]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sharing:client", found.code)
    _audit(user, found, programme, AccessEvent.Action.EXPORT, detail=fmt)
    return download_response(exported)


def _show_rating_errors(
    exam_date: ExamDateForm, form: Any, error: ValidationError
) -> None:
    """A service error about the day goes beside the date; the rest on the form."""
    about_day = hasattr(error, "error_dict") and bool(
        {"rated_on", "date"} & set(error.error_dict)
    )
    add_service_errors(exam_date if about_day else form, error)


@require_http_methods(["GET", "HEAD", "POST"])
def rating(
    request: HttpRequest, consent: str, code: str, instrument: str
) -> HttpResponse:
    """EASI or SCORAD entered by the practitioner: stored in the participant's
    record as a clinician rating, with the practitioner as its rater."""
    if instrument not in services.CLINICIAN_INSTRUMENTS:
        raise Http404("Not a clinician form.")
    user, found, programme = _shared(request, consent, code)
    today = user_today(user=programme.owner)
    definition = definitions.load(instrument)
    data = request.POST or None
    exam_date = ExamDateForm(data, initial={"rated_on": today})
    form = form_for(definition, data)
    if request.method == "POST" and all([exam_date.is_valid(), form.is_valid()]):
        try:
            response = services.clinician_rating_save(
                consent=found,
                programme=programme,
                practitioner=user,
                instrument_id=instrument,
                answers=form.answers(),
                rated_on=exam_date.cleaned_data["rated_on"],
                today=today,
                now=timezone.now(),
            )
        except ValidationError as error:
            _show_rating_errors(exam_date, form, error)
        else:
            total = "unscored" if response.total is None else f"{response.total:g}"
            messages.success(request, f"{definition.short_title} saved: {total}.")
            return redirect("sharing:client_dashboard", found.code, programme.code)
    else:
        _audit(user, found, programme, AccessEvent.Action.RATING_FORM, instrument)
    context = {
        "p": programme,
        "consent": found,
        "form": form,
        "exam_date": exam_date,
        "definition": definition,
        "form_template": f"instruments/forms/{definition.scoring['rule']}.html",
    }
    status = 400 if form.is_bound else 200
    return render(request, "sharing/rating.html", context, status=status)
