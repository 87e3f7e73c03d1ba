"""Imports in the background: rows written in short transactions stay out of sight
until the last one, anything that fails leaves nothing behind, and the file is
kept only until its import has run."""

from unittest import mock

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import TestCase
from django.utils import timezone

from skingarden.lib.bulk import Columns
from skingarden.portability import selectors
from skingarden.portability.imports import (
    CHANGED_MEANWHILE,
    import_file,
    jobs,
    staging,
)
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    ImportJob,
    TreatmentEntry,
)
from skingarden.test import make_participant
from tests.portability.helpers import TODAY, data_file

GOOD = data_file("flaredown-good.csv")


def imported_rows() -> tuple[int, int, int, int]:
    return (
        CustomMeasure.objects.count(),
        CustomMeasureValue.objects.count(),
        TreatmentEntry.objects.count(),
        ImportedDay.objects.count(),
    )


class StagedWriteTests(TestCase):
    def setUp(self):
        self.user = make_participant("dana@example.org")

    def load(self) -> None:
        import_file(owner=self.user, fmt="flaredown", data=GOOD, today=TODAY)

    def test_rows_stay_out_of_sight_until_the_last_transaction(self):
        seen_before_reveal = []

        def look_then_reveal(job: ImportJob) -> None:
            tracking = selectors.imported_tracking(owner=self.user)
            seen_before_reveal.append(
                (
                    imported_rows(),
                    tracking.is_empty,
                    selectors.data_kinds_present(user=self.user),
                )
            )
            real_reveal(job)

        real_reveal = staging.reveal
        with mock.patch.object(staging, "reveal", side_effect=look_then_reveal):
            self.load()
        # All written (3 measures, 14 ratings, 8 entries, 5 days), none visible.
        self.assertEqual(seen_before_reveal, [((3, 14, 8, 5), True, [])])
        self.assertFalse(selectors.imported_tracking(owner=self.user).is_empty)
        self.assertFalse(CustomMeasure.objects.exclude(pending_import=None).exists())

    def test_a_failure_before_the_reveal_leaves_nothing(self):
        with (
            mock.patch.object(staging, "reveal", side_effect=RuntimeError("down")),
            self.assertRaises(RuntimeError),
        ):
            self.load()
        self.assertEqual(imported_rows(), (0, 0, 0, 0))
        self.assertFalse(ImportJob.objects.exists())

    def test_a_collision_with_data_written_meanwhile_is_refused_and_undone(self):
        def someone_else_writes(job: ImportJob) -> None:
            raise IntegrityError("UNIQUE constraint failed")

        with (
            mock.patch.object(staging, "reveal", side_effect=someone_else_writes),
            self.assertRaises(ValidationError) as caught,
        ):
            self.load()
        self.assertEqual(caught.exception.messages, [CHANGED_MEANWHILE])
        self.assertEqual(imported_rows(), (0, 0, 0, 0))

    def test_rows_are_written_a_chunk_per_transaction(self):
        written: list[int] = []
        with (
            mock.patch.object(staging, "FIRST_CHUNK_ROWS", 4),
            mock.patch.object(staging, "next_chunk_rows", return_value=3),
            mock.patch.object(staging, "SQLITE_PAUSE_S", 0),
            mock.patch.object(Columns, "insert") as insert,
            mock.patch("django.db.transaction.atomic") as atomic,
        ):
            staging.insert_in_chunks(
                Columns(ImportedDay, ("date",)),
                [(n,) for n in range(10)],
                written.append,
            )
        self.assertEqual(
            [call.args[0] for call in insert.call_args_list],
            [[(0,), (1,), (2,), (3,)], [(4,), (5,), (6,)], [(7,), (8,), (9,)]],
        )
        self.assertEqual(atomic.call_count, 3)
        self.assertEqual(written, [4, 7, 10])

    def test_a_chunk_is_sized_to_hold_the_lock_a_fifth_of_a_second(self):
        self.assertEqual(staging.next_chunk_rows(10_000, 0.4), 5_000)
        self.assertEqual(staging.next_chunk_rows(10_000, 0.1), 20_000)
        self.assertEqual(staging.next_chunk_rows(10_000, 0.0), 100_000)
        self.assertEqual(staging.next_chunk_rows(10_000, 100.0), 500)

    def test_deleting_an_import_deletes_what_it_left_pending(self):
        job = ImportJob.objects.create(
            owner=self.user, fmt="flaredown", requested_at=timezone.now()
        )
        measure = CustomMeasure.objects.create(
            owner=self.user, name="Itch", kind="symptom", pending_import=job
        )
        CustomMeasureValue.objects.create(
            owner=self.user, measure=measure, date=TODAY, value=2
        )
        job.delete()
        self.assertEqual(imported_rows(), (0, 0, 0, 0))


class ImportRunTests(TestCase):
    def setUp(self):
        self.user = make_participant("dana@example.org")
        with mock.patch.object(jobs, "_enqueue"):
            self.job = jobs.import_request(owner=self.user, fmt="flaredown", data=GOOD)

    def test_running_the_task_twice_imports_once(self):
        jobs.import_run(job_id=self.job.pk)
        jobs.import_run(job_id=self.job.pk)
        self.assertEqual(imported_rows(), (3, 14, 8, 5))
        self.job.refresh_from_db()
        self.assertEqual((self.job.status, bytes(self.job.upload)), ("done", b""))

    def test_a_run_killed_half_way_is_cleaned_up_when_it_runs_again(self):
        CustomMeasure.objects.create(
            owner=self.user, name="Eczema", kind="condition", pending_import=self.job
        )
        ImportJob.objects.filter(pk=self.job.pk).update(status="running")
        jobs.import_run(job_id=self.job.pk)
        self.assertEqual(imported_rows(), (3, 14, 8, 5))

    def test_an_unexpected_failure_is_logged_without_the_file(self):
        with (
            mock.patch.object(
                jobs, "import_file", side_effect=KeyError("Itchiness 4 on 1 Nov")
            ),
            self.assertLogs("skingarden.portability.imports.jobs", "ERROR") as logs,
        ):
            jobs.import_run(job_id=self.job.pk)
        self.job.refresh_from_db()
        self.assertEqual(
            (self.job.status, self.job.error, bytes(self.job.upload)),
            ("failed", jobs.IMPORT_BROKE, b""),
        )
        self.assertIn(f"Import {self.job.pk} failed: KeyError at ", logs.output[0])
        self.assertNotIn("Itchiness", "".join(logs.output))

    def test_a_new_import_replaces_the_outcome_of_the_last(self):
        jobs.import_run(job_id=self.job.pk)
        with mock.patch.object(jobs, "_enqueue"):
            newer = jobs.import_request(owner=self.user, fmt="flaredown", data=GOOD)
        self.assertEqual(list(ImportJob.objects.all()), [newer])
