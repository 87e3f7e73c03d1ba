"""The Flaredown file as Flaredown has written it since November 2021 (checked
against its DataExportJob): dates with the time and offset, several check-ins a day,
and a condition and a symptom that share a name."""

from datetime import date

from django.test import TestCase

from skingarden.accounts.models import User
from skingarden.portability.imports import ImportSummary, import_file
from skingarden.portability.models import (
    CustomMeasure,
    ImportedDay,
    TreatmentEntry,
)
from skingarden.test import make_participant
from tests.portability.helpers import TODAY, data_file


class FlaredownSince2021Tests(TestCase):
    """The file as Flaredown has written it since November 2021: dates with the
    time and offset, several check-ins a day, and a condition and a symptom that
    share a name."""

    user: User
    summary: ImportSummary

    @classmethod
    def setUpTestData(cls):
        cls.user = make_participant("dana@example.org")
        cls.summary = import_file(
            owner=cls.user,
            fmt="flaredown",
            data=data_file("flaredown-2024.csv"),
            today=TODAY,
        )

    def ratings(self, name: str, kind: str) -> list[tuple[date, int]]:
        measure = CustomMeasure.objects.get(owner=self.user, name=name, kind=kind)
        return list(measure.values.values_list("date", "value"))

    def test_it_is_summarised_with_both_anxiety_columns(self):
        self.assertEqual(
            self.summary.describe(),
            "Imported 5 new conditions and symptoms, 19 condition and symptom "
            "ratings, 7 treatment entries and 4 days of tags, foods or weather. "
            "Columns read as conditions: Eczema, Anxiety; symptoms: Itchy skin, "
            "Anxiety, Poor sleep; treatments: Hydrocortisone 1%, Cetirizine.",
        )

    def test_the_day_is_the_date_as_written_whatever_the_offset(self):
        # 23:30 at -05:00 is 8 March in UTC, but the person logged 7 March.
        self.assertEqual(
            self.ratings("Eczema", "condition"),
            [
                (date(2024, 3, 4), 3),
                (date(2024, 3, 5), 3),
                (date(2024, 3, 6), 2),
                (date(2024, 3, 7), 2),
            ],
        )

    def test_a_condition_and_a_symptom_of_one_name_are_both_kept(self):
        self.assertEqual(
            self.ratings("Anxiety", "condition"),
            [(date(2024, 3, 4), 2), (date(2024, 3, 5), 2), (date(2024, 3, 6), 1)],
        )
        self.assertEqual(
            self.ratings("Anxiety", "symptom"),
            [
                (date(2024, 3, 4), 3),
                (date(2024, 3, 5), 2),
                (date(2024, 3, 6), 1),
                (date(2024, 3, 7), 0),
            ],
        )

    def test_two_check_ins_of_one_day_are_merged(self):
        # 5 March: the evening's sleep fills the morning's blank, the itch agrees,
        # and the tags and foods of both are kept.
        self.assertIn((date(2024, 3, 5), 2), self.ratings("Poor sleep", "symptom"))
        self.assertIn((date(2024, 3, 5), 3), self.ratings("Itchy skin", "symptom"))
        day = ImportedDay.objects.get(owner=self.user, date=date(2024, 3, 5))
        self.assertEqual(
            (day.tags, day.free_tags, day.foods),
            (
                [],
                ["Late night"],
                [
                    "Oats, regular and quick, not fortified, dry",
                    "Chocolate, dark, 70-85% cacao solids",
                ],
            ),
        )
        self.assertEqual(
            day.weather,
            "Overcast; max temperature 10.4; min temperature 5.0; pressure 1011.8; "
            "precipitation intensity 0; humidity 0.84",
        )
        self.assertEqual(
            list(
                TreatmentEntry.objects.filter(date=date(2024, 3, 5)).values_list(
                    "name", "dose", "taken"
                )
            ),
            [("Cetirizine", "10 mg", True), ("Hydrocortisone 1%", "", True)],
        )
