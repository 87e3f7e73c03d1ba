"""Reads for the report. The programme is always one the caller fetched through an
owner-scoped selector; everything here is read from that programme."""

from dataclasses import dataclass, field
from datetime import date

from skingarden.accounts.models import Profile, SafetyScreen
from skingarden.instruments.models import InstrumentResponse
from skingarden.photos.selectors.timeline import SiteTimeline, programme_timelines
from skingarden.programmes.models import CheckIn, Programme, RedFlagEvent
from skingarden.programmes.protocol import PhotoPlan
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force
from skingarden.programmes.selectors.state import ProgrammeState, programme_state
from skingarden.reports.models import Report

# Bump when the report's layout or content changes, so cached reports are rebuilt.
# 2: the primary effect is stored for pooling; 3: the split-body comparison, the
# count of days logged on a pre-filling form, the site ratings in the appendix;
# 4: the answer in words (one sign convention), its picture, the days by phase,
# co-treatments and late entries, what the extension form showed; 5: the photos
# (each site's first and last photo, its redness trend and estimate), photos rated
# blind and the split-body photos, and the page's charts drawn in the worker, with
# no chart script (issue 14).
REPORT_LAYOUT = 5


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report is built from, read in a fixed number of queries."""

    programme: Programme
    as_of: date
    state: ProgrammeState
    checkins: list[CheckIn]
    red_flags: list[RedFlagEvent]
    responses: list[InstrumentResponse]
    screen: SafetyScreen
    birth_year: int | None
    # The photo plan in force (amendments included): its sites and its schedule.
    photo_plan: PhotoPlan
    # Each photographed site's sessions up to the as-of day (docs/photos.md §17).
    photo_sites: list[SiteTimeline] = field(default_factory=list)

    @property
    def interim(self) -> bool:
        return self.programme.is_open


def report_as_of(*, programme: Programme, today: date) -> date:
    """The last day a report covers: today while the programme runs, else its end."""
    if programme.is_open:
        return today
    last = programme.ended_on or programme.end_date or today
    return min(last, programme.end_date or last)


def report_key(*, programme: Programme, as_of: date) -> str:
    return f"{REPORT_LAYOUT}:{programme.revision}:{as_of.isoformat()}"


def report_for_programme(*, programme: Programme) -> Report | None:
    return Report.objects.filter(programme=programme).first()


def report_status(*, programme: Programme) -> Report | None:
    """The report row without its (large) HTML and PDF: for the progress poll."""
    return Report.objects.filter(programme=programme).defer("html", "pdf").first()


def report_inputs(*, programme: Programme, as_of: date) -> ReportInputs:
    state = programme_state(programme=programme, today=as_of)
    checkins = list(
        CheckIn.objects.filter(programme=programme, date__lte=as_of).order_by("date")
    )
    flags = list(programme.red_flags.order_by("reported_on", "id"))
    responses = list(
        InstrumentResponse.objects.filter(programme=programme, date__lte=as_of)
    )
    screen = SafetyScreen.objects.get(pk=programme.safety_screen_id)
    birth_year = (
        Profile.objects.filter(user_id=programme.owner_id)
        .values_list("birth_year", flat=True)
        .first()
    )
    plan = photo_plan_in_force(programme=programme)
    return ReportInputs(
        programme,
        as_of,
        state,
        checkins,
        flags,
        responses,
        screen,
        birth_year,
        plan,
        photo_sites=report_photo_sites(programme=programme, as_of=as_of, plan=plan),
    )


def report_photo_sites(
    *, programme: Programme, as_of: date, plan: PhotoPlan | None = None
) -> list[SiteTimeline]:
    """One query without photo sites, six with any (``programme_timelines``); one
    fewer when given the plan in force."""
    if plan is None:
        plan = photo_plan_in_force(programme=programme)
    if not plan.sites:
        return []
    return programme_timelines(programme=programme, plan=plan, as_of=as_of)
