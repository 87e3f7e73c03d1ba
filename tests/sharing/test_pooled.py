"""Pooled results: finished clients' stored effects, pooled per protocol."""

from datetime import timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from skingarden.analysis.wording import Terms, effect_sentence, interval
from skingarden.programmes.models import Programme
from skingarden.reports.models import Report
from skingarden.reports.selectors import report_as_of, report_key
from skingarden.sharing import services as sharing_services
from skingarden.sharing.models import AccessEvent, Consent
from skingarden.sharing.pooling import pending_sentence
from skingarden.test import make_participant, make_programme
from tests.sharing.helpers import SharingTestCase, share

# Effects (itch NRS, kefir minus baseline) and standard errors for four clients.
EFFECTS = [(-1.0, 0.5), (-2.0, 0.6), (0.5, 0.4), (-0.5, 0.7)]


def finished_with_report(email, effect, standard_error, interval=None):
    """A completed programme whose current report carries a stored effect (its
    interval symmetric unless ``interval`` gives the report's own)."""
    person = make_participant(email)
    start = timezone.now().date() - timedelta(days=60)
    programme = make_programme(person, start=start, today=start)
    Programme.objects.filter(pk=programme.pk).update(
        status=Programme.Status.COMPLETED, ended_on=programme.end_date
    )
    programme.refresh_from_db()
    as_of = report_as_of(programme=programme, today=timezone.now().date())
    Report.objects.create(
        programme=programme,
        key=report_key(programme=programme, as_of=as_of),
        as_of=as_of,
        interim=False,
        status=Report.Status.READY,
        requested_at=timezone.now(),
        effect={
            "measure": "worst_itch",
            "unit": "points",
            "lower_is_better": True,
            "estimate": effect,
            "ci_low": interval[0] if interval else effect - 1.96 * standard_error,
            "ci_high": interval[1] if interval else effect + 1.96 * standard_error,
            "standard_error": standard_error,
        },
    )
    return person, programme


class PooledTests(SharingTestCase):
    def share_finished(self, count):
        for number, (effect, se) in enumerate(EFFECTS[:count]):
            person, programme = finished_with_report(
                f"done{number}@example.org", effect, se
            )
            share(person, self.pat, programme)

    def test_two_clients_are_not_pooled_and_the_page_says_why(self):
        self.share_finished(2)
        self.login(self.pat)
        response = self.client.get(reverse("sharing:pooled"))
        self.assertContains(response, "pooling needs at least 3")
        self.assertEqual(AccessEvent.objects.filter(action="pooled").count(), 2)

    def test_four_clients_are_pooled_with_a_forest_plot(self):
        self.share_finished(4)
        self.login(self.pat)
        response = self.client.get(reverse("sharing:pooled"))
        (group,) = response.context["groups"]
        fit = group.analysis.primary
        self.assertEqual((fit.method, len(fit.shrunken)), ("REML", 4))
        # Every weight 1/(v + tau^2) is positive, so the mean lies inside the range.
        self.assertTrue(-2.0 < fit.estimate < 0.5)
        self.assertContains(response, 'id="forest-gut-skin-21-worst_itch"')
        self.assertContains(response, "done3@example.org")
        self.assertEqual(AccessEvent.objects.filter(action="pooled").count(), 4)

    def test_an_out_of_date_report_is_queued_and_counted_as_pending(self):
        self.share_finished(3)
        Programme.objects.filter(owner__email="done0@example.org").update(revision=99)
        self.login(self.pat)
        response = self.client.get(reverse("sharing:pooled"))
        (group,) = response.context["groups"]
        self.assertEqual((group.pending, len(group.clients)), (1, 2))
        report = Report.objects.get(programme__owner__email="done0@example.org")
        self.assertEqual(report.status, Report.Status.QUEUED)

    def test_open_programmes_and_revoked_clients_are_left_out(self):
        self.share_finished(3)
        revoked = Consent.objects.get(participant__email="done1@example.org")
        sharing_services.consent_revoke(consent=revoked, now=timezone.now())
        self.login(self.pat)
        response = self.client.get(reverse("sharing:pooled"))
        (group,) = response.context["groups"]
        self.assertEqual(
            [client.consent.participant.email for client in group.clients],
            ["done0@example.org", "done2@example.org"],
        )
        self.assertIsNone(group.analysis.primary)
        self.assertContains(response, "2 clients finished this protocol")
        included = AccessEvent.objects.filter(action="pooled")
        self.assertEqual(included.count(), 2)
        self.assertFalse(
            included.filter(participant__email="done1@example.org").exists()
        )


class PooledAgreesWithTheReportsTests(SharingTestCase):
    """Issue 12 §4: each client's interval is the one their report shows; the normal
    approximation pooling needs is stated with its size; the words follow the one
    sign convention; the page polls while reports are being built."""

    def setUp(self):
        # The client: the report says −2.66 to 1.10 around −1.05; pooling
        # uses a normal interval of the same width, SE = 3.76 / 3.92.
        reported = (-2.66, 1.10)
        person, programme = finished_with_report(
            "asym@example.org", -1.05, (1.10 + 2.66) / 3.92, reported
        )
        share(person, self.pat, programme)
        for number, (effect, se) in enumerate(EFFECTS[:2]):
            person, programme = finished_with_report(
                f"done{number}@example.org", effect, se
            )
            share(person, self.pat, programme)
        self.login(self.pat)

    def test_each_clients_interval_is_their_reports(self):
        response = self.client.get(reverse("sharing:pooled"))
        (group,) = response.context["groups"]
        chart = {r["label"]: r for r in group.chart["datasets"]["clients"]}
        self.assertEqual(
            (chart["asym@example.org"]["low"], chart["asym@example.org"]["high"]),
            (-2.66, 1.10),
        )
        # The table: the report's interval, then the normal one pooling used
        # (−1.05 ± 1.88 = −2.93 to 0.83), signed, one decimal.
        self.assertContains(
            response,
            "<td>asym@example.org</td><td>\u22121.1</td><td>\u22122.7 to +1.1</td>"
            "<td>\u22122.9 to +0.8</td>",
        )
        self.assertContains(
            response,
            escape(
                "For these clients its ends lie up to 0.3 points from the report's "
                "(asym@example.org)."
            ),
        )

    def test_the_pooled_result_is_said_in_words(self):
        response = self.client.get(reverse("sharing:pooled"))
        (group,) = response.context["groups"]
        fit = group.analysis.primary
        words = effect_sentence(
            fit.estimate,
            fit.interval.low,
            fit.interval.high,
            Terms("worst itch", "points", owner=""),
            opening=False,
        )
        self.assertContains(
            response,
            f"<strong>Across these 3 clients, on average: {escape(words)}</strong>",
        )
        self.assertContains(response, "Own estimate (points; lower is better)")
        hk = fit.hartung_knapp
        self.assertContains(
            response,
            "spread (Hartung–Knapp), the 95 % interval is "
            f"{interval(hk.low, hk.high)}.",
        )
        self.assertNotContains(response, "docs/pooled.md")

    def test_while_a_report_is_built_the_page_polls_in_correct_english(self):
        Programme.objects.filter(owner__email="done0@example.org").update(revision=99)
        response = self.client.get(reverse("sharing:pooled"))
        self.assertContains(
            response,
            f'hx-get="{reverse("sharing:pooled")}" hx-trigger="every 3s"',
        )
        self.assertContains(response, "1 client&#x27;s results are being computed.")
        recorded = AccessEvent.objects.count()
        with mock.patch("skingarden.sharing.pooling.pool_effects") as pooling:
            poll = self.client.get(
                reverse("sharing:pooled"), headers={"HX-Request": "1"}
            )
        # The poll only counts: it pools no one.
        pooling.assert_not_called()
        self.assertContains(poll, 'id="pooled-pending"')
        self.assertContains(poll, "1 client&#x27;s results are being computed.")
        self.assertNotContains(poll, "<h1>")
        self.assertNotIn("HX-Refresh", poll)
        # A poll shows no one's results, so it records no access.
        self.assertEqual(AccessEvent.objects.count(), recorded)

    def test_the_poll_reloads_the_page_once_nothing_is_pending(self):
        poll = self.client.get(reverse("sharing:pooled"), headers={"HX-Request": "1"})
        self.assertEqual(poll["HX-Refresh"], "true")
        full = self.client.get(reverse("sharing:pooled"))
        self.assertNotContains(full, "hx-trigger")

    def test_pending_sentences(self):
        self.assertEqual(pending_sentence(1), "1 client's results are being computed.")
        self.assertEqual(pending_sentence(3), "3 clients' results are being computed.")


class PooledQueryCountTests(SharingTestCase):
    """Session, user, profile, the active consents with their participants, their
    shared programmes, the reports, the practitioner's name for the audit, and one
    insert of the access rows: the same for 3 finished clients as for 6."""

    QUERIES = 8

    def test_the_query_count_is_pinned_and_does_not_grow_with_clients(self):
        self.login(self.pat)
        made = 0
        for count in (3, 6):
            with self.subTest(clients=count):
                for number in range(made, count):
                    effect, se = EFFECTS[number % len(EFFECTS)]
                    person, programme = finished_with_report(
                        f"many{number}@example.org", effect, se
                    )
                    share(person, self.pat, programme)
                made = count
                with self.assertNumQueries(self.QUERIES):
                    response = self.client.get(reverse("sharing:pooled"))
                (group,) = response.context["groups"]
                self.assertEqual(len(group.clients), count)
