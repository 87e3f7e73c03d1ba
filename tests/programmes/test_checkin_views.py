import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse

from skingarden.programmes.models import CheckIn, Programme, RedFlagEvent
from skingarden.programmes.services import checkins as checkin_services
from skingarden.test import (
    BaseTestCase,
    make_checkin,
    make_participant,
    make_split_body_programme,
)


def post_data(**overrides):
    data = {
        "worst_itch": "4",
        "sleep_loss": "2",
        "kefir_ml": "10",
        "gut_discomfort": "1",
        "bowel_movements": "1",
        "stool_form": "4",
        "fruit_veg_servings": "5",
        "fibre_servings": "2",
        "energy": "7",
        "products": ["emollient"],
        "tags": ["stress"],
        "no_red_flags": "on",
        "note": "fine day",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# The fields the analysis uses as outcomes (reports.series and the protocol's
# secondary outcomes): none may be shown filled in on a new day.
OUTCOMES = (
    "worst_itch",
    "sleep_loss",
    "gut_discomfort",
    "energy",
    "bowel_movements",
    "stool_form",
)


def filled_inputs(html: str, name: str) -> list[str]:
    """The inputs named ``name`` that show an answer: a ticked box or radio, or a
    typed number."""
    tags = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return [
        tag
        for tag in tags
        if " checked" in tag or ('type="number"' in tag and " value=" in tag)
    ]


class CheckInViewTests(BaseTestCase):
    def url(self, day=None, programme=None):
        programme = programme or self.programme
        return reverse(
            "programmes:checkin", args=[programme.code, (day or self.today).isoformat()]
        )

    def test_a_new_days_outcomes_and_products_start_blank(self):
        make_checkin(
            self.programme,
            self.today - timedelta(days=1),
            worst_itch=8,
            sleep_loss=6,
            kefir_ml=10,
            energy=3,
            gut_discomfort=2,
            bowel_movements=2,
            stool_form=5,
            note="yesterday's note",
            tags=["travel"],
            products=["topical_steroid"],
        )
        self.login(self.alice)
        response = self.client.get(self.url())
        form = response.context["form"]
        # Only the planned dose and the day before's tags (issue 10 §1).
        self.assertEqual(form.initial, {"kefir_ml": 10, "tags": ["travel"]})
        html = response.content.decode()
        for name in (*OUTCOMES, "products"):
            with self.subTest(field=name):
                self.assertEqual(filled_inputs(html, name), [])
        self.assertNotIn("Filled in from your previous log", html)
        self.assertIn("Every answer starts blank", html)
        self.assertIn(
            f"Same as my log of {self.today - timedelta(days=1):%A %-d %B}", html
        )

    def test_editing_a_day_shows_that_days_own_answers(self):
        make_checkin(self.programme, self.today - timedelta(days=1), worst_itch=8)
        make_checkin(
            self.programme,
            self.today,
            worst_itch=2,
            products=["antihistamine"],
            red_flags=[],
            note="today",
        )
        self.login(self.alice)
        form = self.client.get(self.url()).context["form"]
        self.assertEqual(
            (
                form.initial["worst_itch"],
                form.initial["products"],
                form.initial["note"],
                form.initial["no_red_flags"],
            ),
            (2, ["antihistamine"], "today", True),
        )

    def test_same_as_yesterday_copies_products_keeps_what_was_typed_and_saves_nothing(
        self,
    ):
        make_checkin(
            self.programme,
            self.today - timedelta(days=1),
            products=["topical_steroid", "emollient"],
        )
        self.login(self.alice)
        data = post_data(products=[], worst_itch="3", same_as_yesterday="1")
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form.initial["products"], ["topical_steroid", "emollient"])
        self.assertEqual(
            (form.initial["worst_itch"], form.initial["note"]), ("3", "fine day")
        )
        self.assertFalse(form.is_bound)
        self.assertFalse(
            CheckIn.objects.filter(owner=self.alice, date=self.today).exists()
        )
        self.assertContains(response, "untick any you did not use today")

    def test_a_stranger_cannot_copy_someone_elses_day(self):
        self.login(self.charlie)
        response = self.client.post(self.url(), post_data(same_as_yesterday="1"))
        self.assertEqual(response.status_code, 404)

    def test_each_save_records_the_web_form_version(self):
        self.login(self.alice)
        self.client.post(self.url(), post_data())
        checkin = CheckIn.objects.get(owner=self.alice, date=self.today)
        self.assertEqual(checkin.form_version, "web-2")

    def test_it_saves_the_day_and_goes_back_to_the_dashboard(self):
        self.login(self.alice)
        response = self.client.post(self.url(), post_data())
        self.assertRedirects(response, reverse("programmes:dashboard"))
        checkin = CheckIn.objects.get(owner=self.alice, date=self.today)
        self.assertEqual(
            (
                checkin.worst_itch,
                checkin.kefir_ml,
                checkin.tags,
                checkin.products,
                checkin.note,
                checkin.red_flags,
                checkin.is_late,
            ),
            (4, 10, ["stress"], ["emollient"], "fine day", [], False),
        )

    def test_saving_again_updates_and_never_duplicates(self):
        self.login(self.alice)
        self.client.post(self.url(), post_data())
        self.client.post(self.url(), post_data(worst_itch="2", sleep_loss=None))
        checkin = CheckIn.objects.get(owner=self.alice, date=self.today)
        self.assertEqual((checkin.worst_itch, checkin.sleep_loss), (2, None))
        self.assertEqual(
            CheckIn.objects.filter(owner=self.alice, date=self.today).count(), 1
        )

    def test_a_past_day_is_saved_as_a_late_entry(self):
        CheckIn.objects.filter(date=self.today - timedelta(days=3)).delete()
        self.login(self.alice)
        self.client.post(self.url(self.today - timedelta(days=3)), post_data())
        self.assertTrue(
            CheckIn.objects.get(
                owner=self.alice, date=self.today - timedelta(days=3)
            ).is_late
        )

    def test_bad_input_shows_a_message_beside_the_field_and_saves_nothing(self):
        self.login(self.alice)
        cases = {
            "worst_itch": post_data(worst_itch="11"),
            "gut_discomfort": post_data(gut_discomfort="seven"),
            "kefir_ml": post_data(kefir_ml="-5"),
            "red_flags": post_data(no_red_flags=None),
            "stool_form": post_data(bowel_movements="0"),
            "tags": post_data(tags=["not-a-tag"]),
        }
        for field, data in cases.items():
            with self.subTest(field=field):
                response = self.client.post(self.url(), data)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors[field])
                self.assertContains(response, f'id="field-{field}"', status_code=400)
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_the_primary_outcome_is_required(self):
        self.login(self.alice)
        response = self.client.post(self.url(), post_data(worst_itch=None))
        self.assertEqual(
            response.context["form"].errors["worst_itch"], ["This field is required."]
        )
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_a_future_day_is_never_saved(self):
        self.login(self.alice)
        tomorrow = self.today + timedelta(days=1)
        self.assertContains(self.client.get(self.url(tomorrow)), "has not happened yet")
        response = self.client.post(self.url(tomorrow), post_data())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.context["form"].non_field_errors(),
            ["You cannot log a day that has not happened yet."],
        )
        self.assertFalse(CheckIn.objects.filter(date=tomorrow).exists())

    def test_a_malformed_date_is_404_not_a_server_error(self):
        self.login(self.alice)
        bad = reverse("programmes:checkin", args=[self.programme.code, "2026-02-31"])
        self.assertEqual(self.client.get(bad).status_code, 404)
        self.assertEqual(self.client.post(bad, post_data()).status_code, 404)

    def test_a_red_flag_leads_straight_to_stop_and_seek_care(self):
        self.login(self.alice)
        response = self.client.post(
            self.url(), post_data(no_red_flags=None, red_flags=["eczema_herpeticum"])
        )
        self.assertRedirects(
            response, reverse("programmes:red_flags", args=[self.programme.code])
        )
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "paused")
        page = self.client.get(response["Location"])
        self.assertContains(page, "Get medical help today")
        self.assertContains(page, "eczema herpeticum")
        self.assertEqual(RedFlagEvent.objects.get().flag, "eczema_herpeticum")

    def test_ticking_none_and_a_flag_together_is_refused(self):
        self.login(self.alice)
        response = self.client.post(self.url(), post_data(red_flags=["self_harm"]))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(RedFlagEvent.objects.exists())

    def test_a_step_back_is_explained_after_saving(self):
        # Today is kefir day 3, still at the lowest step (10 ml).
        self.login(self.alice)
        make_checkin(
            self.programme,
            self.today - timedelta(days=1),
            gut_discomfort=2,
            kefir_ml=10,
        )
        response = self.client.post(
            self.url(), post_data(gut_discomfort="3"), follow=True
        )
        self.assertContains(response, "You are on the lowest step (10 ml)")

    def test_strangers_get_404_and_change_nothing(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(
            self.client.post(self.url(), post_data(worst_itch="0")).status_code, 404
        )
        self.assertFalse(CheckIn.objects.filter(owner=self.charlie).exists())
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.post(self.url(), post_data())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("accounts:login")))
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_put_is_not_allowed(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(self.url()).status_code, 405)

    def test_query_count_is_pinned(self):
        self.login(self.alice)
        # session, user, profile, programme, phases, logs, amendments, red flags,
        # POEM, today's check-in, the previous check-in
        with self.assertNumQueries(11):
            self.client.get(self.url())

    def test_a_closed_programme_refuses_new_logs(self):
        Programme.objects.filter(pk=self.programme.pk).update(status="completed")
        self.login(self.alice)
        response = self.client.post(self.url(), post_data())
        self.assertEqual(response.status_code, 400)
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())


class CheckInListTests(BaseTestCase):
    def test_it_lists_every_day_with_gaps_in_a_fixed_number_of_queries(self):
        CheckIn.objects.filter(date=self.alice_start + timedelta(days=2)).delete()
        self.login(self.alice)
        url = reverse("programmes:checkin_list", args=[self.programme.code])
        with self.assertNumQueries(10):
            response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 10)
        self.assertContains(
            response, "not logged", count=2
        )  # the deleted day and today

    def test_strangers_get_404(self):
        self.login(self.charlie)
        url = reverse("programmes:checkin_list", args=[self.programme.code])
        self.assertEqual(self.client.get(url).status_code, 404)


class SplitBodyCheckInTests(BaseTestCase):
    """With the split-body design the log asks for the primary measure on each of
    the two sites, named with the drawn allocation (issue 10 §3)."""

    def setUp(self):
        self.bea = make_participant("bea@example.org")
        self.start = self.today - timedelta(days=2)
        self.split = make_split_body_programme(self.bea, start=self.start)
        self.url = reverse(
            "programmes:checkin", args=[self.split.code, self.today.isoformat()]
        )

    def test_the_two_sites_are_asked_by_name_and_start_blank(self):
        make_checkin(self.split, self.start, site_kefir=6, site_carrier=5)
        self.client.force_login(self.bea)
        response = self.client.get(self.url)
        self.assertContains(
            response, "Worst itch on your left forearm — kefir in carrier"
        )
        self.assertContains(response, "Worst itch on your right forearm — carrier only")
        html = response.content.decode()
        self.assertEqual(filled_inputs(html, "site_kefir"), [])
        self.assertEqual(filled_inputs(html, "site_carrier"), [])

    def test_both_sites_are_saved_and_each_is_required(self):
        self.client.force_login(self.bea)
        response = self.client.post(self.url, post_data(site_kefir="3"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("site_carrier", response.context["form"].errors)
        self.assertFalse(CheckIn.objects.filter(owner=self.bea).exists())
        self.client.post(self.url, post_data(site_kefir="3", site_carrier="5"))
        checkin = CheckIn.objects.get(owner=self.bea, date=self.today)
        self.assertEqual((checkin.site_kefir, checkin.site_carrier), (3, 5))

    def test_a_programme_without_two_sites_refuses_site_scores(self):
        with self.assertRaisesMessage(ValidationError, checkin_services.NOT_SPLIT_BODY):
            make_checkin(self.programme, self.today, site_kefir=3)
        self.assertFalse(
            CheckIn.objects.filter(programme=self.programme, date=self.today).exists()
        )

    def test_a_site_score_beyond_the_primary_measures_scale_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "Rate each site from 0 to 10"):
            make_checkin(self.split, self.today, site_kefir=11, site_carrier=2)

    def test_a_stranger_gets_404(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        response = self.client.post(
            self.url, post_data(site_kefir="3", site_carrier="5")
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(CheckIn.objects.filter(programme=self.split).exists())
