import stat
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.test import TestCase
from django.utils import timezone

from skingarden.accounts import totp
from skingarden.accounts.models import Authenticator, RecoveryCode
from skingarden.demo import DEMO_EMAIL, DEMO_EMAILS, PRACTITIONER_EMAIL, demo_build
from skingarden.demo.credentials import FILE_NAME, DemoCredentials, demo_credentials
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.models import Amendment, CheckIn, PatchTest, Programme
from skingarden.programmes.selectors.patch_tests import patch_test_status
from skingarden.programmes.selectors.state import programme_state
from skingarden.sharing.models import Consent

NOW = timezone.now
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a fixed base32 secret for the tests
CREDENTIALS = {
    email: DemoCredentials(
        f"demo-password-{n}", SECRET if email == PRACTITIONER_EMAIL else ""
    )
    for n, email in enumerate(DEMO_EMAILS)
}


def build(today: date | None = None):
    today = today or timezone.now().date()
    demo_build(credentials=CREDENTIALS, today=today)
    return today


class FinishedDemoTests(TestCase):
    def test_it_builds_a_finished_7_plus_21_day_eczema_programme(self):
        build()
        programme = Programme.objects.get(owner__email=DEMO_EMAIL)
        self.assertEqual(
            (programme.status, programme.protocol.conditions),
            ("completed", ("eczema",)),
        )
        assert programme.ended_on is not None
        self.assertEqual((programme.ended_on - programme.start_date).days + 1, 28)
        checkins = CheckIn.objects.filter(programme=programme)
        self.assertEqual(checkins.count(), 25)  # three days left blank
        self.assertEqual(
            set(checkins.values_list("form_version", flat=True)), {"web-2"}
        )
        self.assertEqual(
            Amendment.objects.filter(programme=programme, kind="step_back").count(), 1
        )
        self.assertEqual(
            InstrumentResponse.objects.filter(programme=programme, scored=True).count(),
            4,
        )

    def test_the_data_shows_a_modest_improvement_and_day_to_day_noise(self):
        build()
        programme = Programme.objects.get(owner__email=DEMO_EMAIL)
        itch: dict[date, int] = {
            day: value
            for day, value in CheckIn.objects.filter(programme=programme).values_list(
                "date", "worst_itch"
            )
            if value is not None
        }
        first = programme.start_date
        baseline = [v for d, v in itch.items() if d < first + timedelta(days=7)]
        late = [v for d, v in itch.items() if d >= first + timedelta(days=13)]
        improvement = sum(baseline) / len(baseline) - sum(late) / len(late)
        self.assertTrue(0.5 < improvement < 3.0, improvement)
        self.assertGreater(len(set(itch.values())), 3)

    def test_running_it_twice_leaves_one_of_each_account(self):
        build()
        build()
        for email in DEMO_EMAILS:
            self.assertEqual(
                Programme.objects.filter(owner__email=email).count(),
                0 if "practitioner" in email else 1,
            )


class SplitDemoTests(TestCase):
    def test_the_split_body_participant_is_half_way_and_today_is_not_logged(self):
        today = build()
        programme = Programme.objects.get(owner__email="demo-split@example.org")
        self.assertTrue(programme.is_open)
        self.assertTrue(programme.topical.split_body)
        state = programme_state(programme=programme, today=today)
        self.assertEqual(state.kefir_day_today, 11)
        self.assertFalse(state.today_checkin_exists)
        logged = CheckIn.objects.filter(programme=programme)
        self.assertEqual(logged.count(), 16)  # 17 days so far, one left blank
        self.assertFalse(logged.filter(site_kefir=None).exists())
        self.assertFalse(logged.filter(site_carrier=None).exists())
        self.assertEqual(
            logged.filter(date__lt=state.timeline.kefir_start).count(), 7
        )  # the baseline gives the pre-topical difference

    def test_its_patch_test_was_kept_day_by_day_and_passed_before_the_start(self):
        today = build()
        test = PatchTest.objects.get(owner__email="demo-split@example.org")
        programme = Programme.objects.get(owner=test.owner)
        self.assertTrue(test.real_time)
        self.assertEqual(patch_test_status(test, today=today), "passed")
        self.assertLess(test.started_on + timedelta(days=6), programme.start_date)
        self.assertEqual(programme.topical.patch_test, str(test.code))


class PractitionerDemoTests(TestCase):
    def test_the_practitioner_has_consent_from_both(self):
        build()
        consents = Consent.objects.filter(
            practitioner__email="demo-practitioner@example.org"
        )
        self.assertEqual(
            sorted(
                c.participant.email for c in consents if c.is_active(timezone.now())
            ),
            ["demo-split@example.org", "demo@example.org"],
        )


class PractitionerTwoFactorTests(TestCase):
    def test_the_practitioner_is_enrolled_with_the_kept_secret(self):
        build()
        build()  # a second run enrols the new account with the same secret
        authenticator = Authenticator.objects.get(user__email=PRACTITIONER_EMAIL)
        self.assertEqual(authenticator.secret, SECRET)
        self.assertIsNotNone(authenticator.confirmed_at)
        self.assertEqual(authenticator.last_step, 0)  # no code was spent building it
        self.assertTrue(authenticator.user.two_factor_enabled)
        self.assertEqual(
            RecoveryCode.objects.filter(user=authenticator.user).count(), 10
        )

    def test_the_printed_line_carries_the_secret_for_the_practitioner_only(self):
        accounts = demo_build(credentials=CREDENTIALS)
        self.assertEqual(
            [account.line for account in accounts],
            [
                "demo@example.org password: demo-password-0",
                "demo-split@example.org password: demo-password-1",
                f"{PRACTITIONER_EMAIL} password: demo-password-2 totp: {SECRET}",
            ],
        )

    def test_the_participants_have_no_second_factor(self):
        build()
        self.assertEqual(
            sorted(Authenticator.objects.values_list("user__email", flat=True)),
            [PRACTITIONER_EMAIL],
        )


class CredentialTests(TestCase):
    def credentials(self, folder, **options):
        return demo_credentials(
            DEMO_EMAILS,
            data_dir=Path(folder),
            two_factor=[PRACTITIONER_EMAIL],
            **options,
        )

    def test_passwords_and_the_secret_are_kept_between_runs_in_a_private_file(self):
        with tempfile.TemporaryDirectory() as folder:
            first = self.credentials(folder)
            again = self.credentials(folder)
            mode = stat.S_IMODE((Path(folder) / FILE_NAME).stat().st_mode)
        self.assertEqual(first, again)
        self.assertEqual(len({entry.password for entry in first.values()}), 3)
        self.assertEqual(mode, 0o600)
        secret = first[PRACTITIONER_EMAIL].totp_secret
        self.assertTrue(totp.is_secret(secret), secret)
        self.assertEqual(len(secret), 32)  # 160 bits
        self.assertEqual(
            [first[email].totp_secret for email in DEMO_EMAILS[:2]], ["", ""]
        )

    def test_an_override_replaces_the_kept_passwords_but_not_the_secret(self):
        with tempfile.TemporaryDirectory() as folder:
            before = self.credentials(folder)
            chosen = self.credentials(folder, override="x1")
            kept = self.credentials(folder)
        self.assertEqual({entry.password for entry in chosen.values()}, {"x1"})
        self.assertEqual(kept, chosen)
        self.assertEqual(
            chosen[PRACTITIONER_EMAIL].totp_secret,
            before[PRACTITIONER_EMAIL].totp_secret,
        )

    def test_a_file_from_before_two_factor_keeps_its_passwords(self):
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / FILE_NAME).write_text(
                '{"demo@example.org": "old-1", "demo-practitioner@example.org": '
                '"old-3"}',
                encoding="utf-8",
            )
            found = self.credentials(folder)
            written = (Path(folder) / FILE_NAME).read_text(encoding="utf-8")
        self.assertEqual(found[DEMO_EMAIL], DemoCredentials("old-1"))
        self.assertEqual(found[PRACTITIONER_EMAIL].password, "old-3")
        self.assertIn(f'"totp": "{found[PRACTITIONER_EMAIL].totp_secret}"', written)
