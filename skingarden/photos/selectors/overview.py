"""The photo sessions due, and the state of every scheduled one (issue 13 §1)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from skingarden.lib.days import days_between
from skingarden.photos.models import SHOTS, PhotoSession
from skingarden.photos.schedule import PhotoSlot, photo_slots
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import PhotoPlan, PhotoSite
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force
from skingarden.programmes.selectors.state import planned_phases


@dataclass(frozen=True)
class SlotState:
    slot: PhotoSlot
    missing: tuple[PhotoSite, ...]  # sites without both shots in the window
    today: date

    @property
    def done(self) -> bool:
        return not self.missing

    @property
    def status(self) -> str:
        if self.done:
            return "done"
        if self.slot.is_open_on(self.today):
            return "due"
        return "missed" if self.slot.closes_on < self.today else "planned"


@dataclass(frozen=True)
class SiteSummary:
    site: PhotoSite
    sessions: int
    last_taken_on: date | None


@dataclass(frozen=True)
class PhotoOverview:
    programme: Programme
    today: date
    plan: PhotoPlan  # in force
    sites: list[SiteSummary]
    slots: list[SlotState]
    sessions_today: dict[int, int]  # site number: shots taken today

    @property
    def has_split_pair(self) -> bool:
        arms = {site.arm for site in self.plan.sites}
        return {"kefir", "carrier"} <= arms

    @property
    def due_now(self) -> SlotState | None:
        return next((s for s in self.slots if s.status == "due"), None)


def photo_overview(*, programme: Programme, today: date) -> PhotoOverview:
    """Three queries: the plan in force, the sessions with their number of shots,
    and the phases."""
    plan = photo_plan_in_force(programme=programme)
    sessions = list(
        PhotoSession.objects.filter(programme=programme)
        .annotate(shots=Count("photos"))
        .values_list("site", "taken_on", "shots")
    )
    phases = planned_phases(list(programme.phases.all())) if plan.sites else []
    complete = {(site, day) for site, day, shots in sessions if shots >= SHOTS}
    slots = [
        SlotState(slot, _missing(plan.sites, slot, complete), today)
        for slot in photo_slots(plan.schedule, phases)
    ]
    sites = [
        SiteSummary(
            site,
            sum(1 for number, _, _ in sessions if number == site.number),
            max(
                (day for number, day, _ in sessions if number == site.number),
                default=None,
            ),
        )
        for site in plan.sites
    ]
    today_shots = {site: shots for site, day, shots in sessions if day == today}
    return PhotoOverview(programme, today, plan, sites, slots, today_shots)


def _missing(
    sites: tuple[PhotoSite, ...], slot: PhotoSlot, complete: set[tuple[int, date]]
) -> tuple[PhotoSite, ...]:
    return tuple(
        site
        for site in sites
        if not any(
            (site.number, day) in complete
            for day in days_between(slot.due_on, slot.closes_on)
        )
    )
