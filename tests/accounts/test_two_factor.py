"""Two-factor sign-in, the services (issue 11 §1): TOTP per RFC 6238 with one step
of drift, each code accepted once, recovery codes stored hashed and each usable once,
five wrong codes in 15 minutes lock codes for 15 minutes."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import timezone

from skingarden.accounts import totp, two_factor
from skingarden.accounts.models import Authenticator, RecoveryCode, ThrottleEvent
from skingarden.accounts.services import account_erase
from skingarden.accounts.two_factor import CODE_REFUSED, RECOVERY_CODE_REFUSED
from skingarden.test import BaseTestCase

STEP = timedelta(seconds=30)


class TotpTests(SimpleTestCase):
    def test_the_rfc_6238_sha1_vectors(self):
        # RFC 6238 appendix B: the ASCII key "12345678901234567890" (base32 below),
        # at T = 59 s and 1111111109 s; the six low digits of 94287082 and 07081804.
        from datetime import UTC, datetime

        secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        self.assertEqual(
            totp.code_at(secret, datetime.fromtimestamp(59, UTC)), "287082"
        )
        self.assertEqual(
            totp.code_at(secret, datetime.fromtimestamp(1111111109, UTC)), "081804"
        )

    def test_a_code_matches_one_step_either_side_and_no_further(self):
        secret, now = totp.new_secret(), timezone.now()
        step = int(now.timestamp()) // 30
        for offset in (-1, 0, 1):
            code = totp.code_at(secret, now + offset * STEP)
            found = totp.matching_step(secret, code, when=now, after=0)
            self.assertEqual(found, step + offset)
        for offset in (-2, 2):
            code = totp.code_at(secret, now + offset * STEP)
            self.assertIsNone(totp.matching_step(secret, code, when=now, after=0))

    def test_a_step_at_or_before_the_last_one_accepted_is_refused(self):
        secret, now = totp.new_secret(), timezone.now()
        code = totp.code_at(secret, now)
        step = totp.matching_step(secret, code, when=now, after=0)
        assert step is not None
        self.assertIsNone(totp.matching_step(secret, code, when=now, after=step))

    def test_malformed_codes_match_nothing(self):
        secret, now = totp.new_secret(), timezone.now()
        for code in (
            "",
            "12345",
            "1234567",
            "12a456",
            "\uff11\uff12\uff13\uff14\uff15\uff16",
        ):  # fullwidth digits
            self.assertIsNone(totp.matching_step(secret, code, when=now, after=0))

    def test_the_qr_code_is_an_svg_drawn_here(self):
        uri = totp.provisioning_uri(
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", account="a@b.org"
        )
        self.assertTrue(
            uri.startswith("otpauth://totp/Skin%20Garden:a%40b.org?secret=")
        )
        self.assertTrue(totp.qr_data_uri(uri).startswith("data:image/svg+xml"))


class TwoFactorServiceTests(BaseTestCase):
    def setUp(self):
        self.now = timezone.now()
        self.secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        self.codes = two_factor.authenticator_enrol(
            user=self.alice, secret=self.secret, now=self.now
        )

    def code(self, at=None):
        return totp.code_at(self.secret, at or self.now)

    def refuse(self, code, *, at=None, message=CODE_REFUSED):
        with self.assertRaisesMessage(ValidationError, message):
            two_factor.second_factor_check(
                user=self.alice, code=code, now=at or self.now
            )

    def test_a_right_code_passes_once_and_its_replay_is_refused(self):
        two_factor.second_factor_check(user=self.alice, code=self.code(), now=self.now)
        self.refuse(self.code())
        self.refuse(self.code(), at=self.now + STEP)  # still inside its drift window

    def test_an_older_code_is_refused_after_a_newer_one_passed(self):
        later = self.now + STEP
        two_factor.second_factor_check(
            user=self.alice, code=self.code(later), now=later
        )
        self.refuse(self.code(), at=later)

    def test_five_wrong_codes_lock_codes_for_fifteen_minutes(self):
        for _ in range(5):
            self.refuse("000000" if self.code() != "000000" else "111111")
        self.refuse(self.code())  # the right code, while locked
        after = self.now + timedelta(minutes=15, seconds=1)
        two_factor.second_factor_check(
            user=self.alice, code=self.code(after), now=after
        )
        self.assertEqual(
            ThrottleEvent.objects.filter(kind="code_failed").count(), 5
        )  # nothing counted while locked

    def test_recovery_codes_are_stored_hashed_and_work_once(self):
        self.assertEqual(len(self.codes), 10)
        self.assertEqual(len(set(self.codes)), 10)
        stored = set(RecoveryCode.objects.values_list("digest", flat=True))
        self.assertTrue(stored.isdisjoint(self.codes))
        self.assertEqual(
            stored, {two_factor.recovery_code_digest(c) for c in self.codes}
        )
        left = two_factor.recovery_code_use(
            user=self.alice, code=self.codes[0].upper(), now=self.now
        )
        self.assertEqual(left, 9)
        with self.assertRaisesMessage(ValidationError, RECOVERY_CODE_REFUSED):
            two_factor.recovery_code_use(
                user=self.alice, code=self.codes[0], now=self.now
            )

    def test_a_recovery_code_of_another_person_does_not_work(self):
        theirs = two_factor.authenticator_enrol(
            user=self.charlie, secret=totp.new_secret(), now=self.now
        )
        with self.assertRaisesMessage(ValidationError, RECOVERY_CODE_REFUSED):
            two_factor.recovery_code_use(user=self.alice, code=theirs[0], now=self.now)
        self.assertEqual(two_factor.recovery_codes_left(user=self.charlie), 10)

    def test_wrong_recovery_codes_count_towards_the_same_lock(self):
        for _ in range(5):
            with self.assertRaisesMessage(ValidationError, RECOVERY_CODE_REFUSED):
                two_factor.recovery_code_use(
                    user=self.alice, code="aaaa-bbbb-cccc-dddd", now=self.now
                )
        with self.assertRaisesMessage(ValidationError, RECOVERY_CODE_REFUSED):
            two_factor.recovery_code_use(
                user=self.alice, code=self.codes[1], now=self.now
            )
        self.assertEqual(two_factor.recovery_codes_left(user=self.alice), 10)

    def test_new_recovery_codes_replace_the_old_ones(self):
        new = two_factor.recovery_codes_renew(
            user=self.alice, code=self.code(), now=self.now
        )
        self.assertTrue(set(new).isdisjoint(self.codes))
        with self.assertRaisesMessage(ValidationError, RECOVERY_CODE_REFUSED):
            two_factor.recovery_code_use(
                user=self.alice, code=self.codes[0], now=self.now
            )

    def test_switching_off_needs_a_code_and_removes_everything(self):
        with self.assertRaisesMessage(ValidationError, CODE_REFUSED):
            two_factor.authenticator_remove(user=self.alice, code="123", now=self.now)
        self.assertTrue(Authenticator.objects.filter(user=self.alice).exists())
        two_factor.authenticator_remove(user=self.alice, code=self.code(), now=self.now)
        self.alice.refresh_from_db()
        self.assertFalse(self.alice.two_factor_enabled)
        self.assertFalse(Authenticator.objects.filter(user=self.alice).exists())
        self.assertFalse(RecoveryCode.objects.filter(user=self.alice).exists())

    def test_deleting_the_account_deletes_its_authenticator_and_codes(self):
        account_erase(user=self.alice)
        self.assertFalse(Authenticator.objects.exists())
        self.assertFalse(RecoveryCode.objects.exists())


class EnrolmentServiceTests(BaseTestCase):
    def test_the_first_code_from_the_app_switches_it_on(self):
        now = timezone.now()
        authenticator = two_factor.authenticator_start(user=self.alice)
        self.assertEqual(two_factor.authenticator_start(user=self.alice), authenticator)
        with self.assertRaisesMessage(ValidationError, CODE_REFUSED):
            two_factor.authenticator_confirm(user=self.alice, code="000000", now=now)
        self.alice.refresh_from_db()
        self.assertFalse(self.alice.two_factor_enabled)
        codes = two_factor.authenticator_confirm(
            user=self.alice, code=totp.code_at(authenticator.secret, now), now=now
        )
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.two_factor_enabled)
        self.assertEqual(len(codes), 10)
        with self.assertRaisesMessage(ValidationError, two_factor.ALREADY_ON):
            two_factor.authenticator_start(user=self.alice)

    def test_confirming_with_nothing_started_is_refused(self):
        with self.assertRaisesMessage(ValidationError, two_factor.NOT_STARTED):
            two_factor.authenticator_confirm(
                user=self.alice, code="123456", now=timezone.now()
            )

    def test_a_short_or_malformed_secret_is_refused(self):
        for secret in ("JBSWY3DPEHPK3PXP", "not base32!", ""):
            with self.assertRaisesMessage(ValidationError, two_factor.SECRET_INVALID):
                two_factor.authenticator_enrol(
                    user=self.alice, secret=secret, now=timezone.now()
                )
        self.assertFalse(Authenticator.objects.exists())


class ResetCommandTests(BaseTestCase):
    def test_an_operator_switches_it_off_and_ends_the_sessions(self):
        from io import StringIO

        from django.core.management import call_command

        two_factor.authenticator_enrol(
            user=self.alice, secret=totp.new_secret(), now=timezone.now()
        )
        self.login(self.alice)
        out = StringIO()
        call_command("two_factor_reset", "Alice@example.org", stdout=out)
        self.assertEqual(
            out.getvalue(),
            "Two-factor sign-in is off for alice@example.org; their sessions have "
            "ended.\n",
        )
        self.alice.refresh_from_db()
        self.assertFalse(self.alice.two_factor_enabled)
        self.assertFalse(Authenticator.objects.exists())
        self.assertFalse(RecoveryCode.objects.exists())
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_an_unknown_address_or_no_app_changes_nothing(self):
        from django.core.management import CommandError, call_command

        from skingarden.accounts.management.commands import two_factor_reset

        two_factor.authenticator_enrol(
            user=self.charlie, secret=totp.new_secret(), now=timezone.now()
        )
        for email, message in (
            ("nobody@example.org", two_factor_reset.NO_SUCH_ACCOUNT),
            ("alice@example.org", two_factor_reset.NOT_ON),
        ):
            with self.subTest(email), self.assertRaisesMessage(CommandError, message):
                call_command("two_factor_reset", email)
        self.assertTrue(Authenticator.objects.filter(user=self.charlie).exists())
