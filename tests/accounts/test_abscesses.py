"""Boils, abscesses and broken sores (issue 10, §5): the safety screen asks about a
boil or abscess now and then needs a clinician's agreement; a screen answered
before that question does not count for a new start; the daily red flags include a
growing or feverish lump with pus (same-day care), with a published source."""

from django.urls import reverse

from skingarden.accounts import screening, services
from skingarden.accounts.models import SafetyScreen
from skingarden.programmes.catalogue import RED_FLAGS, URGENCY_HEADINGS, Urgency
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors import access
from skingarden.test import BaseTestCase, clear_answers, make_checkin

OLD_RULES = "2026.11"


class ScreenQuestionTests(BaseTestCase):
    def test_a_boil_or_abscess_now_needs_a_clinician_with_the_reason_shown(self):
        self.login(self.alice)
        answers = {
            question: "yes" if value else "no"
            for question, value in clear_answers(boil_abscess=True).items()
        }
        response = self.client.post(reverse("accounts:safety_screen"), answers)
        self.assertRedirects(response, reverse("accounts:safety_screen_result"))
        screen = SafetyScreen.objects.filter(user=self.alice).latest("created_at")
        self.assertEqual(
            (screen.outcome, screen.clinician_reasons, screen.rules_version),
            ("clinician_required", ["boil_abscess"], screening.RULES_VERSION),
        )
        page = self.client.get(reverse("accounts:safety_screen_result"))
        rule = screening.rule("boil_abscess")
        self.assertContains(page, rule.title)
        self.assertContains(page, "Kefir must never go on it")
        self.assertContains(page, "NHS website, “Boils”")
        self.assertContains(page, "Record your clinician's agreement")
        self.assertEqual(
            access.programme_start_readiness(user=self.alice).problem,
            access.SCREEN_NEEDS_CLINICIAN,
        )

    def test_the_question_is_asked_and_feeds_a_clinician_rule(self):
        question = next(q for q in screening.QUESTIONS if q.id == "boil_abscess")
        self.assertIn("skin abscess", question.text)
        self.assertIs(
            screening.rule(question.rule_id).effect, screening.Effect.CLINICIAN
        )
        self.assertNotEqual(screening.RULES_VERSION, OLD_RULES)


class OlderScreenTests(BaseTestCase):
    """Alice answered the screen before the question existed."""

    def setUp(self):
        old_answers = clear_answers()
        del old_answers["boil_abscess"]
        SafetyScreen.objects.filter(user=self.alice).update(
            rules_version=OLD_RULES, answers=old_answers
        )
        self.login(self.alice)

    def test_it_no_longer_counts_for_a_new_start(self):
        self.assertEqual(
            access.programme_start_readiness(user=self.alice).problem,
            access.SCREEN_RULES_CHANGED,
        )
        page = self.client.get(reverse("programmes:start"))
        self.assertContains(page, "The screen has a new question: answer it again")
        self.assertNotContains(page, "Set up my programme")

    def test_the_screen_asks_the_new_question_unanswered(self):
        page = self.client.get(reverse("accounts:safety_screen"))
        self.assertContains(page, 'id="id_boil_abscess_1">')
        self.assertNotContains(page, 'id="id_boil_abscess_1" checked')
        self.assertNotContains(page, 'id="id_boil_abscess_0" checked')
        self.assertContains(page, 'id="id_central_line_1" checked')

    def test_answering_it_again_makes_the_screen_count(self):
        services.safety_screen_submit(
            user=self.alice, answers=clear_answers(), today=self.today
        )
        self.assertTrue(access.programme_start_readiness(user=self.alice).ready)

    def test_the_programme_under_way_carries_on(self):
        page = self.client.get(reverse("programmes:dashboard"))
        self.assertEqual(page.status_code, 200)
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).status, "active")

    def test_a_stranger_cannot_confirm_the_older_screen(self):
        screen = SafetyScreen.objects.get(user=self.alice)
        self.login(self.charlie)
        response = self.client.post(
            reverse("accounts:safety_screen_confirm", args=[screen.code]),
            {"clinician_name": "Dr X", "agreed_on": self.today, "confirm": "on"},
        )
        self.assertEqual(response.status_code, 404)
        screen.refresh_from_db()
        self.assertEqual((screen.clinician_name, screen.rules_version), ("", OLD_RULES))


class AbscessRedFlagTests(BaseTestCase):
    def setUp(self):
        make_checkin(self.programme, self.today, red_flags=["abscess"])
        self.url = reverse("programmes:red_flags", args=[self.programme.code])

    def test_a_growing_or_feverish_lump_with_pus_is_same_day_care(self):
        flag = RED_FLAGS["abscess"]
        self.assertIs(flag.urgency, Urgency.SAME_DAY)
        self.assertIn("pus", flag.question)
        self.assertIn("getting bigger", flag.question)
        self.assertIn("fever", flag.question)

    def test_answering_yes_pauses_and_shows_the_advice_with_its_source(self):
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).status, "paused")
        self.login(self.alice)
        page = self.client.get(self.url)
        self.assertContains(page, URGENCY_HEADINGS[Urgency.SAME_DAY])
        self.assertContains(page, "put no kefir on it")
        self.assertContains(page, "Source: NHS website, “Skin abscess”")

    def test_a_stranger_gets_404_and_changes_nothing(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).status, "paused")

    def test_every_red_flag_cites_a_published_source_not_an_internal_note(self):
        for key, flag in RED_FLAGS.items():
            with self.subTest(key):
                self.assertNotIn("research note", flag.source.lower())
                self.assertNotIn(".md", flag.source)
                self.assertNotIn("not verified", flag.source.lower())
