"""The daily log asks about topical use only in the phases in which the locked
protocol applies the mixture (issue 10 §2): by default the ramp, the kefir phase and
any extension, not the baseline or the follow-up."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import CheckIn
from skingarden.programmes.protocol import TopicalArm
from skingarden.programmes.protocol.document import NO_TOPICAL_PHASES
from skingarden.programmes.selectors.checkins import topical_applies_on
from skingarden.programmes.services import checkins as services
from skingarden.programmes.services.amendments import programme_extend
from skingarden.programmes.services.programmes import TopicalChoice
from skingarden.test import checkin_values, make_participant, make_programme
from tests.programmes.patch_test_helpers import pass_patch_test
from tests.programmes.test_checkin_views import post_data
from tests.programmes.test_protocol import changed, problems

SPLIT_BODY = TopicalChoice(
    design="split_body",
    carrier="petrolatum",
    kefir_parts=1,
    carrier_parts=4,
    area="inner elbows",
)
TOPICAL_FIELD = 'name="topical_applied"'
SITES = {"site_kefir": "4", "site_carrier": "5"}  # asked every day with two sites


def enabled_arm(**changes) -> dict[str, Any]:
    arm = TopicalArm(True, "split_body", "left", "petrolatum", 1, 4, "arms", "t")
    return {**arm.to_json(), **changes}


class TopicalPhasesProtocolTests(SimpleTestCase):
    def test_an_enabled_arm_stores_its_phases_and_a_disabled_one_does_not(self):
        self.assertEqual(enabled_arm()["phases"], ["ramp", "intervention", "extension"])
        self.assertNotIn("phases", TopicalArm(enabled=False).to_json())

    def test_each_kind_of_bad_phase_list_is_refused_by_its_path(self):
        cases = {
            "baseline": (
                ["baseline", "ramp"],
                "topical.phases[0]",
                "must be one of: ramp, intervention, extension.",
            ),
            "follow-up": (
                ["follow_up"],
                "topical.phases[0]",
                "must be one of: ramp, intervention, extension.",
            ),
            "empty": ([], "topical.phases", NO_TOPICAL_PHASES),
            "twice": (["ramp", "ramp"], "topical.phases", "lists “ramp” twice."),
            "not a list": ("ramp", "topical.phases", "must be a list."),
        }
        for name, (phases, path, message) in cases.items():
            with self.subTest(name):
                found = problems(changed("topical", enabled_arm(phases=phases)))
                self.assertEqual(found, {path: message})
        missing = enabled_arm()
        del missing["phases"]
        self.assertEqual(
            problems(changed("topical", missing)), {"topical.phases": "is missing."}
        )

    def test_the_arm_applies_only_in_its_phases(self):
        arm = TopicalArm(True, "single_area", "", "petrolatum", 1, 4, "arms", "t")
        self.assertEqual(
            [arm.applies_in(kind) for kind in ("baseline", "ramp", "follow_up")],
            [False, True, False],
        )
        self.assertFalse(TopicalArm(enabled=False).applies_in("ramp"))


class TopicalPhaseTestCase(TestCase):
    """A split-body programme on its third ramp day: 7 baseline days from 9 days
    ago, then the ramp, after a patch test passed in real time before it."""

    def setUp(self):
        self.user = make_participant("p@example.org")
        self.stranger = make_participant("s@example.org")
        self.today = user_today(user=self.user)
        start = self.today - timedelta(days=9)
        pass_patch_test(self.user, start=start - timedelta(days=7))
        self.programme = make_programme(
            self.user, start=start, today=start, follow_up=True, topical=SPLIT_BODY
        )
        self.baseline_day = start + timedelta(days=6)


class TopicalPhaseServiceTests(TopicalPhaseTestCase):
    def save(self, day, **values):
        return services.checkin_save(
            programme=self.programme,
            day=day,
            values=checkin_values(**values),
            today=self.today,
        )

    def test_topical_use_on_a_baseline_day_is_refused_and_nothing_is_saved(self):
        expected = services.TOPICAL_NOT_THIS_PHASE.format(
            day=self.baseline_day.isoformat()
        )
        for values in ({"topical_applied": True}, {"topical_side": "left"}):
            with (
                self.subTest(values),
                self.assertRaisesMessage(ValidationError, expected),
            ):
                self.save(self.baseline_day, **values)
        self.assertFalse(CheckIn.objects.exists())

    def test_topical_use_on_a_ramp_day_is_saved(self):
        self.save(self.today, topical_applied=True, topical_side="left")
        stored = CheckIn.objects.get(date=self.today)
        self.assertEqual((stored.topical_applied, stored.topical_side), (True, "left"))

    def test_the_phases_that_apply_the_mixture(self):
        programme_extend(
            programme=self.programme, days=7, why="Slow to settle", today=self.today
        )
        found = {
            phase.kind: topical_applies_on(
                programme=self.programme, day=phase.start_date
            )
            for phase in self.programme.phases.all()
        }
        self.assertEqual(
            found,
            {
                "baseline": False,
                "ramp": True,
                "intervention": True,
                "extension": True,
                "follow_up": False,
            },
        )


class TopicalPhaseFormTests(TopicalPhaseTestCase):
    def url(self, day):
        return reverse("programmes:checkin", args=[self.programme.code, day])

    def assert_stranger_gets_404_and_changes_nothing(self, day):
        before = list(CheckIn.objects.values())
        self.client.force_login(self.stranger)
        self.assertEqual(self.client.get(self.url(day)).status_code, 404)
        response = self.client.post(self.url(day), post_data(topical_applied="yes"))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(list(CheckIn.objects.values()), before)

    def test_a_baseline_day_does_not_ask_about_topical_use(self):
        self.client.force_login(self.user)
        self.assertNotContains(
            self.client.get(self.url(self.baseline_day)), TOPICAL_FIELD
        )
        self.assertContains(self.client.get(self.url(self.today)), TOPICAL_FIELD)
        self.assert_stranger_gets_404_and_changes_nothing(self.baseline_day)

    def test_topical_answers_sent_for_a_baseline_day_are_not_taken(self):
        self.client.force_login(self.user)
        response = self.client.post(
            self.url(self.baseline_day),
            post_data(topical_applied="yes", topical_side="left", **SITES),
        )
        self.assertRedirects(response, reverse("programmes:dashboard"))
        stored = CheckIn.objects.get(date=self.baseline_day)
        self.assertEqual(
            (stored.topical_applied, stored.topical_side, stored.topical_carrier),
            (None, "", ""),
        )
        self.assert_stranger_gets_404_and_changes_nothing(self.baseline_day)

    def test_a_ramp_day_records_topical_use(self):
        self.client.force_login(self.user)
        self.client.post(
            self.url(self.today),
            post_data(topical_applied="yes", topical_side="left", **SITES),
        )
        stored = CheckIn.objects.get(date=self.today)
        self.assertEqual(
            (stored.topical_applied, stored.topical_side, stored.topical_ratio),
            (True, "left", "1:4"),
        )
        self.assert_stranger_gets_404_and_changes_nothing(self.today)
