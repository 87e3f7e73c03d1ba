"""Pooled results: finished clients' stored effects, pooled per protocol."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from skingarden.programmes.models import Programme
from skingarden.reports.models import Report
from skingarden.reports.selectors import report_as_of, report_key
from skingarden.sharing import services as sharing_services
from skingarden.sharing.models import AccessEvent, Consent
from skingarden.test import make_participant, make_programme
from tests.sharing.helpers import SharingTestCase, share

# Effects (itch NRS, kefir minus baseline) and standard errors for four clients.
EFFECTS = [(-1.0, 0.5), (-2.0, 0.6), (0.5, 0.4), (-0.5, 0.7)]


def finished_with_report(email, effect, standard_error):
    """A completed programme whose current report carries a stored effect."""
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
            "ci_low": effect - 1.96 * standard_error,
            "ci_high": effect + 1.96 * standard_error,
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
