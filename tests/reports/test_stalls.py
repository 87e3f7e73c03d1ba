"""A build that stops moving (its worker died) shows a retry button after a few
minutes and is queued again by the button or the next visit; a build that moves is
left alone however long it runs; a report queued twice is built once."""

from datetime import date, timedelta
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Programme
from skingarden.reports import services
from skingarden.reports.models import STALLS_AFTER, Report
from skingarden.reports.tasks import build_report
from skingarden.test import make_participant, make_programme, sign_in
from tests.reports import helpers
from tests.sharing.helpers import make_practitioner, share

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MOVING_TEXT = "usually takes a few seconds"


class StalledBuildTests(TestCase):
    owner: User
    stranger: User
    today: date
    programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.owner = make_participant("owner@example.org")
        cls.today = user_today(user=cls.owner)
        cls.programme = make_programme(cls.owner)
        cls.stranger = make_participant("stranger@example.org")
        make_programme(cls.stranger)

    def setUp(self):
        self.client.force_login(self.owner)
        self.enqueue = self.enterContext(mock.patch.object(services, "_enqueue"))
        with self.captureOnCommitCallbacks(execute=True):
            self.report = services.report_request(
                programme=self.programme, today=self.today
            )
        self.enqueue.reset_mock()

    def url(self, name):
        return reverse(f"reports:{name}", args=[self.programme.code])

    def last_moved(self, ago):
        moved = timezone.now() - ago
        Report.objects.filter(pk=self.report.pk).update(moved_at=moved)
        return moved

    def test_a_build_still_for_a_few_minutes_offers_to_try_again(self):
        self.last_moved(STALLS_AFTER + timedelta(seconds=1))
        response = self.client.get(self.url("progress"))
        self.assertContains(response, services.BUILD_STALLED)
        self.assertContains(response, f'action="{self.url("retry")}"')
        self.assertContains(response, 'hx-trigger="every 5s"')
        self.assertNotContains(response, MOVING_TEXT)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url("retry"))
        self.assertRedirects(response, self.url("report"))
        report = Report.objects.get(pk=self.report.pk)
        self.assertEqual((report.status, report.progress), ("queued", 0))
        self.assertLess(timezone.now() - report.moved_at, timedelta(seconds=5))
        self.enqueue.assert_called_once_with(report.pk, report.key)

    def test_just_short_of_the_limit_it_is_still_waiting(self):
        moved = self.last_moved(STALLS_AFTER - timedelta(seconds=5))
        response = self.client.get(self.url("progress"))
        self.assertContains(response, MOVING_TEXT)
        self.assertNotContains(response, services.BUILD_STALLED)
        self.assertNotContains(response, self.url("retry"))
        self.assertContains(response, 'hx-trigger="every 1s"')
        self.client.post(self.url("retry"))  # a stale form: nothing to do
        self.assertEqual(Report.objects.get(pk=self.report.pk).moved_at, moved)
        self.enqueue.assert_not_called()

    def test_a_build_that_moves_is_left_alone_however_long_it_runs(self):
        # Requested twenty minutes ago, a step done a minute ago.
        Report.objects.filter(pk=self.report.pk).update(
            status="running",
            requested_at=timezone.now() - timedelta(minutes=20),
            moved_at=timezone.now() - timedelta(minutes=1),
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.assertContains(self.client.get(self.url("report")), MOVING_TEXT)
        self.enqueue.assert_not_called()

    def test_a_visit_queues_a_stalled_build_again(self):
        self.last_moved(STALLS_AFTER)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(self.url("report"))
        self.assertContains(response, MOVING_TEXT)
        self.enqueue.assert_called_once_with(self.report.pk, self.report.key)

    def test_a_stranger_cannot_retry_it(self):
        moved = self.last_moved(STALLS_AFTER + timedelta(seconds=1))
        self.client.force_login(self.stranger)
        self.assertEqual(self.client.post(self.url("retry")).status_code, 404)
        self.assertEqual(self.client.get(self.url("progress")).status_code, 404)
        report = Report.objects.get(pk=self.report.pk)
        self.assertEqual((report.status, report.moved_at), ("queued", moved))
        self.enqueue.assert_not_called()

    def test_the_practitioner_sees_the_stall_without_a_button(self):
        practitioner = make_practitioner("pat@example.org")
        consent = share(self.owner, practitioner, self.programme)
        self.last_moved(STALLS_AFTER + timedelta(seconds=1))
        sign_in(self.client, practitioner)
        args = [consent.code, self.programme.code]
        response = self.client.get(reverse("sharing:client_report_progress", args=args))
        self.assertContains(response, services.BUILD_STALLED)
        self.assertContains(response, "Opening this page again queues the build again.")
        self.assertNotContains(response, "<form")


@override_settings(TASKS=IMMEDIATE)
class ClaimTests(TestCase):
    """report_build goes ahead only for a waiting build, its own (a recovered task),
    or a stalled one."""

    owner: User
    programme: Programme
    report: Report

    @classmethod
    def setUpTestData(cls):
        cls.owner = make_participant("owner@example.org")
        today = user_today(user=cls.owner)
        cls.programme = helpers.finished_programme(cls.owner, today)
        with mock.patch.object(services, "_enqueue"):
            cls.report = services.report_request(programme=cls.programme, today=today)

    def reload(self):
        return Report.objects.get(pk=self.report.pk)

    def test_a_report_queued_twice_is_built_once(self):
        services.report_build(
            report_id=self.report.pk, key=self.report.key, builder="a"
        )
        built = self.reload()
        self.assertEqual((built.status, built.builder), ("ready", "a"))
        services.report_build(
            report_id=self.report.pk, key=self.report.key, builder="b"
        )
        self.assertEqual(self.reload().built_at, built.built_at)
        self.assertEqual(self.reload().builder, "a")

    def test_a_recovered_task_takes_up_its_own_build(self):
        Report.objects.filter(pk=self.report.pk).update(
            status="running", builder="a", progress=40, moved_at=timezone.now()
        )
        services.report_build(
            report_id=self.report.pk, key=self.report.key, builder="b"
        )
        self.assertEqual(
            (self.reload().status, self.reload().progress), ("running", 40)
        )
        services.report_build(
            report_id=self.report.pk, key=self.report.key, builder="a"
        )
        self.assertEqual(self.reload().status, "ready")

    def test_another_task_takes_over_a_stalled_build(self):
        Report.objects.filter(pk=self.report.pk).update(
            status="running", builder="a", moved_at=timezone.now() - STALLS_AFTER
        )
        services.report_build(
            report_id=self.report.pk, key=self.report.key, builder="b"
        )
        self.assertEqual((self.reload().status, self.reload().builder), ("ready", "b"))

    def test_a_build_that_lost_its_claim_writes_nothing(self):
        writes = []

        def taken_over(*args, **kwargs):
            # Half-way through, another task takes the build over.
            Report.objects.filter(pk=self.report.pk).update(builder="b")
            writes.append(kwargs)
            raise ValueError("the build failed after losing its claim")

        with mock.patch.object(services, "build_content", side_effect=taken_over):
            services.report_build(
                report_id=self.report.pk, key=self.report.key, builder="a"
            )
        report = self.reload()
        self.assertEqual(
            (report.status, report.builder, report.error), ("running", "b", "")
        )
        self.assertEqual(len(writes), 1)

    def test_the_task_builds_under_its_own_id(self):
        results = []

        def enqueue(report_id, key):
            results.append(build_report.enqueue(report_id=report_id, key=key))

        Report.objects.filter(pk=self.report.pk).delete()
        with (
            mock.patch.object(services, "_enqueue", side_effect=enqueue),
            self.captureOnCommitCallbacks(execute=True),
        ):
            queued = services.report_request(
                programme=self.programme, today=user_today(user=self.owner)
            )
        built = Report.objects.get(pk=queued.pk)
        self.assertEqual((built.status, built.builder), ("ready", results[0].id))
