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

    def test_a_column_named_as_a_condition_makes_those_before_it_conditions(self):
        # Flaredown writes every condition before the first symptom.
        self.load("flaredown-no-weather.csv", conditions=["Oily skin"])
        self.assertEqual(
            dict(CustomMeasure.objects.values_list("name", "kind")),
            {"Acne": "condition", "Oily skin": "condition"},
        )

    def test_a_treatment_whose_doses_are_small_numbers_is_settled_by_naming_it(self):
        summary = self.load("flaredown-numeric-dose.csv")
        self.assertIn("symptoms: Oily skin, Zinc.", summary.describe())
        CustomMeasure.objects.all().delete()
        self.load("flaredown-numeric-dose.csv", treatments=["Zinc"])
        self.assertEqual(
            list(TreatmentEntry.objects.values_list("date", "name", "dose", "taken")),
            [
                (date(2019, 4, 1), "Zinc", "1", True),
                (date(2019, 4, 2), "Zinc", "2", True),
                (date(2019, 4, 3), "Zinc", "1", True),
            ],
        )
        self.assertEqual(
            dict(CustomMeasure.objects.values_list("name", "kind")),
            {"Acne": "condition", "Oily skin": "symptom"},
        )

    def test_a_named_treatment_makes_every_column_after_it_a_treatment(self):
        self.load("flaredown-good.csv", treatments=["Itchiness"])
        self.assertEqual(
            dict(CustomMeasure.objects.values_list("name", "kind")),
            {"Eczema": "condition"},
        )
        self.assertEqual(
            list(
                TreatmentEntry.objects.filter(name="Fatigue").values_list(
                    "dose", flat=True
                )
            ),
            ["2", "1", "1", "0"],
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

    def test_a_second_file_adds_to_the_measures_already_there(self):
        self.load("flaredown-good.csv")
        later = (
            b"Date,Eczema,Itchiness,Tags,Foods\n"
            b"2025-11-07T09:00:00+00:00,1,0,,\n2025-11-08T09:00:00+00:00,0,0,,\n"
        )
        summary = import_file(owner=self.user, fmt="flaredown", data=later, today=TODAY)
        self.assertEqual(
            summary.describe(),
            "Imported 4 condition and symptom ratings. Columns read as conditions: "
            "Eczema; symptoms: Itchiness.",
        )
        eczema = CustomMeasure.objects.get(owner=self.user, name="Eczema")
        self.assertEqual(
            list(eczema.values.values_list("value", flat=True)), [3, 3, 2, 2, 1, 1, 0]
        )
        self.assertEqual(CustomMeasure.objects.filter(owner=self.user).count(), 3)

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
        message = "“{}” is not a date written as YYYY-MM-DD, nor as Flaredown's "
        message += "date and time (YYYY-MM-DDTHH:MM:SS+00:00)."
        self.assert_refused(
            data_file("flaredown-bad-date.csv"),
            "Row 4, “Date”: " + message.format("2025-11-31"),
        )
        for value in ("2024-03-05T25:00:00+00:00", "2024-03-05 14:22:31", "5/3/2024"):
            with self.subTest(value=value):
                self.assert_refused(
                    f"Date,Itch,Tags,Foods\n{value},2,,\n".encode(),
                    "Row 2, “Date”: " + message.format(value),
                )

    def test_a_day_on_two_rows_that_disagree_names_both_rows(self):
        self.assert_refused(
            data_file("flaredown-duplicate-date.csv"),
            "Row 5, “Eczema”: 2025-11-02 is also on row 3, where this column holds "
            "“3”, not “2”; the check-ins of one day are merged only where they agree.",
        )
        self.assert_refused(
            data_file("flaredown-conflicting-checkins.csv"),
            "Row 4, “Itchiness”: 2024-05-02 is also on row 3, where this column holds "
            "“3”, not “2”; the check-ins of one day are merged only where they agree.",
        )

    def test_one_bad_cell_in_a_column_of_ratings_is_an_error_at_its_row(self):
        # Not a treatment: three of its four cells are ratings.
        self.assert_refused(
            data_file("flaredown-one-bad-rating.csv"),
            "Row 4, “Itchiness”: “n/a” is not a rating from 0 to 4.",
        )

    def test_a_null_character_is_refused_at_its_cell(self):
        self.assert_refused(
            b"Date,Itch,Cream,Tags,Foods\n2025-01-01,2,thin\x00layer,,\n",
            "Row 2, “Cream”: Null characters are not allowed.",
        )

    def test_names_given_by_the_caller_cannot_contradict_the_file(self):
        good = data_file("flaredown-good.csv")
        after = (
            "and Flaredown writes every treatment after the conditions and symptoms."
        )
        cases = [
            (
                {"conditions": ["Hydrocortisone 1%"]},
                "Row 1: “Hydrocortisone 1%” was named as a condition, but it holds "
                f"“Taken” or “Not Taken”, as only a treatment does, {after}",
            ),
            (
                {"conditions": ["Cetirizine"]},
                "Row 1: “Cetirizine” was named as a condition, but it comes after the "
                f"treatment “Hydrocortisone 1%” (column 5), {after}",
            ),
            (
                {"conditions": ["Eczema"], "treatments": ["Eczema"]},
                "Row 1: “Eczema” was named both as a condition and as a treatment.",
            ),
        ]
        for names, message in cases:
            with self.subTest(names=names):
                self.assert_refused(good, message, **names)
        self.assert_refused(
            data_file("flaredown-2024.csv"),
            "Row 1: “Anxiety” was named as a condition, but two columns have that "
            "name; they are told apart by Flaredown's order, so leave it out.",
            conditions=["Anxiety"],
        )

    def test_kinds_that_break_flaredowns_order_are_refused(self):
        cases = [
            (
                b"Date,Anxiety,Itch,Anxiety,Redness,Tags,Foods\n2025-01-01,1,2,3,4,,\n",
                {"conditions": ["Redness"]},
                "Row 1: “Redness” (column 5) must be a condition, but the symptom "
                "“Anxiety” (column 4) comes before it, and Flaredown writes every "
                "condition before the symptoms.",
            ),
            (
                b"Date,Itch,Itch,Itch,Tags,Foods\n2025-01-01,1,2,3,,\n",
                {},
                "Row 1: 3 rated columns are called “Itch”; only a condition and a "
                "symptom can share a name.",
            ),
            (
                b"Date,Cream,Cream,Tags,Foods\n2025-01-01,Taken,thin layer,,\n",
                {},
                "Row 1: two treatment columns are called “Cream”.",
            ),
        ]
        for data, names, message in cases:
            with self.subTest(message=message):
                self.assert_refused(data, message, **names)

    def test_a_header_of_more_columns_than_anyone_tracks_is_refused(self):
        names = ",".join(f"Symptom {n}" for n in range(1001))
        self.assert_refused(
            f"Date,{names},Tags,Foods\n".encode(),
            "Row 1: the file has 1001 condition, symptom and treatment columns; at "
            "most 1000 can be imported.",
        )

    def test_a_column_named_like_a_fixed_column_is_refused(self):
        self.assert_refused(
            b"Date,Itch,Tags,Tags,Foods\n2025-01-01,2,,,\n",
            "Row 1: “Tags” is a column of its own in Flaredown's file, not a name.",
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
