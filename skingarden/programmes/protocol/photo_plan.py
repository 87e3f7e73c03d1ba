"""The photo part of the locked protocol: which body sites are photographed, and
when. Pure, no Django.

The schedule is a rule on the programme's phases, not a list of dates, so that an
extension or a shortened baseline moves the sessions with the phases: the listed
days of the baseline (default 1, 4 and 7; a day past the end of the baseline is
not in it and has no session), then every ``every_kefir_days`` kefir days (7, 14,
21 ... counted from the first kefir day, the ramp included), and the programme's
last day. The default gives each analysed phase at least three sessions: days 1, 4
and 7 of a 7-day baseline, and kefir days 7, 14 and 21 after the 6-day ramp.

With a split-body design the matched pair of sites (the kefir side and the
carrier side of the area, from the drawn allocation) is always on the list, so
both are photographed at each session.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from skingarden.programmes.plan import BASELINE_MAX, INTERVENTION_MAX
from skingarden.programmes.protocol.document import TopicalArm
from skingarden.programmes.protocol.reader import ProtocolError, Reader, join

DEFAULT_BASELINE_DAYS = (1, 4, 7)
DEFAULT_EVERY_KEFIR_DAYS = 7
EVERY_KEFIR_DAYS_MAX = 28
SITES_MAX = 8
# The split-body pair is named "<side> <area>", and an area may be 200 characters.
SITE_NAME_MAX = 210
OTHER_SIDE = {"left": "right", "right": "left"}
ARMS = ("", "kefir", "carrier")  # "" for a site outside a split-body pair

SITE_NUMBERS = "must number the sites 1, 2, 3 ... in order."
SITE_NAMES_REPEATED = "names “{name}” twice."
ARMS_NEED_SPLIT_BODY = (
    "must name a kefir site and a carrier site with a split-body design, and "
    "neither without one."
)
NO_SITE_NAME = "must not be empty."
NOT_AN_ARM = "must be kefir, carrier, or empty for a site outside the pair."


@dataclass(frozen=True)
class PhotoSite:
    number: int  # 1, 2, 3 ... in the order they were chosen; used in addresses
    name: str  # the participant's words, e.g. "left inner elbow"
    arm: str = ""  # "kefir" or "carrier" for the split-body pair

    @classmethod
    def read(cls, r: Reader) -> "PhotoSite":
        name = r.text("name", length=SITE_NAME_MAX)
        if r.ok("name") and not name.strip():
            r.fail_key("name", NO_SITE_NAME)
        arm = r.text("arm", length=10)
        if arm not in ARMS:
            r.fail_key("arm", NOT_AN_ARM)
        return cls(number=r.whole("number", 1, SITES_MAX), name=name, arm=arm)

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "name": self.name, "arm": self.arm}


@dataclass(frozen=True)
class PhotoSchedule:
    baseline_days: tuple[int, ...] = DEFAULT_BASELINE_DAYS
    every_kefir_days: int = DEFAULT_EVERY_KEFIR_DAYS
    last_day: bool = True


DEFAULT_SCHEDULE = PhotoSchedule()


@dataclass(frozen=True)
class PhotoPlan:
    sites: tuple[PhotoSite, ...] = ()
    schedule: PhotoSchedule = field(default=DEFAULT_SCHEDULE)

    def site(self, number: int) -> PhotoSite | None:
        return next((site for site in self.sites if site.number == number), None)

    @classmethod
    def read(cls, r: Reader) -> "PhotoPlan":
        sites = r.objects("sites", PhotoSite.read, most=SITES_MAX)
        if [site.number for site in sites] != list(range(1, len(sites) + 1)):
            r.fail_key("sites", SITE_NUMBERS)
        _check_names(r, sites)
        days = r.wholes("baseline_days", 1, BASELINE_MAX)
        where = join(r.path, "baseline_days")
        if not any(path.startswith(where) for path in r.problems):
            r.unique("baseline_days", tuple(str(day) for day in days))
        return cls(
            sites=sites,
            schedule=PhotoSchedule(
                baseline_days=tuple(sorted(days)),
                every_kefir_days=r.whole(
                    "every_kefir_days", 1, min(EVERY_KEFIR_DAYS_MAX, INTERVENTION_MAX)
                ),
                last_day=r.boolean("last_day"),
            ),
        )

    @classmethod
    def from_json(cls, data: object, *, topical: TopicalArm) -> "PhotoPlan":
        """A plan stored on its own (a photo-plan amendment's), checked as the
        protocol's is; raises ProtocolError."""
        problems: dict[str, str] = {}
        r = Reader(data, "photos", problems)
        plan = cls.read(r)
        plan.check(r, topical)
        r.finish()
        if problems:
            raise ProtocolError(problems)
        return plan

    def check(self, r: Reader, topical: TopicalArm) -> None:
        """The split-body pair is there exactly when the design is split-body."""
        where = join(r.path, "sites")
        if any(path.startswith(where) for path in r.problems):
            return
        arms = sorted(site.arm for site in self.sites if site.arm)
        if arms != (["carrier", "kefir"] if topical.split_body else []):
            r.fail_key("sites", ARMS_NEED_SPLIT_BODY)

    def to_json(self) -> dict[str, Any]:
        return {
            "sites": [site.to_json() for site in self.sites],
            "baseline_days": list(self.schedule.baseline_days),
            "every_kefir_days": self.schedule.every_kefir_days,
            "last_day": self.schedule.last_day,
        }


def _check_names(r: Reader, sites: tuple[PhotoSite, ...]) -> None:
    seen: set[str] = set()
    for site in sites:
        key = site.name.strip().casefold()
        if key in seen:
            r.fail_key("sites", SITE_NAMES_REPEATED.format(name=site.name))
        seen.add(key)


def build_photo_plan(
    *, names: Sequence[str], topical: TopicalArm, schedule: PhotoSchedule
) -> PhotoPlan:
    """The split-body pair first (when there is one), then the chosen sites,
    numbered in that order. Callers check the names first."""
    pair = []
    if topical.split_body:
        side, area = topical.kefir_side, topical.area
        pair = [
            PhotoSite(0, f"{side} {area}".strip(), "kefir"),
            PhotoSite(0, f"{OTHER_SIDE[side]} {area}".strip(), "carrier"),
        ]
    chosen = [PhotoSite(0, name.strip()) for name in names]
    sites = tuple(
        PhotoSite(number, site.name, site.arm)
        for number, site in enumerate([*pair, *chosen], start=1)
    )
    return PhotoPlan(sites=sites, schedule=schedule)
