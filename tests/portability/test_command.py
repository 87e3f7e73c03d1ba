"""`skingarden export` and `skingarden import`, run as real processes on a fresh
SQLite database of their own."""

import json
import zipfile
from pathlib import Path

from tests.portability.helpers import DATA
from tests.portability.seeded_cli import SeededCliTestCase
from tests.subprocesses import run_cli, run_python

SEED = """
import django; django.setup()
from datetime import timedelta
from skingarden.accounts.selectors import user_today
from skingarden.test import make_checkin, make_participant, make_programme
alice = make_participant("alice@example.org")
today = user_today(user=alice)
start = today - timedelta(days=2)
programme = make_programme(alice, start=start, today=start)
for n in range(3):
    make_checkin(programme, today - timedelta(days=n), worst_itch=n + 4)
make_participant("bob@example.org", screened=False)
"""
COUNTS = """
import django; django.setup()
from skingarden.portability.models import CustomMeasureValue
from skingarden.programmes.models import CheckIn
print(CheckIn.objects.count(), CustomMeasureValue.objects.count())
"""


class CommandTests(SeededCliTestCase):
    seed = SEED

    def counts(self) -> str:
        return run_python(COUNTS, env=self.env).stdout.strip()

    def path(self, name: str) -> Path:
        return Path(self.folder.name) / name

    def test_json_goes_out_to_a_file_and_back_into_another_account(self):
        out = self.path("alice.json")
        exported = run_cli(
            "export", "alice@example.org", "--format", "json", "-o", str(out),
            env=self.env,
        )  # fmt: skip
        self.assertEqual(exported.returncode, 0, exported.stderr)
        document = json.loads(out.read_text())
        self.assertEqual(
            [c["worst_itch"] for c in document["programmes"][0]["checkins"]],
            [6, 5, 4],
        )
        imported = run_cli(
            "import", "bob@example.org", str(out), "--format", "json", env=self.env
        )
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertTrue(imported.stdout.startswith("Imported 1 safety screen, 1 "))
        again = run_cli("export", "bob@example.org", "--format", "json", env=self.env)
        bobs = json.loads(again.stdout)
        self.assertEqual(
            [c["worst_itch"] for c in bobs["programmes"][0]["checkins"]], [6, 5, 4]
        )
        self.assertEqual(self.counts(), "6 0")

    def test_the_csv_zip_is_written_to_a_file(self):
        out = self.path("alice.zip")
        result = run_cli(
            "export", "alice@example.org", "--format", "csv", "-o", str(out),
            env=self.env,
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        with zipfile.ZipFile(out) as archive:
            self.assertIn("data-dictionary.csv", archive.namelist())

    def test_an_unknown_address_is_a_clear_error(self):
        for command in (
            ("export", "nobody@example.org", "--format", "json"),
            ("import", "nobody@example.org", str(DATA / "flaredown-good.csv"),
             "--format", "flaredown"),
        ):  # fmt: skip
            with self.subTest(command=command[0]):
                result = run_cli(*command, env=self.env)
                self.assertEqual(
                    (result.returncode, result.stdout, result.stderr),
                    (
                        2,
                        "",
                        f"skingarden {command[0]}: there is no account with the "
                        "e-mail address nobody@example.org.\n",
                    ),
                )

    def test_a_bad_file_imports_nothing_and_says_which_row(self):
        before = self.counts()
        result = run_cli(
            "import", "alice@example.org", str(DATA / "flaredown-value-5.csv"),
            "--format", "flaredown", env=self.env,
        )  # fmt: skip
        self.assertEqual(
            (result.returncode, result.stderr),
            (
                2,
                "skingarden import: Row 7, “Itchiness”: “5” is not a rating from 0 "
                "to 4.\n",
            ),
        )
        self.assertEqual(self.counts(), before)

    def test_a_missing_file_or_folder_is_a_clear_error(self):
        missing = self.path("nowhere/x.json")
        result = run_cli(
            "import", "alice@example.org", str(missing), "--format", "json",
            env=self.env,
        )  # fmt: skip
        reason = f"cannot read {missing}: No such file or directory."
        self.assertEqual(
            (result.returncode, result.stderr), (2, f"skingarden import: {reason}\n")
        )
        result = run_cli(
            "export", "alice@example.org", "--format", "json", "-o", str(missing),
            env=self.env,
        )  # fmt: skip
        self.assertEqual(result.returncode, 2)
        self.assertFalse(missing.exists())

    def test_json_that_is_not_an_export_is_refused_with_status_2(self):
        before = self.counts()
        cases = {
            "deep.json": (
                "[" * 50_000,
                "The file nests lists and objects more than 32 deep; no Skin Garden "
                "export does.",
            ),
            "long.json": (
                '{"schema": "skingarden-export", "version": ' + "9" * 5000 + "}",
                "version: holds a number of 5000 digits; no value in an export is "
                "that long.",
            ),
            "nan.json": (
                '{"schema": "skingarden-export", "version": NaN}',
                "version: holds NaN, which is not a finite number.",
            ),
        }
        for name, (text, message) in cases.items():
            with self.subTest(name=name):
                path = self.path(name)
                path.write_text(text)
                result = run_cli(
                    "import", "bob@example.org", str(path), "--format", "json",
                    env=self.env,
                )  # fmt: skip
                self.assertEqual(
                    (result.returncode, result.stdout, result.stderr),
                    (2, "", f"skingarden import: {message}\n"),
                )
        self.assertEqual(self.counts(), before)
