"""Daily logs through the API: the list, one day with its version as an ETag, and
PUT, conditional and idempotent (docs/api.md, "Logging a day")."""

from datetime import timedelta

from skingarden.api import errors
from skingarden.api.views import checkins as views
from skingarden.programmes.models import CheckIn
from skingarden.programmes.services import checkins as services
from skingarden.test import make_checkin
from tests.api.base import API, ApiTestCase, day_values


class CheckInReadTests(ApiTestCase):
    def test_it_lists_the_days_in_a_period_oldest_first(self):
        first, last = self.today - timedelta(days=5), self.today - timedelta(days=3)
        url = f"{self.programme_url}/checkins?from={first}&to={last}"
        # The token (and its time of use), the programme, the profile, the days.
        with self.assertNumQueries(5):
            response = self.api_get(url)
        self.assertEqual(response.status_code, 200)
        days = [row["date"] for row in response.json()]
        self.assertEqual(days, [str(first), str(first + timedelta(days=1)), str(last)])
        row = response.json()[0]
        stored = CheckIn.objects.get(programme=self.programme, date=first)
        self.assertEqual(row["worst_itch"], stored.worst_itch)
        self.assertEqual(row["version"], 1)
        self.assertEqual(row["form_version"], "web-2")

    def test_it_refuses_a_period_that_ends_before_it_starts(self):
        url = f"{self.programme_url}/checkins?from={self.today}&to=2000-01-01"
        response = self.api_get(url)
        self.assertError(
            response, 400, errors.INVALID_INPUT, {"to": views.PERIOD_REVERSED}
        )

    def test_it_refuses_a_date_that_is_not_iso(self):
        response = self.api_get(f"{self.programme_url}/checkins?from=0")
        self.assertError(response, 400, errors.INVALID_INPUT)
        self.assertIn("from", response.json()["fields"])

    def test_one_day_carries_its_version_as_etag(self):
        response = self.api_get(self.day_url(days_ago=2))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["ETag"], '"1"')
        self.assertEqual(response.json()["date"], str(self.today - timedelta(days=2)))

    def test_an_unchanged_day_answers_304(self):
        response = self.api_get(self.day_url(days_ago=2), HTTP_IF_NONE_MATCH='"1"')
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")

    def test_a_day_not_logged_is_404(self):
        response = self.api_get(self.day_url(days_ago=0))
        message = views.NOT_LOGGED_YET.format(day=self.today.isoformat())
        self.assertError(response, 404, message)

    def test_a_stranger_gets_404_for_list_and_day(self):
        for url in (f"{self.programme_url}/checkins", self.day_url(days_ago=2)):
            with self.subTest(url=url):
                response = self.api_get(url, self.charlie_token)
                self.assertError(response, 404, "No such programme.")


class CheckInPutTests(ApiTestCase):
    def test_if_none_match_creates_a_day_not_logged(self):
        response = self.api_put(self.day_url(), day_values(), HTTP_IF_NONE_MATCH="*")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response["ETag"], '"1"')
        stored = CheckIn.objects.get(owner=self.alice, date=self.today)
        self.assertEqual((stored.worst_itch, stored.note), (4, "Itchy after the gym."))
        self.assertEqual(stored.form_version, "api-1")
        self.assertEqual(stored.version, 1)
        self.assertTrue(response.json()["saved"])

    def test_if_match_replaces_the_version_seen_and_bumps_it(self):
        url = self.day_url(days_ago=2)
        response = self.api_put(url, day_values(worst_itch=9), HTTP_IF_MATCH='"1"')
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response["ETag"], '"2"')
        stored = CheckIn.objects.get(owner=self.alice, date=self.today - timedelta(2))
        self.assertEqual((stored.worst_itch, stored.version), (9, 2))

    def test_a_stale_version_is_412_with_the_current_one(self):
        url = self.day_url(days_ago=2)
        self.api_put(url, day_values(worst_itch=9), HTTP_IF_MATCH='"1"')
        response = self.api_put(url, day_values(worst_itch=1), HTTP_IF_MATCH='"1"')
        self.assertError(response, 412, views.CHANGED_SINCE.format(current=2))
        self.assertEqual(response["ETag"], '"2"')
        stored = CheckIn.objects.get(owner=self.alice, date=self.today - timedelta(2))
        self.assertEqual(stored.worst_itch, 9)

    def test_creating_a_day_already_logged_is_412(self):
        response = self.api_put(
            self.day_url(days_ago=2), day_values(), HTTP_IF_NONE_MATCH="*"
        )
        self.assertError(response, 412, views.ALREADY_LOGGED.format(current=1))
        self.assertEqual(response["ETag"], '"1"')
        stored = CheckIn.objects.get(owner=self.alice, date=self.today - timedelta(2))
        self.assertEqual(stored.version, 1)

    def test_matching_a_day_not_logged_is_412(self):
        response = self.api_put(self.day_url(), day_values(), HTTP_IF_MATCH='"1"')
        self.assertError(response, 412, views.NOT_LOGGED_FOR_MATCH)
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_no_condition_is_428(self):
        response = self.api_put(self.day_url(), day_values())
        self.assertError(response, 428, views.PRECONDITION_REQUIRED)
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_both_conditions_are_refused(self):
        response = self.api_put(
            self.day_url(), day_values(), HTTP_IF_MATCH='"1"', HTTP_IF_NONE_MATCH="*"
        )
        message = views.BOTH_CONDITIONS
        self.assertError(response, 400, message, {"If-Match": message})
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_sending_the_same_day_again_writes_nothing(self):
        """A retry after a lost answer: 200, saved false, the version unchanged."""
        self.api_put(self.day_url(), day_values(), HTTP_IF_NONE_MATCH="*")
        response = self.api_put(self.day_url(), day_values(), HTTP_IF_NONE_MATCH="*")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["saved"])
        self.assertEqual(response["ETag"], '"1"')
        self.assertEqual(CheckIn.objects.get(date=self.today).version, 1)

    def test_queued_days_do_not_conflict_with_each_other(self):
        """The version is the day's: two new days sent in a row both save, and the
        programme's own changes (its revision) do not matter."""
        yesterday = self.day_url(days_ago=1)
        CheckIn.objects.filter(date=self.today - timedelta(days=1)).delete()
        for url in (yesterday, self.day_url()):
            response = self.api_put(url, day_values(), HTTP_IF_NONE_MATCH="*")
            self.assertEqual(response.status_code, 201, response.content)
        for day in (self.today - timedelta(days=1), self.today):
            stored = CheckIn.objects.get(programme=self.programme, date=day)
            self.assertEqual(stored.version, 1)

    def test_the_web_form_bumps_the_version_too(self):
        day = self.today - timedelta(days=2)
        make_checkin(self.programme, day, today=self.today, worst_itch=8)
        response = self.api_get(self.day_url(days_ago=2))
        self.assertEqual(response["ETag"], '"2"')

    def test_a_service_refusal_names_its_field_and_writes_nothing(self):
        response = self.api_put(
            self.day_url(), day_values(worst_itch=None), HTTP_IF_NONE_MATCH="*"
        )
        self.assertError(
            response,
            400,
            errors.INVALID_INPUT,
            {"worst_itch": services.PRIMARY_REQUIRED},
        )
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_a_future_day_is_refused(self):
        url = f"{self.programme_url}/checkins/{self.today + timedelta(days=1)}"
        response = self.api_put(url, day_values(), HTTP_IF_NONE_MATCH="*")
        self.assertError(
            response, 400, errors.INVALID_INPUT, {"date": services.FUTURE_DAY}
        )
        self.assertFalse(CheckIn.objects.filter(date__gt=self.today).exists())

    def test_input_that_breaks_the_schema_is_400_with_paths(self):
        body = day_values(worst_itch="4", products=["emollient", "soap"], extra=1)
        response = self.api_put(self.day_url(), body, HTTP_IF_NONE_MATCH="*")
        self.assertError(response, 400, errors.INVALID_INPUT)
        self.assertEqual(
            set(response.json()["fields"]), {"worst_itch", "products[1]", "extra"}
        )
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_a_body_that_is_not_json_is_400(self):
        response = self.client.put(
            self.day_url(),
            "{not json",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.alice_token}",
            HTTP_IF_NONE_MATCH="*",
        )
        self.assertError(response, 400, errors.BODY_NOT_JSON)

    def test_a_whole_number_written_with_a_point_is_accepted(self):
        """JSON Schema counts 4.0 as an integer; 4.5 is not one."""
        response = self.api_put(
            self.day_url(), day_values(worst_itch=4.0), HTTP_IF_NONE_MATCH="*"
        )
        self.assertEqual(response.status_code, 201)
        response = self.api_put(
            self.day_url(days_ago=1), day_values(worst_itch=4.5), HTTP_IF_MATCH='"1"'
        )
        self.assertError(response, 400, errors.INVALID_INPUT)

    def test_a_red_flag_comes_back_with_its_advice(self):
        body = day_values(red_flags=["allergic_reaction"])
        response = self.api_put(self.day_url(), body, HTTP_IF_NONE_MATCH="*")
        flags = response.json()["new_red_flags"]
        self.assertEqual([f["flag"] for f in flags], ["allergic_reaction"])
        self.assertEqual(flags[0]["urgency"], "emergency")
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "paused")

    def test_a_stranger_gets_404_and_nothing_is_written(self):
        response = self.api_put(
            self.day_url(), day_values(), self.charlie_token, HTTP_IF_NONE_MATCH="*"
        )
        self.assertError(response, 404, "No such programme.")
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_a_read_only_token_cannot_write(self):
        response = self.api_put(
            self.day_url(),
            day_values(),
            self.alice_read_token,
            HTTP_IF_NONE_MATCH="*",
        )
        self.assertError(
            response,
            403,
            "This token or account can only read; this request would change data.",
        )
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_wrong_method_is_a_json_405(self):
        response = self.client.delete(
            self.day_url(), HTTP_AUTHORIZATION=f"Bearer {self.alice_token}"
        )
        message = errors.METHOD_NOT_ALLOWED.format(method="DELETE", allowed="GET, PUT")
        self.assertError(response, 405, message, {})
        self.assertEqual(response["Allow"], "GET, PUT")


class UnknownAddressTests(ApiTestCase):
    def test_an_unknown_address_is_a_json_404(self):
        response = self.api_get(f"{API}/nothing/here")
        self.assertError(response, 404, errors.NOT_FOUND)
