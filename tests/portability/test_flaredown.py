"""Flaredown's "Download my data" CSV becomes imported tracking; a bad row anywhere
imports nothing and names the row."""

from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase

from skingarden.portability.imports import flaredown, import_file
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    TreatmentEntry,
)
from skingarden.test import make_participant
from tests.portability.helpers import TODAY, data_file


def imported_counts(user) -> tuple[int, int, int, int]:
    return (
        CustomMeasure.objects.filter(owner=user).count(),
        CustomMeasureValue.objects.filter(owner=user).count(),
        TreatmentEntry.objects.filter(owner=user).count(),
        ImportedDay.objects.filter(owner=user).count(),
    )


class FlaredownImportTests(TestCase):
    def setUp(self):
        self.user = make_participant("dana@example.org")

    def load(self, name: str, **names):
        return import_file(
            owner=self.user,
            fmt="flaredown",
            data=data_file(name),
            today=TODAY,
            **names,
        )

    def test_conditions_symptoms_and_treatments_are_told_apart(self):
        summary = self.load("flaredown-good.csv")
        kinds = dict(CustomMeasure.objects.values_list("name", "kind"))
        self.assertEqual(
            kinds, {"Eczema": "condition", "Itchiness": "symptom", "Fatigue": "symptom"}
        )
        self.assertEqual(
            summary.describe(),
            "Imported 3 new conditions and symptoms, 14 condition and symptom "
            "ratings, 8 treatment entries and 5 days of tags, foods or weather. "
            "Columns read as conditions: Eczema; symptoms: Itchiness, Fatigue; "
            "treatments: Hydrocortisone 1%, Cetirizine.",
        )

    def test_ratings_are_kept_on_their_days_and_blanks_are_not_zero(self):
        self.load("flaredown-good.csv")
        itch = CustomMeasureValue.objects.filter(measure__name="Itchiness")
        self.assertEqual(
            list(itch.values_list("date", "value")),
            [
                (date(2025, 11, 1), 4),
                (date(2025, 11, 2), 3),
                (date(2025, 11, 3), 2),
                (date(2025, 11, 4), 1),
                (date(2025, 11, 6), 1),
            ],
        )
        fatigue = CustomMeasureValue.objects.filter(measure__name="Fatigue")
        self.assertNotIn(date(2025, 11, 2), fatigue.values_list("date", flat=True))

    def test_treatments_keep_their_dose_and_whether_taken(self):
        self.load("flaredown-good.csv")
        entries = TreatmentEntry.objects.filter(name="Hydrocortisone 1%")
        self.assertEqual(
            list(entries.values_list("date", "dose", "taken")),
            [
                (date(2025, 11, 1), "", True),
                (date(2025, 11, 2), "1 thin layer", True),
                (date(2025, 11, 3), "", False),
                (date(2025, 11, 4), "", False),
                (date(2025, 11, 6), "", True),
            ],
        )

    def test_tags_map_to_ours_and_foods_and_weather_are_kept(self):
        self.load("flaredown-good.csv")
        first, third, sixth = (
            ImportedDay.objects.get(date=date(2025, 11, day)) for day in (1, 3, 6)
        )
        self.assertEqual(
            (first.tags, first.free_tags, first.foods),
            (
                ["stress"],
                ["Gym"],
                ["Milk, reduced fat, fluid, 2% milkfat", "Bread, whole-wheat"],
            ),
        )
        self.assertEqual(
            first.weather,
            "Light rain; max temperature 11.2; min temperature 6.4; pressure "
            "1009.8; precipitation intensity 0.3; humidity 0.88",
        )
        self.assertEqual((third.tags, third.free_tags), (["heat", "stress"], []))
        self.assertEqual((sixth.tags, sixth.free_tags), ([], ["Late night"]))
        self.assertFalse(ImportedDay.objects.filter(date=date(2025, 11, 4)).exists())

    def test_an_older_export_without_weather_reads_too(self):
        self.load("flaredown-no-weather.csv")
        self.assertEqual(
            dict(CustomMeasure.objects.values_list("name", "kind")),
            {"Acne": "condition", "Oily skin": "symptom"},
        )
        third = ImportedDay.objects.get(date=date(2019, 4, 3))
        self.assertEqual(
            (third.tags, third.free_tags, third.weather),
            (["period"], ["Sweating"], ""),
        )
        entry = TreatmentEntry.objects.get(date=date(2019, 4, 3))
        self.assertEqual((entry.dose, entry.taken), ("pea-sized amount", True))

    def test_the_caller_can_say_which_columns_are_conditions_and_treatments(self):
        self.load(
            "flaredown-no-weather.csv", conditions=["Oily skin"], treatments=["Acne"]
        )
        self.assertEqual(
            dict(CustomMeasure.objects.values_list("name", "kind")),
            {"Oily skin": "condition"},
        )
        self.assertEqual(
            list(
                TreatmentEntry.objects.filter(name="Acne").values_list(
                    "dose", flat=True
                )
            ),
            ["2", "2", "1"],
        )

    def test_a_second_file_adds_to_existing_measures_but_never_overwrites(self):
        self.load("flaredown-good.csv")
        before = imported_counts(self.user)
        with self.assertRaises(ValidationError) as caught:
            self.load("flaredown-good.csv")
        self.assertEqual(
            caught.exception.messages,
            ["Row 2: “Eczema” already has an imported rating on 2025-11-01."],
        )
        self.assertEqual(imported_counts(self.user), before)

    def test_another_account_is_untouched(self):
        other = make_participant("erin@example.org")
        self.load("flaredown-good.csv")
        self.assertEqual(imported_counts(other), (0, 0, 0, 0))


class BadFlaredownFileTests(TestCase):
    def setUp(self):
        self.user = make_participant("dana@example.org")

    def assert_refused(self, data: bytes, message: str, **names) -> None:
        with self.assertRaises(ValidationError) as caught:
            import_file(
                owner=self.user, fmt="flaredown", data=data, today=TODAY, **names
            )
        self.assertEqual(caught.exception.messages, [message])
        self.assertEqual(imported_counts(self.user), (0, 0, 0, 0))

    def test_a_rating_of_5_in_the_last_row_imports_nothing(self):
        self.assert_refused(
            data_file("flaredown-value-5.csv"),
            "Row 7, “Itchiness”: “5” is not a rating from 0 to 4.",
        )

    def test_a_date_that_does_not_exist(self):
        self.assert_refused(
            data_file("flaredown-bad-date.csv"),
            "Row 4, “Date”: “2025-11-31” is not a date written as YYYY-MM-DD.",
        )

    def test_a_date_twice(self):
        self.assert_refused(
            data_file("flaredown-duplicate-date.csv"),
            "Row 5, “Date”: 2025-11-02 is in the file twice (first on row 3).",
        )

    def test_the_wrong_header(self):
        self.assert_refused(
            data_file("flaredown-wrong-header.csv"), f"Row 1: {flaredown.FIRST_COLUMN}"
        )
        self.assert_refused(
            b"Date,Itch,Foods\n2025-01-01,2,\n", f"Row 1: {flaredown.LAST_COLUMNS}"
        )

    def test_a_row_with_the_wrong_number_of_cells(self):
        self.assert_refused(
            b"Date,Itch,Tags,Foods\n2025-01-01,2,\n",
            "Row 2: it has 3 cells, but the header has 4.",
        )

    def test_a_day_in_the_future(self):
        self.assert_refused(
            b"Date,Itch,Tags,Foods\n2026-03-02,2,,\n",
            "Row 2, “Date”: 2026-03-02 has not happened yet.",
        )

    def test_a_column_named_by_the_caller_must_exist(self):
        self.assert_refused(
            data_file("flaredown-good.csv"),
            "Row 1: “Psoriasis” was named as a condition, but the file has no such "
            "column.",
            conditions=["Psoriasis"],
        )

    def test_a_header_only_or_an_empty_file(self):
        self.assert_refused(b"Date,Itch,Tags,Foods\n", flaredown.NO_ROWS)
        self.assert_refused(b"", flaredown.EMPTY)

    def test_a_long_dose_is_refused_by_the_models_own_rule(self):
        self.assert_refused(
            b"Date,Cream,Tags,Foods\n2025-01-01," + b"x" * 201 + b",,\n",
            "Row 2, “Cream”: Ensure this value has at most 200 characters (it has "
            "201).",
        )
