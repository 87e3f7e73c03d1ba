"""A change of the photo plan after the start is an amendment, never an edit of the
locked protocol (issue 13 §1): sites can be added and the schedule changed; the
plan in force is the latest amendment's."""

from typing import Any

from django.core.exceptions import ValidationError
from django.test import TestCase

from skingarden.programmes.models import Amendment, Programme
from skingarden.programmes.protocol import DEFAULT_SCHEDULE, PhotoSchedule
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force
from skingarden.programmes.services import amendments
from skingarden.programmes.services import photo_plan as services
from skingarden.programmes.services import programmes as programme_services
from tests.photos.records import photo_participant


class PhotoPlanAmendmentTests(TestCase):
    def setUp(self):
        self.user, self.programme = photo_participant("p@example.org")
        self.today = self.programme.start_date

    def change(self, **overrides):
        values = {
            "new_sites": ["Left cheek"],
            "schedule": PhotoSchedule((1, 7), 14, False),
            "why": "The cheek flared up",
            **overrides,
        }
        return services.programme_change_photo_plan(
            programme=self.programme, today=self.today, **values
        )

    def test_a_change_is_an_amendment_and_the_protocol_stays_locked(self):
        stored = Programme.objects.get(pk=self.programme.pk)
        locked, revision = stored.protocol.to_json(), stored.revision
        amendment = self.change()
        self.assertEqual(
            (amendment.kind, amendment.effective_on, amendment.why),
            ("photo_plan", self.today, "The cheek flared up"),
        )
        self.assertEqual(
            amendment.what,
            "Photo plan changed: sites added: Left cheek; schedule now baseline days "
            "1, 7, every 14 kefir days.",
        )
        programme = Programme.objects.get(pk=self.programme.pk)
        self.assertEqual(programme.protocol.to_json(), locked)
        self.assertGreater(programme.revision, revision)
        plan = photo_plan_in_force(programme=programme)
        self.assertEqual(
            [(site.number, site.name) for site in plan.sites],
            [(1, "Left inner elbow"), (2, "Neck"), (3, "Left cheek")],
        )
        self.assertEqual(plan.schedule, PhotoSchedule((1, 7), 14, False))

    def test_the_latest_change_is_in_force(self):
        self.change()
        self.change(new_sites=[], schedule=DEFAULT_SCHEDULE, why="Back to weekly")
        plan = photo_plan_in_force(programme=self.programme)
        self.assertEqual((len(plan.sites), plan.schedule), (3, DEFAULT_SCHEDULE))

    def test_refusals_write_nothing(self):
        cases: dict[str, tuple[dict[str, Any], object]] = {
            "no reason": ({"why": " "}, {"why": [amendments.REASON_REQUIRED]}),
            "same name": (
                {"new_sites": ["neck"]},
                {
                    "photo_sites": [
                        programme_services.PHOTO_SITE_TWICE.format(name="neck")
                    ]
                },
            ),
            "no change": (
                {"new_sites": [], "schedule": DEFAULT_SCHEDULE},
                [services.NOTHING_CHANGED],
            ),
            "bad step": (
                {"schedule": PhotoSchedule((1,), 0)},
                {"photo_every_kefir_days": [programme_services.PHOTO_EVERY]},
            ),
        }
        for name, (overrides, expected) in cases.items():
            with self.subTest(name), self.assertRaises(ValidationError) as caught:
                self.change(**overrides)
            error = caught.exception
            found = (
                error.message_dict if hasattr(error, "error_dict") else error.messages
            )
            self.assertEqual(found, expected)
        self.assertFalse(Amendment.objects.filter(kind="photo_plan").exists())

    def test_an_ended_programme_cannot_be_changed(self):
        amendments.programme_abandon(
            programme=self.programme, why="Moved", today=self.today
        )
        with self.assertRaisesMessage(ValidationError, "This programme has ended"):
            self.change()
        self.assertFalse(Amendment.objects.filter(kind="photo_plan").exists())
