from datetime import timedelta

from django.urls import reverse

from skingarden.programmes.models import CheckIn, Programme, RedFlagEvent
from skingarden.test import BaseTestCase, make_checkin


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


class CheckInViewTests(BaseTestCase):
    def url(self, day=None, programme=None):
        programme = programme or self.programme
        return reverse(
            "programmes:checkin", args=[programme.code, (day or self.today).isoformat()]
        )

    def test_it_is_prefilled_from_the_day_before_with_todays_planned_dose(self):
        make_checkin(
            self.programme,
            self.today - timedelta(days=1),
            worst_itch=8,
            kefir_ml=10,
            energy=3,
            note="yesterday's note",
            tags=["travel"],
        )
        self.login(self.alice)
        response = self.client.get(self.url())
        form = response.context["form"]
        self.assertEqual(
            (form.initial["worst_itch"], form.initial["energy"], form.initial["tags"]),
            (8, 3, ["travel"]),
        )
        self.assertEqual(form.initial["kefir_ml"], 10)
        self.assertNotIn("note", form.initial)
        self.assertNotIn("red_flags", form.initial)

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
