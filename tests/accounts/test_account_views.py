from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from skingarden.accounts.models import Profile, SafetyScreen, User
from skingarden.accounts.selectors import user_today
from skingarden.test import PASSWORD, make_participant

SIGNUP = reverse("accounts:signup")


class SignUpTests(TestCase):
    def data(self, **overrides):
        values = {
            "email": "New.Person@Example.org",
            "password1": "a long enough phrase 42",
            "password2": "a long enough phrase 42",
            "time_zone": "Europe/Paris",
        }
        values.update(overrides)
        return values

    def test_it_creates_the_account_and_profile_and_logs_in(self):
        response = self.client.post(SIGNUP, self.data())
        self.assertRedirects(response, reverse("accounts:profile"))
        user = User.objects.get()
        self.assertEqual(user.email, "new.person@example.org")
        self.assertEqual(Profile.objects.get(user=user).time_zone, "Europe/Paris")
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)

    def test_bad_input_is_named_and_no_account_is_made(self):
        make_participant("taken@example.org")
        cases = {
            "email": self.data(email="TAKEN@example.org"),
            "password2": self.data(password2="something else"),
            "password1": self.data(password1="12345678", password2="12345678"),
            "time_zone": self.data(time_zone="Mars/Olympus"),
        }
        for field, data in cases.items():
            with self.subTest(field=field):
                response = self.client.post(SIGNUP, data)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors[field])
        self.assertEqual(User.objects.count(), 1)

    @override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]
    )
    def test_passwords_are_hashed_with_argon2(self):
        self.client.post(SIGNUP, self.data())
        self.assertTrue(User.objects.get().password.startswith("argon2"))

    def test_the_project_settings_put_argon2_first(self):
        from skingarden import settings as project_settings

        self.assertEqual(
            project_settings.PASSWORD_HASHERS[0],
            "django.contrib.auth.hashers.Argon2PasswordHasher",
        )


class LoginTests(TestCase):
    def test_login_by_email_in_any_case_and_logout(self):
        make_participant("alice@example.org")
        response = self.client.post(
            reverse("accounts:login"),
            {"username": "ALICE@example.org", "password": PASSWORD},
        )
        self.assertRedirects(
            response, reverse("programmes:dashboard"), fetch_redirect_response=False
        )
        self.assertContains(self.client.get(reverse("accounts:logout")), "Log out of")
        self.assertIn("_auth_user_id", self.client.session)
        self.client.post(reverse("accounts:logout"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_wrong_password_is_refused(self):
        make_participant("alice@example.org")
        response = self.client.post(
            reverse("accounts:login"),
            {"username": "alice@example.org", "password": "nope"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)


class PasswordTests(TestCase):
    def setUp(self):
        self.user = make_participant("alice@example.org")

    def test_password_change(self):
        self.client.force_login(self.user)
        response = self.client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "another long phrase 99",
                "new_password2": "another long phrase 99",
            },
        )
        self.assertRedirects(response, reverse("accounts:password_change_done"))
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("another long phrase 99"))

    def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("accounts:password_reset"), {"email": "nobody@example.org"}
            )
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(DBTaskResult.objects.count(), 0)


class PasswordResetTaskTests(TransactionTestCase):
    """Committed for real: the worker runs in its own connection, as in production."""

    def setUp(self):
        self.user = make_participant("alice@example.org")

    def test_reset_mail_goes_through_the_task_queue_and_the_link_works(self):
        response = self.client.post(
            reverse("accounts:password_reset"), {"email": "alice@example.org"}
        )
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(DBTaskResult.objects.count(), 1)
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["alice@example.org"])
        link = next(
            line
            for line in mail.outbox[0].body.splitlines()
            if "/password/reset/" in line
        )
        path = link.split("testserver", 1)[1]
        form_page = self.client.get(path, follow=True)
        self.client.post(
            form_page.redirect_chain[-1][0],
            {
                "new_password1": "fresh long phrase 77",
                "new_password2": "fresh long phrase 77",
            },
        )
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("fresh long phrase 77"))


class ProfileTests(TestCase):
    def setUp(self):
        self.user = make_participant("alice@example.org", screened=False)
        self.client.force_login(self.user)

    def test_it_saves_the_profile_and_asks_for_the_screen_next(self):
        response = self.client.post(
            reverse("accounts:profile"),
            {
                "conditions": ["eczema", "acne"],
                "birth_year": "1985",
                "time_zone": "Asia/Tokyo",
            },
        )
        self.assertRedirects(response, reverse("accounts:safety_screen"))
        profile = Profile.objects.get(user=self.user)
        self.assertEqual(
            (profile.conditions, profile.birth_year, profile.time_zone),
            (["eczema", "acne"], 1985, "Asia/Tokyo"),
        )

    def test_bad_profile_input_is_named_and_nothing_changes(self):
        year = user_today(user=self.user).year
        for data in (
            {"conditions": [], "birth_year": "1985", "time_zone": "UTC"},
            {"conditions": ["psoriasis"], "birth_year": "1985", "time_zone": "UTC"},
            {"conditions": ["acne"], "birth_year": str(year + 1), "time_zone": "UTC"},
            {"conditions": ["acne"], "birth_year": "1985", "time_zone": "Nowhere"},
        ):
            with self.subTest(data=data):
                self.assertEqual(
                    self.client.post(reverse("accounts:profile"), data).status_code, 200
                )
        profile = Profile.objects.get(user=self.user)
        self.assertEqual((profile.conditions, profile.birth_year), (["eczema"], 1990))


class SafetyScreenViewTests(TestCase):
    def setUp(self):
        self.user = make_participant("alice@example.org", screened=False)
        self.stranger = make_participant("charlie@example.org", screened=False)
        self.client.force_login(self.user)

    def answers(self, **yes):
        from skingarden.accounts.screening import QUESTION_IDS

        data = {question: "no" for question in QUESTION_IDS}
        data["adult"] = "yes"
        data.update({question: "yes" for question in yes})
        return data

    def test_answers_outcome_and_date_are_stored(self):
        response = self.client.post(
            reverse("accounts:safety_screen"), self.answers(lactose_intolerance=True)
        )
        self.assertRedirects(response, reverse("accounts:safety_screen_result"))
        screen = SafetyScreen.objects.get(user=self.user)
        self.assertEqual(
            (screen.outcome, screen.warnings, screen.answers["lactose_intolerance"]),
            ("clear", ["lactose_intolerance"], True),
        )
        self.assertEqual(screen.screened_on, user_today(user=self.user))
        self.assertContains(
            self.client.get(response["Location"]), "Lactose intolerance"
        )

    def test_an_unanswered_question_is_named_and_nothing_is_stored(self):
        data = self.answers()
        del data["central_line"]
        response = self.client.post(reverse("accounts:safety_screen"), data)
        self.assertEqual(
            response.context["form"].errors["central_line"], ["This field is required."]
        )
        self.assertFalse(SafetyScreen.objects.exists())

    def test_changing_an_answer_runs_the_screen_again(self):
        self.client.post(reverse("accounts:safety_screen"), self.answers())
        self.client.post(
            reverse("accounts:safety_screen"), self.answers(milk_allergy=True)
        )
        outcomes = list(
            SafetyScreen.objects.filter(user=self.user)
            .order_by("created_at", "id")
            .values_list("outcome", flat=True)
        )
        self.assertEqual(outcomes, ["clear", "blocked"])
        self.assertContains(
            self.client.get(reverse("accounts:safety_screen_result")), "Milk allergy"
        )

    def test_clinician_agreement_is_recorded(self):
        self.client.post(
            reverse("accounts:safety_screen"), self.answers(immunosuppressant=True)
        )
        screen = SafetyScreen.objects.get(user=self.user)
        today = user_today(user=self.user)
        url = reverse("accounts:safety_screen_confirm", args=[screen.code])
        response = self.client.post(
            url,
            {
                "clinician_name": "Dr A Patel, GP",
                "agreed_on": today.isoformat(),
                "confirm": "on",
            },
        )
        self.assertRedirects(response, reverse("accounts:safety_screen_result"))
        screen.refresh_from_db()
        self.assertEqual(
            (screen.outcome, screen.clinician_name, screen.clinician_agreed_on),
            ("clinician_confirmed", "Dr A Patel, GP", today),
        )

    def test_a_future_agreement_date_is_refused(self):
        self.client.post(
            reverse("accounts:safety_screen"), self.answers(central_line=True)
        )
        screen = SafetyScreen.objects.get(user=self.user)
        tomorrow = user_today(user=self.user) + timedelta(days=1)
        response = self.client.post(
            reverse("accounts:safety_screen_confirm", args=[screen.code]),
            {
                "clinician_name": "Dr X",
                "agreed_on": tomorrow.isoformat(),
                "confirm": "on",
            },
        )
        self.assertContains(response, "cannot be in the future", status_code=400)
        screen.refresh_from_db()
        self.assertEqual(screen.outcome, "clinician_required")

    def test_a_stranger_cannot_confirm_someone_elses_screen(self):
        self.client.post(
            reverse("accounts:safety_screen"), self.answers(central_line=True)
        )
        screen = SafetyScreen.objects.get(user=self.user)
        self.client.force_login(self.stranger)
        response = self.client.post(
            reverse("accounts:safety_screen_confirm", args=[screen.code]),
            {"clinician_name": "Dr X", "agreed_on": "2020-01-01", "confirm": "on"},
        )
        self.assertEqual(response.status_code, 404)
        screen.refresh_from_db()
        self.assertEqual(screen.outcome, "clinician_required")

    def test_the_screen_needs_a_profile_first(self):
        Profile.objects.filter(user=self.user).update(conditions=[])
        self.assertRedirects(
            self.client.get(reverse("accounts:safety_screen")),
            reverse("accounts:profile"),
        )
