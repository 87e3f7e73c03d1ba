"""Invitations and consent: single use, expiry, throttling, revocation."""

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from skingarden.sharing import services
from skingarden.sharing.models import Consent, Invitation, InviteAttempt
from tests.sharing.helpers import SharingTestCase, second_programme


class InvitationTests(SharingTestCase):
    def invite(self, **overrides):
        now = overrides.pop("now", timezone.now())
        arguments = {
            "participant": self.alice,
            "programmes": [self.programme],
            "access_until": self.today + timedelta(days=30),
            "now": now,
        }
        arguments.update(overrides)
        return services.invitation_create(**arguments)

    def accept(self, secret, now=None, practitioner=None, address="198.51.100.7"):
        return services.invitation_accept(
            practitioner=practitioner or self.quinn,
            secret=secret,
            address=address,
            now=now or timezone.now(),
        )

    def test_the_code_is_grouped_random_and_stored_only_as_a_hash(self):
        invitation, secret = self.invite()
        self.assertRegex(secret, r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")
        stored = Invitation.objects.get(pk=invitation.pk)
        self.assertEqual(
            stored.secret_hash,
            hashlib.sha256(secret.replace("-", "").encode()).hexdigest(),
        )
        values = str(Invitation.objects.values().get(pk=invitation.pk))
        self.assertNotIn(secret.replace("-", ""), values)
        _, other = self.invite()
        self.assertNotEqual(secret, other)

    def test_a_code_is_accepted_however_it_is_typed(self):
        typings = {
            "lower case": str.lower,
            "spaces": lambda code: code.replace("-", " "),
            "no dashes": lambda code: code.replace("-", ""),
            "en dashes, padded": lambda code: f" {code.replace('-', '–')}\n",
        }
        for name, typing in typings.items():
            _, secret = self.invite()
            with self.subTest(name):
                self.assertEqual(self.accept(typing(secret)).practitioner, self.quinn)
        self.assertEqual(
            InviteAttempt.objects.filter(user=self.quinn, succeeded=False).count(), 0
        )

    def test_a_code_made_before_grouped_codes_still_works_as_typed(self):
        invitation, _ = self.invite()
        old_code = "Zk3-_q9W0aBcDeFgHiJkLmNoPqRsTuVw"  # 32 URL-safe characters
        invitation.secret_hash = hashlib.sha256(old_code.encode()).hexdigest()
        invitation.save(update_fields=["secret_hash"])
        with self.assertRaisesMessage(ValidationError, services.CODE_NOT_VALID):
            self.accept(old_code.lower())
        self.assertEqual(self.accept(f" {old_code} ").practitioner, self.quinn)

    def test_accepting_grants_read_access_to_the_chosen_programmes_only(self):
        second_programme(self.alice, self.programme)
        _, secret = self.invite()
        consent = self.accept(secret)
        self.assertEqual(list(consent.programmes.all()), [self.programme])
        self.assertEqual(consent.participant, self.alice)
        self.assertEqual(consent.practitioner, self.quinn)

    def test_a_code_works_once(self):
        _, secret = self.invite()
        self.accept(secret)
        with self.assertRaisesMessage(ValidationError, "not valid"):
            self.accept(secret, practitioner=self.pat)
        self.assertEqual(Consent.objects.filter(practitioner=self.pat).count(), 1)

    def test_a_code_expires_after_seven_days(self):
        now = timezone.now()
        _, secret = self.invite(now=now)
        with self.assertRaisesMessage(ValidationError, "not valid"):
            self.accept(secret, now=now + timedelta(days=7, seconds=1))
        self.assertFalse(Consent.objects.filter(practitioner=self.quinn).exists())

    def test_a_cancelled_code_is_refused(self):
        invitation, secret = self.invite()
        services.invitation_cancel(invitation=invitation, now=timezone.now())
        with self.assertRaisesMessage(ValidationError, "not valid"):
            self.accept(secret)

    def test_a_participant_cannot_accept(self):
        invitation, secret = self.invite()
        with self.assertRaisesMessage(ValidationError, services.PRACTITIONERS_ONLY):
            self.accept(secret, practitioner=self.charlie)
        invitation.refresh_from_db()
        self.assertIsNone(invitation.accepted_at)

    def test_bad_invitations_are_refused_with_reasons(self):
        cases: list[tuple[dict[str, object], str]] = [
            ({"programmes": []}, services.NO_PROGRAMMES),
            ({"programmes": [self.charlie_programme]}, services.NOT_YOUR_PROGRAMME),
            ({"access_until": self.today}, services.ACCESS_IN_PAST),
            (
                {"access_until": self.today + timedelta(days=366)},
                services.ACCESS_TOO_LONG,
            ),
        ]
        for overrides, message in cases:
            with (
                self.subTest(message),
                self.assertRaisesMessage(ValidationError, message),
            ):
                self.invite(**overrides)
        self.assertEqual(Invitation.objects.count(), 1)  # Pat's, from the set-up

    def test_five_wrong_codes_lock_the_account_out_even_with_the_right_one(self):
        _, secret = self.invite()
        now = timezone.now()
        for attempt in range(services.FAILURES_PER_ACCOUNT):
            with self.assertRaises(ValidationError):
                self.accept(f"guess-{attempt}", now=now, address=f"203.0.113.{attempt}")
        with self.assertRaisesMessage(ValidationError, "Too many wrong codes"):
            self.accept(secret, now=now)
        self.assertFalse(Consent.objects.filter(practitioner=self.quinn).exists())
        later = now + services.THROTTLE_WINDOW + timedelta(seconds=1)
        self.assertEqual(self.accept(secret, now=later).practitioner, self.quinn)

    def test_many_wrong_codes_from_one_address_lock_out_every_account_there(self):
        now = timezone.now()
        InviteAttempt.objects.bulk_create(
            InviteAttempt(
                user=self.charlie, address="203.0.113.9", succeeded=False, at=now
            )
            for _ in range(services.FAILURES_PER_ADDRESS)
        )
        _, secret = self.invite()
        with self.assertRaisesMessage(ValidationError, "Too many wrong codes"):
            self.accept(secret, now=now, address="203.0.113.9")
        self.assertEqual(
            self.accept(secret, now=now, address="198.51.100.1").practitioner,
            self.quinn,
        )

    def test_revoking_ends_access_at_once_and_only_once(self):
        now = timezone.now()
        services.consent_revoke(consent=self.consent, now=now)
        self.assertFalse(
            Consent.objects.active(now).filter(pk=self.consent.pk).exists()
        )
        with self.assertRaisesMessage(ValidationError, services.ALREADY_REVOKED):
            services.consent_revoke(consent=self.consent, now=now)

    def test_access_ends_at_the_end_of_the_chosen_day_where_the_participant_lives(self):
        invitation, _ = self.invite(access_until=self.today + timedelta(days=3))
        local = invitation.access_until.astimezone(self.alice.profile.zone)
        self.assertEqual(
            (local.date(), local.hour, local.minute),
            (self.today + timedelta(days=4), 0, 0),
        )
