"""Exports: the CSV zip's exact tables, the JSON document, the scope a practitioner
gets, and the FHIR wiring."""

import csv
import io
import json
import zipfile
from unittest import mock

from django.core.exceptions import ValidationError
from django.test import TestCase

from skingarden.accounts.models import User
from skingarden.instruments import definitions
from skingarden.portability.exports import export_file
from skingarden.portability.exports.csv_tables import YES_NO_UNIT
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import Programme
from skingarden.test import make_participant, make_programme
from tests.portability.helpers import TODAY, rich_participant


def read_zip(content: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: list(csv.reader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
        }


class ExportTestCase(TestCase):
    alice: User
    first: Programme
    second: Programme

    @classmethod
    def setUpTestData(cls):
        cls.alice = rich_participant()
        first, second = Programme.objects.filter(owner=cls.alice).order_by("start_date")
        cls.first, cls.second = first, second


class CsvExportTests(ExportTestCase):
    def setUp(self):
        exported = export_file(owner=self.alice, fmt="csv", today=TODAY)
        self.exported = exported
        self.files = read_zip(exported.content)

    def test_the_zip_holds_five_files_named_for_the_day(self):
        self.assertEqual(
            (self.exported.filename, self.exported.content_type),
            ("skingarden-2026-03-01.zip", "application/zip"),
        )
        self.assertEqual(
            list(self.files),
            [
                "long.csv",
                "daily.csv",
                "imported-daily.csv",
                "photos.csv",
                "data-dictionary.csv",
            ],
        )

    def test_long_rows_are_one_per_observed_value(self):
        code = str(self.first.code)
        rows = [row for row in self.files["long.csv"] if row[0] == "2026-01-10"]
        expected = [
            ("worst_itch", "2", "points (0-10)", "checkin"),
            ("sleep_loss", "3", "points (0-10)", "checkin"),
            ("kefir_ml", "0", "ml", "checkin"),
            ("fruit_veg_servings", "4", "servings", "checkin"),
            ("fibre_servings", "2", "servings", "checkin"),
            ("bowel_movements", "1", "times", "checkin"),
            ("stool_form", "4", "type (1-7)", "checkin"),
            ("gut_discomfort", "0", "points (0-3)", "checkin"),
            ("energy", "6", "points (0-10)", "checkin"),
            ("topical_applied", "0", YES_NO_UNIT, "checkin"),
            ("poem", "13", "points", "instrument"),
        ]
        self.assertEqual(
            rows,
            [
                ["2026-01-10", measure, value, unit, "baseline", code, source]
                for measure, value, unit, source in expected
            ],
        )
        self.assertEqual(
            self.files["long.csv"][0],
            ["date", "measure", "value", "unit", "phase", "programme", "source"],
        )

    def test_ratings_outside_programmes_and_imported_values_are_in_the_long_table(
        self,
    ):
        long = self.files["long.csv"]
        self.assertIn(
            ["2026-02-25", "scorad:clinician", "41", "points", "", "", "instrument"],
            long,
        )
        self.assertEqual(
            long[1], ["2025-11-01", "Eczema", "3", "points (0-4)", "", "", "imported"]
        )
        self.assertFalse([row for row in long if row[0] == "2026-01-25"])

    def test_the_daily_table_has_every_programme_day_with_blanks_for_gaps(self):
        daily = self.files["daily.csv"]
        self.assertEqual(daily[0][:4], ["date", "programme", "phase", "worst_itch"])
        self.assertEqual(len(daily), 1 + 28 + 10)  # to 6 February, then to today
        gap = next(row for row in daily if row[0] == "2026-01-25")
        self.assertEqual(gap[:3], ["2026-01-25", str(self.first.code), "intervention"])
        self.assertEqual(set(gap[3:]), {""})
        flagged = next(row for row in daily if row[0] == "2026-01-20")
        columns = dict(zip(daily[0], flagged, strict=True))
        self.assertEqual(
            (
                columns["worst_itch"],
                columns["new_spots"],
                columns["topical_applied"],
                columns["red_flags"],
                columns["tags"],
            ),
            # The red flag of that day was withdrawn as a mistake (issue 10 §4).
            ("5", "", "yes", "", "stress"),
        )
        self.assertEqual(daily[-1][:3], ["2026-03-01", str(self.second.code), "ramp"])

    def test_the_imported_table_reads_like_flaredown(self):
        table = self.files["imported-daily.csv"]
        measures = ["Eczema", "Fatigue", "Itchiness"]
        treatments = ["Cetirizine", "Hydrocortisone 1%"]
        extras = ["tags", "free_tags", "foods", "weather"]
        self.assertEqual(table[0], ["date", *measures, *treatments, *extras])
        self.assertEqual(
            table[3][:8],
            ["2025-11-03", "2", "1", "2", "", "Not taken", "heat; stress", ""],
        )

    def test_the_dictionary_is_generated_from_the_catalogues(self):
        rows = {(row[0], row[5]): row for row in self.files["data-dictionary.csv"][1:]}
        for key, measure in MEASURES.items():
            self.assertEqual(
                rows[key, "checkin"][3:5],
                [measure.unit, f"{measure.low}-{measure.high}"],
            )
        for definition in definitions.all_definitions():
            self.assertIn((definition.id, "instrument"), rows)
            self.assertIn((definition.id + ":clinician", "instrument"), rows)
        self.assertEqual(
            rows["Itchiness", "imported"][2:],
            [
                "Imported symptom: 0 = none to 4 = the worst.",
                "points (0-4)",
                "0-4",
                "imported",
            ],
        )
        names = {name for name, _ in rows}
        for row in self.files["long.csv"][1:]:
            self.assertIn(row[1], names)

    def test_the_same_data_gives_the_same_bytes(self):
        again = export_file(owner=self.alice, fmt="csv", today=TODAY)
        self.assertEqual(again.content, self.exported.content)


class JsonExportTests(ExportTestCase):
    def test_the_document_carries_its_schema_and_everything(self):
        exported = export_file(owner=self.alice, fmt="json", today=TODAY)
        document = json.loads(exported.content)
        self.assertEqual(
            (exported.filename, exported.content_type),
            ("skingarden-2026-03-01.json", "application/json"),
        )
        self.assertEqual(
            list(document),
            [
                "schema",
                "version",
                "exported_on",
                "scope",
                "participant",
                "safety_screens",
                "patch_tests",
                "programmes",
                "instrument_responses",
                "imported",
            ],
        )
        self.assertEqual(
            (document["schema"], document["version"], document["scope"]),
            ("skingarden-export", 3, "all"),
        )
        self.assertEqual(
            document["participant"],
            {
                "email": "alice@example.org",
                "conditions": ["eczema"],
                "birth_year": 1990,
                "time_zone": "Europe/London",
            },
        )
        first = document["programmes"][0]
        self.assertEqual(
            (
                first["code"],
                first["locked_at"],
                first["status"],
                len(first["checkins"]),
            ),
            (str(self.first.code), "2026-01-10T09:30:00+00:00", "completed", 27),
        )
        self.assertEqual(first["red_flag_events"][0]["checkin_date"], "2026-01-20")

    def test_a_clinicians_rating_keeps_who_rated_it_and_the_versions(self):
        document = json.loads(
            export_file(owner=self.alice, fmt="json", today=TODAY).content
        )
        scorad = document["instrument_responses"][0]
        expected = {
            "instrument_id": "scorad",
            "rated_by": "clinician",
            "rater_name": "Dr Ana Rivera, dermatologist",
            "instrument_version": "1.0",
            "scoring_version": "scorad/1",
            "total": 41.0,
            "band": "moderate",
        }
        self.assertEqual({key: scorad[key] for key in expected}, expected)

    def test_it_reads_everything_in_a_fixed_number_of_queries(self):
        # 15, and the programmes' photo sessions (their photos and metrics are two
        # more queries when there are sessions: tests/portability/test_photo_export.py).
        with self.assertNumQueries(16):
            export_file(owner=self.alice, fmt="json", today=TODAY)


class ChosenProgrammesTests(ExportTestCase):
    def test_only_the_chosen_programme_and_the_minimal_facts(self):
        exported = export_file(
            owner=self.alice, fmt="json", programmes=[self.first], today=TODAY
        )
        document = json.loads(exported.content)
        self.assertEqual(document["scope"], "programmes")
        self.assertIsNone(document["participant"]["email"])
        self.assertEqual(
            [p["code"] for p in document["programmes"]], [str(self.first.code)]
        )
        self.assertEqual(
            [s["code"] for s in document["safety_screens"]],
            [str(self.first.safety_screen.code)],
        )
        self.assertEqual(
            (document["patch_tests"], document["instrument_responses"]), ([], [])
        )
        self.assertEqual(
            document["imported"],
            {"custom_measures": [], "treatment_entries": [], "days": []},
        )
        self.assertNotIn(b"alice@example.org", exported.content)
        self.assertNotIn(str(self.second.code).encode(), exported.content)

    def test_the_csv_leaves_out_other_programmes_and_imported_tracking(self):
        files = read_zip(
            export_file(
                owner=self.alice, fmt="csv", programmes=[self.second], today=TODAY
            ).content
        )
        self.assertNotIn("imported-daily.csv", files)
        self.assertEqual(
            {row[5] for row in files["long.csv"][1:]}, {str(self.second.code)}
        )
        self.assertEqual(len(files["daily.csv"]), 1 + 10)
        self.assertNotIn(
            "imported", {row[5] for row in files["data-dictionary.csv"][1:]}
        )

    def test_someone_elses_programme_is_refused(self):
        charlie = make_participant("charlie@example.org")
        theirs = make_programme(charlie)
        with self.assertRaises(ValueError):
            export_file(owner=self.alice, fmt="json", programmes=[theirs], today=TODAY)


class FhirWiringTests(ExportTestCase):
    def test_it_hands_over_to_the_fhir_bundle_with_the_same_scope(self):
        target = "skingarden.portability.fhir_bundle.export_bundle_bytes"
        with mock.patch(target, return_value=b'{"resourceType": "Bundle"}') as bundle:
            exported = export_file(
                owner=self.alice, fmt="fhir", programmes=[self.first], today=TODAY
            )
        bundle.assert_called_once_with(owner=self.alice, programmes=[self.first])
        self.assertEqual(
            exported,
            type(exported)(
                "skingarden-2026-03-01.fhir.json",
                "application/fhir+json",
                b'{"resourceType": "Bundle"}',
            ),
        )

    def test_the_real_bundle_is_a_fhir_bundle(self):
        exported = export_file(owner=self.alice, fmt="fhir", today=TODAY)
        bundle = json.loads(exported.content)
        self.assertEqual(
            (bundle["resourceType"], bundle["type"]), ("Bundle", "collection")
        )

    def test_data_the_bundle_cannot_write_is_a_plain_error(self):
        from skingarden.portability import fhir_bundle

        target = "skingarden.portability.fhir_bundle.export_bundle_bytes"
        problem = fhir_bundle.ExportError("A stored POEM no longer fits its form.")
        with (
            mock.patch(target, side_effect=problem),
            self.assertRaisesMessage(ValidationError, "no longer fits"),
        ):
            export_file(owner=self.alice, fmt="fhir", today=TODAY)
