from datetime import date, timedelta

from django.test import TestCase

from skingarden.demo import DEMO_EMAIL, demo_create
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.models import Amendment, CheckIn, Programme
from skingarden.programmes.selectors.state import programme_state


class DemoTests(TestCase):
    def test_it_builds_a_finished_7_plus_21_day_eczema_programme(self):
        user = demo_create(password="demo-password-1")
        programme = Programme.objects.get(owner=user)
        self.assertEqual(
            (programme.status, programme.protocol.to_json()["conditions"]),
            ("completed", ["eczema"]),
        )
        assert programme.ended_on is not None
        days = (programme.ended_on - programme.start_date).days + 1
        self.assertEqual(days, 28)
        self.assertEqual(
            CheckIn.objects.filter(owner=user).count(), 25
        )  # three days left blank
        self.assertEqual(
            Amendment.objects.filter(programme=programme, kind="step_back").count(), 1
        )
        self.assertEqual(
            InstrumentResponse.objects.filter(owner=user, scored=True).count(), 4
        )
        self.assertTrue(user.check_password("demo-password-1"))

    def test_the_data_shows_a_modest_improvement_and_day_to_day_noise(self):
        user = demo_create(password="demo-password-1")
        programme = Programme.objects.get(owner=user)
        itch: dict[date, int] = {
            day: value
            for day, value in CheckIn.objects.filter(owner=user).values_list(
                "date", "worst_itch"
            )
            if value is not None
        }
        baseline = [
            v for d, v in itch.items() if d < programme.start_date + timedelta(days=7)
        ]
        late = [
            v for d, v in itch.items() if d >= programme.start_date + timedelta(days=13)
        ]
        improvement = sum(baseline) / len(baseline) - sum(late) / len(late)
        self.assertTrue(0.5 < improvement < 3.0, improvement)
        self.assertGreater(len(set(itch.values())), 3)

    def test_running_it_twice_leaves_one_demo_account(self):
        demo_create(password="demo-password-1")
        user = demo_create(password="demo-password-2")
        self.assertEqual(Programme.objects.filter(owner__email=DEMO_EMAIL).count(), 1)
        self.assertTrue(user.check_password("demo-password-2"))

    def test_the_dashboard_state_is_finished(self):
        user = demo_create(password="demo-password-1")
        programme = Programme.objects.get(owner=user)
        assert programme.ended_on is not None
        state = programme_state(
            programme=programme, today=programme.ended_on + timedelta(days=1)
        )
        self.assertTrue(state.timeline.has_finished)
        self.assertEqual(state.timeline.adherence.days_logged, 25)
