import shutil
import stat
import tempfile
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db.models import Prefetch
from django.test import TestCase, override_settings
from django.utils import timezone

from skingarden.accounts import totp
from skingarden.accounts.models import Authenticator, RecoveryCode
from skingarden.demo import DEMO_EMAIL, DEMO_EMAILS, PRACTITIONER_EMAIL, demo_build
from skingarden.demo.credentials import FILE_NAME, DemoCredentials, demo_credentials
from skingarden.demo.photos import demo_photos_erase
from skingarden.demo.split import SPLIT_EMAIL
from skingarden.instruments.models import InstrumentResponse
from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.models import Photo, PhotoRating, PhotoSession, SidePreference
from skingarden.photos.storage import photo_storage
from skingarden.programmes.models import Amendment, CheckIn, PatchTest, Programme
from skingarden.programmes.selectors.patch_tests import patch_test_status
from skingarden.programmes.selectors.state import programme_state
from skingarden.reports.photo_ratings import photo_ratings_section
from skingarden.sharing.models import AccessEvent, Consent
from tests.photos.records import photo_storages
from tests.reports.test_photo_ratings_section import html_of

NOW = timezone.now
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a fixed base32 secret for the tests
CREDENTIALS = {
    email: DemoCredentials(
        f"demo-password-{n}", SECRET if email == PRACTITIONER_EMAIL else ""
    )
    for n, email in enumerate(DEMO_EMAILS)
}


def build(today: date | None = None, *, photos: bool = False):
    """The demo; without its photos unless asked (they are most of its time)."""
    today = today or timezone.now().date()
    demo_build(credentials=CREDENTIALS, today=today, photos=photos)
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


class DemoPhotoTests(TestCase):
    """One build with photos for the class (it takes a while), its files in a
    temporary folder of the class's own."""

    media: str
    storages: override_settings

    @classmethod
    def setUpClass(cls) -> None:
        cls.media = tempfile.mkdtemp(prefix="skingarden-test-photos-")
        cls.storages = override_settings(STORAGES=photo_storages(cls.media))
        cls.storages.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls.storages.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls) -> None:
        build(photos=True)

    def sessions(self, email: str) -> list[PhotoSession]:
        return list(
            PhotoSession.objects.filter(owner__email=email)
            .prefetch_related(Prefetch("photos", Photo.objects.order_by("shot")))
            .prefetch_related("photos__analyses")
            .order_by("taken_on", "site")
        )

    def mean_delta_a(self, session: PhotoSession) -> float:
        values = [p.analyses.get().delta_a for p in session.photos.all()]
        return sum(values) / len(values)

    def test_every_past_session_has_two_measured_shots_with_their_files(self):
        storage = photo_storage()
        # demo@: one site at baseline days 1, 4, 7 and kefir days 7, 14, 21 (also
        # the last day); demo-split@: both forearms at baseline days 1, 4, 7 and
        # kefir day 7 (today is kefir day 11).
        expected = {DEMO_EMAIL: (6, 1), SPLIT_EMAIL: (4, 2)}
        for email, (slots, sites) in expected.items():
            sessions = self.sessions(email)
            self.assertEqual(len(sessions), slots * sites, email)
            self.assertEqual({s.site for s in sessions}, set(range(1, sites + 1)))
            for session in sessions:
                photos = list(session.photos.all())
                self.assertEqual([p.shot for p in photos], [1, 2])
                for photo in photos:
                    self.assertEqual(photo.status, Photo.Status.READY)
                    self.assertTrue(photo.has_regions)
                    self.assertEqual(
                        photo.analyses.get().algorithm_version, ALGORITHM_VERSION
                    )
                    for name in (photo.original, photo.display, photo.thumbnail):
                        self.assertTrue(name and storage.exists(name), name)
        files = [path for path in Path(self.media).rglob("*") if path.is_file()]
        self.assertEqual(len(files), 3 * 2 * (6 * 1 + 4 * 2))

    def test_the_lesion_eases_over_the_kefir_days_more_on_the_kefir_side(self):
        finished = self.sessions(DEMO_EMAIL)
        eased = self.mean_delta_a(finished[0]) - self.mean_delta_a(finished[-1])
        # Simulated: 9.0 at baseline, 2.0 less by kefir day 21, ± day-to-day noise.
        self.assertTrue(1.0 < eased < 3.0, eased)
        split = self.sessions(SPLIT_EMAIL)
        programme = Programme.objects.get(owner__email=SPLIT_EMAIL)
        arms = {site.number: site.arm for site in programme.protocol.photos.sites}
        change = {}
        for arm in ("kefir", "carrier"):
            side = [session for session in split if arms[session.site] == arm]
            change[arm] = self.mean_delta_a(side[-1]) - self.mean_delta_a(side[0])
        self.assertLess(change["kefir"], change["carrier"])

    def test_a_new_build_deletes_the_earlier_photos_files_once_committed(self):
        stored = {
            name
            for names in Photo.objects.values_list("original", "display", "thumbnail")
            for name in names
        }
        with mock.patch("skingarden.demo.photos.delete_files") as delete:
            with self.captureOnCommitCallbacks() as callbacks:
                demo_photos_erase(emails=DEMO_EMAILS)
            delete.assert_not_called()  # nothing before the commit
            for callback in callbacks:
                callback()
        delete.assert_called_once()
        self.assertEqual(set(delete.call_args.args[0]), stored)
        self.assertEqual(len(stored), 3 * 28)

    def test_demo_and_the_practitioner_rated_every_photo_of_its_site_blind(self):
        # demo@: 6 sessions x 2 shots of one site, rated by both; demo-split@ is
        # mid-programme and leaves its own rating for the end (none yet).
        ratings = PhotoRating.objects.filter(photo__owner__email=DEMO_EMAIL)
        self.assertEqual(
            set(ratings.values_list("rater__email", "role")),
            {(PRACTITIONER_EMAIL, "practitioner"), (DEMO_EMAIL, "participant")},
        )
        for email in (DEMO_EMAIL, PRACTITIONER_EMAIL):
            self.assertEqual(ratings.filter(rater__email=email).count(), 12, email)
        self.assertEqual(
            PhotoRating.objects.filter(photo__owner__email=SPLIT_EMAIL).count(), 0
        )

    def test_the_practitioner_judged_each_of_the_four_split_body_days(self):
        # Both forearms at baseline days 1, 4, 7 and kefir day 7: four pairs.
        judged = SidePreference.objects.filter(kefir_session__owner__email=SPLIT_EMAIL)
        self.assertEqual(
            list(judged.values_list("rater__email", flat=True)),
            [PRACTITIONER_EMAIL] * 4,
        )
        self.assertEqual(
            len(set(judged.values_list("kefir_session__taken_on", flat=True))), 4
        )
        # Each practitioner rating and judgement is audited, as their pages do.
        self.assertEqual(
            AccessEvent.objects.filter(action=AccessEvent.Action.RATING).count(),
            12 + 4,
        )

    def test_the_finished_report_shows_the_blinded_result_and_the_agreement(self):
        html = html_of(Programme.objects.get(owner__email=DEMO_EMAIL))
        self.assertIn("Photos rated without dates (blinded)", html)
        self.assertIn("left inner elbow (12 photos rated)", html)
        # Redness, dryness and thickening, each with its agreement figure.
        self.assertEqual(
            html.count(f"{PRACTITIONER_EMAIL}: weighted kappa"), 3, "agreement"
        )
        self.assertIn("Only the photos were assessed blind", html)

    def test_the_seeded_ratings_ease_with_the_lesion_the_same_on_every_build(self):
        # Photo codes (hence the blinded order) are new on every build; the noise
        # is drawn in date order, so the seeds fix the result. Expected values from
        # the seeded build: demo@'s redness sums 14 over the 6 baseline photos and
        # 10 over the 6 kefir ones (per session means 7/3 and 5/3); the practitioner
        # preferred the kefir side twice, the carrier side once, no difference once.
        programme = Programme.objects.get(owner__email=DEMO_EMAIL)
        section = photo_ratings_section(programme=programme)
        assert section is not None
        redness = section.ratings[0].signs[0]
        self.assertEqual(
            [(row.mean, row.sessions) for row in redness.phases],
            [(pytest.approx(7 / 3), 3), (pytest.approx(5 / 3), 3)],
        )
        split = photo_ratings_section(
            programme=Programme.objects.get(owner__email=SPLIT_EMAIL)
        )
        assert split is not None
        result = split.judgements[0].result
        self.assertEqual((result.kefir, result.carrier, result.neither), (2, 1, 1))

    def test_the_split_report_counts_the_practitioners_side_judgements(self):
        html = html_of(Programme.objects.get(owner__email=SPLIT_EMAIL))
        self.assertIn(f"blind to the side, by {PRACTITIONER_EMAIL}", html)
        self.assertIn("no difference on", html)
