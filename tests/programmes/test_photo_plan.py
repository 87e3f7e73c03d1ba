"""The photo plan is part of the locked protocol (issue 13 §1): the body sites the
participant chose at set-up, the split-body pair from the drawn allocation, and the
schedule (default days 1, 4 and 7 of the baseline, every 7 kefir days, the last
day), parsed strictly like every other field."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import (
    DEFAULT_SCHEDULE,
    LockedProtocol,
    PhotoSchedule,
    ScreenRecord,
    TopicalArm,
    build_protocol,
)
from skingarden.programmes.protocol.photo_plan import (
    ARMS_NEED_SPLIT_BODY,
    NOT_AN_ARM,
    SITE_NAMES_REPEATED,
    SITE_NUMBERS,
)
from skingarden.programmes.services import programmes as services
from skingarden.test import make_participant
from tests.programmes.patch_test_helpers import pass_patch_test
from tests.programmes.test_protocol import DEMO, changed, problems
from tests.programmes.test_topical_phases import SPLIT_BODY, enabled_arm

SCREEN = ScreenRecord("abc", "clear", date(2026, 1, 1), (), "")


def site(number: int, name: str, arm: str = "") -> dict[str, Any]:
    return {"number": number, "name": name, "arm": arm}


def plan(*sites: dict[str, Any], **schedule: Any) -> dict[str, Any]:
    photos: dict[str, Any] = DEMO["photos"]  # type: ignore[assignment]  # a dict in DEMO
    return {**photos, "sites": list(sites), **schedule}


class PhotoPlanProtocolTests(SimpleTestCase):
    def build(self, topical: TopicalArm, names=(), schedule=DEFAULT_SCHEDULE):
        return build_protocol(
            conditions=["eczema"],
            primary="worst_itch",
            threshold=3.0,
            baseline_days=7,
            onset_lag=6,
            follow_up_days=0,
            topical=topical,
            screen=SCREEN,
            photo_sites=names,
            photo_schedule=schedule,
        )

    def test_the_split_body_pair_comes_first_from_the_drawn_side(self):
        arm = TopicalArm(True, "split_body", "right", "petrolatum", 1, 4, "forearm")
        built = self.build(arm, names=[" Face "], schedule=PhotoSchedule((2, 5), 10))
        self.assertEqual(
            built.to_json()["photos"],
            {
                "sites": [
                    site(1, "right forearm", "kefir"),
                    site(2, "left forearm", "carrier"),
                    site(3, "Face"),
                ],
                "baseline_days": [2, 5],
                "every_kefir_days": 10,
                "last_day": True,
            },
        )

    def test_without_a_topical_arm_only_the_chosen_sites_with_the_default_plan(self):
        built = self.build(TopicalArm(enabled=False), names=["Neck"])
        photos = built.to_json()["photos"]
        self.assertEqual(photos["sites"], [site(1, "Neck")])
        self.assertEqual(
            (photos["baseline_days"], photos["every_kefir_days"], photos["last_day"]),
            ([1, 4, 7], 7, True),
        )

    def test_each_bad_plan_is_refused_by_its_path(self):
        cases = {
            "numbers": (
                plan(site(2, "Neck")),
                {"photos.sites": SITE_NUMBERS},
            ),
            "names": (
                plan(site(1, "Neck"), site(2, " neck")),
                {"photos.sites": SITE_NAMES_REPEATED.format(name=" neck")},
            ),
            "empty name": (
                plan(site(1, "  ")),
                {"photos.sites[0].name": "must not be empty."},
            ),
            "arm": (
                plan(site(1, "Neck", "kefir"), site(2, "Face", "carrier")),
                {"photos.sites": ARMS_NEED_SPLIT_BODY},
            ),
            "unknown arm": (
                plan(site(1, "Neck", "both")),
                {"photos.sites[0].arm": NOT_AN_ARM},
            ),
            "day": (
                plan(baseline_days=[1, 15]),
                {"photos.baseline_days[1]": "must be a whole number from 1 to 14."},
            ),
            "twice": (
                plan(baseline_days=[4, 4]),
                {"photos.baseline_days": "lists “4” twice."},
            ),
            "every": (
                plan(every_kefir_days=0),
                {"photos.every_kefir_days": "must be a whole number from 1 to 28."},
            ),
            "last": (
                plan(last_day="yes"),
                {"photos.last_day": "must be true or false."},
            ),
        }
        for name, (photos, expected) in cases.items():
            with self.subTest(name):
                self.assertEqual(problems(changed("photos", photos)), expected)
        self.assertEqual(
            problems({key: value for key, value in DEMO.items() if key != "photos"}),
            {"photos": "is missing."},
        )

    def test_a_split_body_design_needs_its_pair(self):
        data = changed("topical", enabled_arm())
        self.assertEqual(problems(data), {"photos.sites": ARMS_NEED_SPLIT_BODY})
        data["photos"] = plan(
            site(1, "left arms", "kefir"), site(2, "right arms", "carrier")
        )
        pair = LockedProtocol.from_json(data).photos
        self.assertEqual([s.arm for s in pair.sites], ["kefir", "carrier"])
        self.assertEqual((pair.site(2), pair.site(3)), (pair.sites[1], None))


class PhotoPlanCreateTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.today = user_today(user=self.user)

    def create(self, **overrides: Any) -> Programme:
        values: dict[str, Any] = {
            "start_date": self.today,
            "baseline_days": 7,
            "primary": "worst_itch",
            "threshold": 3.0,
            "onset_lag": 6,
            "follow_up": False,
            **overrides,
        }
        return services.programme_create(
            user=self.user,
            choices=services.ProgrammeChoices(**values),
            today=self.today,
            side_drawer=lambda: "left",
        )

    def test_a_split_body_programme_photographs_its_pair_and_the_chosen_sites(self):
        pass_patch_test(self.user, start=self.today - timedelta(days=7))
        programme = self.create(topical=SPLIT_BODY, photo_sites=("Face",))
        programme.refresh_from_db()
        self.assertEqual(
            [(s.number, s.name, s.arm) for s in programme.protocol.photos.sites],
            [
                (1, "left inner elbows", "kefir"),
                (2, "right inner elbows", "carrier"),
                (3, "Face", ""),
            ],
        )

    def test_bad_sites_and_schedules_are_refused_and_nothing_is_created(self):
        pass_patch_test(self.user, start=self.today - timedelta(days=7))
        cases: dict[str, tuple[dict[str, Any], dict[str, list[str]]]] = {
            "twice": (
                {"photo_sites": ("Neck", "neck")},
                {"photo_sites": [services.PHOTO_SITE_NAME]},
            ),
            "blank": (
                {"photo_sites": (" ",)},
                {"photo_sites": [services.PHOTO_SITE_NAME]},
            ),
            "pair": (
                {"topical": SPLIT_BODY, "photo_sites": ("Left inner elbows",)},
                {
                    "photo_sites": [
                        services.PHOTO_SITE_TWICE.format(name="Left inner elbows")
                    ]
                },
            ),
            "too many": (
                {"photo_sites": tuple(f"Site {n}" for n in range(9))},
                {"photo_sites": [services.PHOTO_SITES_TOO_MANY]},
            ),
            "days": (
                {"photo_schedule": PhotoSchedule((0, 4))},
                {"photo_baseline_days": [services.PHOTO_BASELINE_DAYS]},
            ),
            "every": (
                {"photo_schedule": PhotoSchedule((1,), 29)},
                {"photo_every_kefir_days": [services.PHOTO_EVERY]},
            ),
        }
        for name, (overrides, expected) in cases.items():
            with self.subTest(name), self.assertRaises(ValidationError) as caught:
                self.create(**overrides)
            self.assertEqual(caught.exception.message_dict, expected)
        self.assertFalse(Programme.objects.exists())


class PhotoSetupViewTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.today = user_today(user=self.user)
        self.client.force_login(self.user)

    def post(self, **fields: str | list[str]):
        data = {
            "start_date": self.today.isoformat(),
            "baseline_days": "7",
            "primary": "worst_itch",
            "threshold": "3",
            "onset_lag": "6",
            "photo_baseline_days": "1, 4, 7",
            "photo_every_kefir_days": "7",
            "photo_last_day": "on",
            **fields,
        }
        return self.client.post(reverse("programmes:new"), data)

    def test_the_form_offers_the_sites_and_the_default_schedule(self):
        response = self.client.get(reverse("programmes:new"))
        self.assertContains(response, 'value="Left inner elbow"')
        self.assertContains(response, 'name="photo_baseline_days" value="1, 4, 7"')

    def test_the_chosen_sites_and_schedule_are_locked(self):
        response = self.post(
            photo_sites=["Neck", "Left wrist"],
            photo_site_own="Left cheek",
            photo_baseline_days="2,6",
            photo_every_kefir_days="5",
            photo_last_day="",
        )
        photos = Programme.objects.get(owner=self.user).protocol.to_json()["photos"]
        self.assertEqual(
            photos,
            {
                "sites": [
                    site(1, "Neck"),
                    site(2, "Left wrist"),
                    site(3, "Left cheek"),
                ],
                "baseline_days": [2, 6],
                "every_kefir_days": 5,
                "last_day": False,
            },
        )
        detail = self.client.get(response["Location"])
        self.assertContains(
            detail,
            "<dt>Photos</dt><dd>Neck; Left wrist; Left cheek: two shots each on "
            "baseline days 2, 6, every 5 kefir days</dd>",
            html=False,
        )

    def test_a_bad_schedule_is_shown_and_nothing_is_created(self):
        for fields in (
            {"photo_baseline_days": "1, four"},
            {"photo_baseline_days": "1, 4, 4"},
            {"photo_every_kefir_days": "0"},
        ):
            with self.subTest(fields):
                response = self.post(**fields)
                self.assertEqual(response.status_code, 200)
        self.assertContains(
            self.post(photo_baseline_days="1, four"), services.PHOTO_BASELINE_DAYS
        )
        self.assertFalse(Programme.objects.exists())
