"""Deleting an account removes every piece of the person's data, in one go."""

from django.apps import apps
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.tasks import send_email
from skingarden.instruments.forms import EasiForm
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.services import instrument_response_save
from skingarden.programmes.models import CheckIn, Programme
from skingarden.reminders.services import calendar_feed_renew
from skingarden.reports.services import report_request
from skingarden.sharing import services as sharing_services
from skingarden.sharing.models import AccessEvent, Consent
from skingarden.test import PASSWORD, make_checkin
from tests.instruments.test_clinician_forms import easi_data
from tests.sharing.helpers import SharingTestCase, share


def easi_answers():
    form = EasiForm(easi_data(age="30"))
    assert form.is_valid(), form.errors
    return form.answers()


SECRET_NOTE = "itch-note-7f3a9c behind the knees"


def every_row_as_text() -> str:
    """Every row of every table the app knows, serialised."""
    return "\n".join(
        serializers.serialize("json", model._base_manager.all())
        for model in apps.get_models()
        if model._meta.managed
    )


class AccountDeletionTests(SharingTestCase):
    def give_alice_everything(self):
        make_checkin(self.programme, self.today, note=SECRET_NOTE)
        instrument_response_save(
            owner=self.alice,
            instrument_id="poem",
            answers={str(n): 1 for n in range(1, 8)},
            answered_on=self.today,
            today=self.today,
            programme=self.programme,
        )
        report_request(programme=self.programme, today=self.today)
        sharing_services.access_record(
            consent=self.consent,
            practitioner=self.pat,
            action=AccessEvent.Action.DASHBOARD,
            now=timezone.now(),
            programme=self.programme,
        )
        with self.captureOnCommitCallbacks(execute=True):
            send_email.enqueue(subject="Hello", body="Hi", to=[self.alice.email])
        settings = calendar_feed_renew(user=self.alice)
        self.feed_token = settings.calendar_token

    def test_deleting_leaves_nothing_of_alice_anywhere(self):
        self.give_alice_everything()
        code = str(self.alice.code)
        before = every_row_as_text()
        self.assertIn(SECRET_NOTE, before)
        self.assertIn(self.alice.email, before)
        self.login(self.alice)
        response = self.client.post(
            reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"}
        )
        self.assertContains(response, "Your account is deleted")
        after = every_row_as_text()
        traces = (
            SECRET_NOTE,
            self.alice.email,
            code,
            str(self.programme.code),
            self.feed_token,
        )
        for trace in traces:
            with self.subTest(trace=trace):
                self.assertNotIn(trace, after)
        self.assertFalse(User.objects.filter(pk=self.alice.pk).exists())
        self.assertFalse(Consent.objects.filter(practitioner=self.pat).exists())
        self.assertFalse(AccessEvent.objects.exists())
        # Charlie and Pat are untouched.
        self.assertTrue(Programme.objects.filter(owner=self.charlie).exists())
        self.assertTrue(User.objects.filter(email="pat@example.org").exists())
        self.assertEqual(
            self.client.get(reverse("programmes:dashboard")).status_code, 302
        )

    def test_a_wrong_password_or_no_tick_deletes_nothing(self):
        self.give_alice_everything()
        self.login(self.alice)
        cases = (
            ({"password": "wrong", "confirm": "on"}, "not your password"),
            ({"password": PASSWORD}, "Tick the box"),
        )
        for data, message in cases:
            with self.subTest(message):
                response = self.client.post(reverse("accounts:delete"), data)
                self.assertContains(response, message, status_code=400)
        self.assertEqual(CheckIn.objects.filter(owner=self.alice).count(), 10)
        self.assertTrue(InstrumentResponse.objects.filter(owner=self.alice).exists())

    def test_a_practitioners_ratings_stay_in_the_clients_record_without_them(self):
        sharing_services.clinician_rating_save(
            consent=self.consent,
            programme=self.programme,
            practitioner=self.pat,
            instrument_id="easi",
            answers=easi_answers(),
            rated_on=self.today,
            today=self.today,
            now=timezone.now(),
        )
        self.login(self.pat)
        self.client.post(
            reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"}
        )
        rating = InstrumentResponse.objects.get(instrument_id="easi")
        self.assertEqual((rating.owner, rating.rater), (self.alice, None))
        self.assertIn("Pat Doe", rating.rater_name)

    def test_a_stranger_cannot_delete_someone_else(self):
        self.login(self.charlie)
        self.client.post(
            reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"}
        )
        self.assertTrue(User.objects.filter(pk=self.alice.pk).exists())
        self.assertFalse(User.objects.filter(pk=self.charlie.pk).exists())
        self.assertTrue(CheckIn.objects.filter(owner=self.alice).exists())
        share(self.alice, self.quinn, self.programme)  # Alice's account still works
