"""The “Your data” pages: downloads, the import form and the imported tracking,
each for the signed-in participant only."""

import io
import json
import zipfile
from datetime import timedelta
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts.selectors import user_today
from skingarden.portability import tasks
from skingarden.portability.exports import export_file
from skingarden.portability.imports import import_file, jobs
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportJob,
)
from skingarden.programmes.models import CheckIn, Programme
from skingarden.test import BaseTestCase, make_participant
from tests.portability.helpers import data_file

DATA_URL = reverse("portability:data")
IMPORT_URL = reverse("portability:import")
IMPORTED_URL = reverse("portability:imported")
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def job_url(job: ImportJob) -> str:
    return reverse("portability:import_job", args=[job.code])


def export_url(fmt: str) -> str:
    return reverse("portability:export", args=[fmt])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


class DataPageTests(BaseTestCase):
    def test_it_offers_every_download_and_the_import_form(self):
        self.login(self.alice)
        response = self.client.get(DATA_URL)
        self.assertEqual(response.status_code, 200)
        for fmt in ("csv", "json", "fhir"):
            self.assertContains(response, f'href="{export_url(fmt)}"')
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, f'href="{IMPORTED_URL}"')

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for url in (DATA_URL, export_url("json"), IMPORTED_URL):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_wrong_methods_are_refused(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(DATA_URL).status_code, 405)
        self.assertEqual(self.client.post(export_url("json")).status_code, 405)
        self.assertEqual(self.client.get(IMPORT_URL).status_code, 405)
        self.assertEqual(self.client.post(IMPORTED_URL).status_code, 405)


class DownloadTests(BaseTestCase):
    def test_the_json_download_is_the_export_itself(self):
        self.login(self.alice)
        response = self.client.get(export_url("json"))
        expected = export_file(owner=self.alice, fmt="json", today=self.today)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(
            response["Content-Disposition"],
            f'attachment; filename="skingarden-{self.today.isoformat()}.json"',
        )
        self.assertEqual(response.content, expected.content)

    def test_the_csv_download_is_a_zip_of_the_tables(self):
        self.login(self.alice)
        response = self.client.get(export_url("csv"))
        self.assertEqual(response["Content-Type"], "application/zip")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            long = archive.read("long.csv").decode().splitlines()
        self.assertEqual(
            long[1],
            f"{self.alice_start.isoformat()},worst_itch,6,points (0-10),baseline,"
            f"{self.programme.code},checkin",
        )

    def test_the_fhir_download_is_a_bundle(self):
        self.login(self.alice)
        response = self.client.get(export_url("fhir"))
        self.assertEqual(response["Content-Type"], "application/fhir+json")
        self.assertEqual(json.loads(response.content)["resourceType"], "Bundle")

    def test_charlies_download_holds_none_of_alices_data(self):
        self.login(self.charlie)
        for fmt in ("json", "fhir"):
            with self.subTest(fmt=fmt):
                content = self.client.get(export_url(fmt)).content
                self.assertNotIn(b"alice@example.org", content)
                self.assertNotIn(str(self.programme.code).encode(), content)
                self.assertNotIn(str(self.alice.code).encode(), content)
        document = json.loads(self.client.get(export_url("json")).content)
        self.assertEqual(
            [p["code"] for p in document["programmes"]],
            [str(self.charlie_programme.code)],
        )
        self.assertEqual(document["programmes"][0]["checkins"], [])

    def test_a_bundle_that_cannot_be_written_is_explained_on_the_page(self):
        from skingarden.portability import fhir_bundle

        self.login(self.alice)
        problem = fhir_bundle.ExportError("A stored POEM no longer fits its form.")
        target = "skingarden.portability.fhir_bundle.export_bundle_bytes"
        with mock.patch(target, side_effect=problem):
            response = self.client.get(export_url("fhir"))
        self.assertRedirects(response, DATA_URL, fetch_redirect_response=False)
        page = self.client.get(DATA_URL)
        self.assertContains(page, "A stored POEM no longer fits its form.")

    def test_an_unknown_format_is_not_found(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(export_url("xml")).status_code, 404)


@override_settings(TASKS=IMMEDIATE)
class ImportViewTests(BaseTestCase):
    """An upload is kept and queued; the import runs in the background (here at
    once, as the request commits) and its page shows the outcome."""

    def post(self, fmt: str, name: str, content: bytes, **extra: str):
        data = {"fmt": fmt, "file": upload(name, content), **extra}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(IMPORT_URL, data)

    def outcome(self, response, status: int = 200):
        """The import's page, after checking the upload redirected to it."""
        job = ImportJob.objects.get()
        self.assertRedirects(response, job_url(job), target_status_code=status)
        return self.client.get(job_url(job)), job

    def test_a_flaredown_file_is_imported_and_summarised(self):
        self.login(self.charlie)
        response = self.post(
            "flaredown",
            "export.csv",
            data_file("flaredown-no-weather.csv"),
            treatments="Benzoyl peroxide 5%",
        )
        page, job = self.outcome(response)
        summary = (
            "Imported 2 new conditions and symptoms, 6 condition and symptom "
            "ratings, 3 treatment entries and 2 days of tags, foods or weather. "
            "Columns read as conditions: Acne; symptoms: Oily skin; treatments: "
            "Benzoyl peroxide 5%."
        )
        self.assertContains(page, summary)
        self.assertNotContains(page, "hx-get")
        job.refresh_from_db()
        self.assertEqual(
            (job.status, job.progress, job.summary, bytes(job.upload)),
            ("done", 100, summary, b""),
        )
        self.assertEqual(
            list(
                CustomMeasure.objects.filter(owner=self.charlie).values_list(
                    "name", "kind"
                )
            ),
            [("Acne", "condition"), ("Oily skin", "symptom")],
        )
        self.assertFalse(CustomMeasure.objects.filter(owner=self.alice).exists())

    def test_a_bad_row_is_answered_400_with_the_form_and_nothing_is_written(self):
        self.login(self.alice)
        response = self.post(
            "flaredown", "export.csv", data_file("flaredown-value-5.csv")
        )
        page, job = self.outcome(response, status=400)
        self.assertContains(
            page,
            "Row 7, “Itchiness”: “5” is not a rating from 0 to 4.",
            status_code=400,
        )
        self.assertContains(page, f'action="{IMPORT_URL}"', status_code=400)
        self.assertFalse(CustomMeasureValue.objects.exists())
        job.refresh_from_db()
        self.assertEqual((job.status, bytes(job.upload)), ("failed", b""))

    def test_json_that_is_not_an_export_is_answered_400_with_its_path(self):
        content = export_file(owner=self.alice, fmt="json", today=self.today).content
        document = json.loads(content)
        document["participant"]["birth_year"] = "NOT-A-NUMBER"
        hostile = json.dumps(document).replace('"NOT-A-NUMBER"', "NaN").encode()
        dora = make_participant("dora@example.org", screened=False)
        self.login(dora)
        page, _ = self.outcome(self.post("json", "export.json", hostile), 400)
        self.assertContains(
            page,
            "participant.birth_year: holds NaN, which is not a finite number.",
            status_code=400,
        )
        self.assertFalse(Programme.objects.filter(owner=dora).exists())

    def test_a_json_export_into_an_account_with_data_is_refused(self):
        self.login(self.alice)
        content = export_file(owner=self.alice, fmt="json", today=self.today).content
        checkins = CheckIn.objects.count()
        page, _ = self.outcome(self.post("json", "export.json", content), 400)
        self.assertContains(
            page,
            "A JSON export can only be imported into an account with no data",
            status_code=400,
        )
        self.assertEqual(CheckIn.objects.count(), checkins)

    def test_a_json_export_moves_into_a_new_account(self):
        content = export_file(owner=self.alice, fmt="json", today=self.today).content
        dora = make_participant("dora@example.org", screened=False)
        self.login(dora)
        page, _ = self.outcome(self.post("json", "export.json", content))
        self.assertContains(page, "Imported 1 safety screen, 1 programme")
        programme = Programme.objects.get(owner=dora)
        self.assertEqual(
            list(programme.checkins.values_list("worst_itch", flat=True)),
            list(self.programme.checkins.values_list("worst_itch", flat=True)),
        )

    @override_settings(SKINGARDEN_MAX_IMPORT_BYTES=100)
    def test_an_oversized_file_is_refused_with_the_limit(self):
        self.login(self.alice)
        response = self.post("flaredown", "export.csv", data_file("flaredown-good.csv"))
        self.assertContains(
            response,
            "the largest file that can be imported is 0.0 MB",
            status_code=400,
        )
        self.assertFalse(ImportJob.objects.exists())

    def test_a_large_upload_is_kept_in_memory_never_in_a_temporary_file(self):
        # Django writes uploads over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to disk.
        content = b"Date,Itch,Tags,Foods\n" + b"2020-01-01,2,,\n" * 200_000
        self.assertGreater(len(content), 2_621_440)
        self.login(self.alice)
        target = "django.core.files.uploadedfile.tempfile.NamedTemporaryFile"
        with (
            mock.patch(target, side_effect=AssertionError("written to disk")),
            mock.patch.object(jobs, "_enqueue"),
        ):
            response = self.post("flaredown", "export.csv", content)
        job = ImportJob.objects.get()
        self.assertRedirects(response, job_url(job), fetch_redirect_response=False)
        self.assertEqual(bytes(job.upload), content)

    @override_settings(SKINGARDEN_MAX_IMPORT_BYTES=100)
    def test_a_request_far_over_the_limit_is_refused_before_it_is_read(self):
        self.login(self.alice)
        response = self.post("flaredown", "export.csv", b"x" * 200_000)
        self.assertContains(
            response,
            "the largest file that can be imported is 0.0 MB",
            status_code=400,
        )
        self.assertFalse(ImportJob.objects.exists())

    def test_the_upload_still_needs_its_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        data = {"fmt": "flaredown", "file": upload("a.csv", b"Date")}
        self.assertEqual(client.post(IMPORT_URL, data).status_code, 403)
        self.assertFalse(ImportJob.objects.exists())

    def test_a_content_length_that_is_not_a_number_is_a_form_error(self):
        # Django reads such a body as empty; the view's own size check must too.
        self.login(self.alice)
        for url in (IMPORT_URL, reverse("portability:import_archive")):
            with self.subTest(url):
                response = self.client.post(url, {}, CONTENT_LENGTH="many")
                self.assertContains(
                    response, "This field is required.", status_code=400
                )
        self.assertFalse(ImportJob.objects.exists())

    def test_a_missing_file_is_a_form_error(self):
        self.login(self.alice)
        response = self.client.post(IMPORT_URL, {"fmt": "json"})
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertFalse(ImportJob.objects.exists())

    def test_the_task_is_given_the_imports_id_only(self):
        self.login(self.alice)
        with mock.patch.object(tasks, "run_import") as task:
            self.post("flaredown", "export.csv", data_file("flaredown-good.csv"))
        job = ImportJob.objects.get()
        task.enqueue.assert_called_once_with(job_id=job.pk)
        self.assertEqual(bytes(job.upload), data_file("flaredown-good.csv"))

    def test_a_second_import_waits_for_the_first(self):
        self.login(self.alice)
        with mock.patch.object(jobs, "_enqueue"):
            self.post("flaredown", "export.csv", data_file("flaredown-good.csv"))
            response = self.post(
                "flaredown", "export.csv", data_file("flaredown-good.csv")
            )
        self.assertContains(response, jobs.UNDER_WAY, status_code=400)
        self.assertEqual(ImportJob.objects.count(), 1)


@override_settings(TASKS=IMMEDIATE)
class ImportProgressTests(BaseTestCase):
    job: ImportJob

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with mock.patch.object(jobs, "_enqueue"):
            cls.job = jobs.import_request(
                owner=cls.alice, fmt="flaredown", data=data_file("flaredown-good.csv")
            )

    def progress_url(self) -> str:
        return reverse("portability:import_progress", args=[self.job.code])

    def test_a_queued_import_shows_progress_that_refreshes_itself(self):
        self.login(self.alice)
        page = self.client.get(job_url(self.job))
        self.assertContains(page, "Importing your file")
        self.assertContains(page, f'hx-get="{self.progress_url()}"')
        self.assertContains(page, '<meta http-equiv="refresh" content="2">')
        self.assertEqual(page["Cache-Control"], NO_STORE)
        poll = self.client.get(self.progress_url())
        self.assertContains(poll, 'id="import-progress"')
        self.assertNotIn("HX-Refresh", poll)

    def test_the_poll_reloads_the_page_once_the_import_has_run(self):
        jobs.import_run(job_id=self.job.pk)
        self.login(self.alice)
        poll = self.client.get(self.progress_url())
        self.assertEqual(poll["HX-Refresh"], "true")
        self.assertContains(poll, "Imported 3 new conditions and symptoms")

    def test_an_import_that_stopped_is_said_so_and_can_be_replaced(self):
        ImportJob.objects.filter(pk=self.job.pk).update(
            status="running", updated_at=timezone.now() - timedelta(minutes=11)
        )
        self.login(self.alice)
        self.assertContains(
            self.client.get(job_url(self.job)), jobs.STALLED, status_code=400
        )
        with (
            mock.patch.object(jobs, "_enqueue"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            data = {"fmt": "flaredown", "file": upload("a.csv", b"Date")}
            response = self.client.post(IMPORT_URL, data)
        newer = ImportJob.objects.get()
        self.assertRedirects(response, job_url(newer), fetch_redirect_response=False)
        self.assertNotEqual(newer.pk, self.job.pk)

    def test_charlie_cannot_see_alices_import(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(job_url(self.job)).status_code, 404)
        self.assertEqual(self.client.get(self.progress_url()).status_code, 404)
        self.job.refresh_from_db()
        self.assertEqual(self.job.status, "queued")

    def test_anonymous_visitors_and_wrong_methods(self):
        response = self.client.get(job_url(self.job))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
        self.login(self.alice)
        self.assertEqual(self.client.post(job_url(self.job)).status_code, 405)
        self.assertEqual(self.client.post(self.progress_url()).status_code, 405)


class ImportedPagesTests(BaseTestCase):
    eczema: CustomMeasure

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_file(
            owner=cls.alice,
            fmt="flaredown",
            data=data_file("flaredown-good.csv"),
            today=user_today(user=cls.alice),
        )
        cls.eczema = CustomMeasure.objects.get(owner=cls.alice, name="Eczema")

    def test_the_imported_page_shows_the_days_in_a_fixed_number_of_queries(self):
        self.login(self.alice)
        # The session, the user and the profile, then the four reads of the
        # imported tracking.
        with self.assertNumQueries(7):
            response = self.client.get(IMPORTED_URL)
        self.assertContains(response, "<td>Light rain; max temperature 11.2;")
        self.assertContains(
            response, reverse("portability:measure", args=[self.eczema.code])
        )

    def test_a_measure_page_lists_its_ratings(self):
        self.login(self.alice)
        response = self.client.get(
            reverse("portability:measure", args=[self.eczema.code])
        )
        self.assertContains(response, "<td>Sat 1 Nov 2025</td><td>3</td>", html=False)
        self.assertEqual(len(response.context["measure"].values.all()), 5)

    def test_charlie_sees_none_of_alices_imports(self):
        self.login(self.charlie)
        url = reverse("portability:measure", args=[self.eczema.code])
        self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.get(IMPORTED_URL)
        self.assertContains(response, "Nothing imported yet.")
        self.assertNotContains(response, "Eczema")
        self.assertEqual(
            CustomMeasureValue.objects.filter(owner=self.alice).count(), 14
        )
