"""Every subcommand, given bad input, as a real process: one line on standard error
(no traceback), nothing on standard output, and a non-zero exit status. A command
that needs the database, run on one that was never migrated, says what to run."""

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.test import SimpleTestCase

from skingarden.backups import archive, instance
from skingarden.lib.database import NEVER_MIGRATED
from skingarden.portability.command import NO_ACCOUNT
from tests.subprocesses import clean_environment, run_cli

NOBODY = "nobody@example.org"
ANALYSE = ["--date-col", "d", "--value-col", "v", "--phase-col", "p"]


def expected_line(command: str, message: str) -> str:
    return f"skingarden {command}: {message}\n"


class BadInputTests(SimpleTestCase):
    folder: tempfile.TemporaryDirectory[str]
    root: Path
    fresh: dict[str, str]
    migrated: dict[str, str]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.TemporaryDirectory(prefix="skingarden-bad-input-")
        cls.root = Path(cls.folder.name)
        cls.fresh = cls.environment("fresh")
        cls.migrated = cls.environment("migrated")
        migrate = run_cli("manage", "migrate", "--verbosity", "0", env=cls.migrated)
        assert migrate.returncode == 0, migrate.stderr
        (cls.root / "not-a-backup.tar.gz").write_text("hello\n")

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()
        super().tearDownClass()

    @classmethod
    def environment(cls, name: str) -> dict[str, str]:
        environment = clean_environment(DATA_DIR=str(cls.root / name))
        environment.pop("DATABASE_URL", None)  # never the suite's own database
        return environment

    def run_all(self, cases):
        """Run the cases two at a time; return (arguments, result) pairs."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = pool.map(lambda case: run_cli(*case[0], env=case[1]), cases)
            return list(zip([case[0] for case in cases], results, strict=True))

    def assert_one_line(self, arguments, result):
        with self.subTest(arguments=arguments):
            self.assertNotEqual(result.returncode, 0)
            self.assertNotIn("Traceback", result.stderr)
            self.assertEqual(result.stderr.count("\n"), 1, result.stderr)
            self.assertEqual(result.stdout, "")

    def test_bad_arguments_and_bad_files(self):
        root = self.root
        missing_folder = root / "no-such-folder" / "backup.tar.gz"
        cases = [
            ([], self.fresh),
            (["nosuch"], self.fresh),
            (["serve", "--port", "99999"], self.fresh),
            (["serve", "--workers", "0"], self.fresh),
            (["score", "nosuch", "--answers", "{}"], self.fresh),
            (["analyse", str(root / "missing.csv"), *ANALYSE], self.fresh),
            (
                ["photo", "measure", "x.jpg", "--lesion", "1,1", "--reference", "2,2"],
                self.fresh,
            ),
            (["rescore", "--everything"], self.migrated),
            (["worker", "--", "--no-such-option"], self.migrated),
            (["manage", "nosuch"], self.migrated),
            (["manage", "migrate", "--no-such-option"], self.migrated),
            (["export", NOBODY, "--format", "json"], self.migrated),
            (
                ["import", NOBODY, str(root / "x.json"), "--format", "json"],
                self.migrated,
            ),
            (["backup", str(missing_folder)], self.migrated),
            (["restore", str(root / "missing.tar.gz")], self.fresh),
            (["restore", str(root / "not-a-backup.tar.gz")], self.fresh),
            (["demo"], {**self.fresh, "DEBUG": "maybe"}),
        ]
        results = dict(
            (tuple(arguments), result) for arguments, result in self.run_all(cases)
        )
        for arguments, result in results.items():
            self.assert_one_line(arguments, result)
        exact = {
            ("export", NOBODY, "--format", "json"): expected_line(
                "export", NO_ACCOUNT.format(email=NOBODY)
            ),
            ("backup", str(missing_folder)): expected_line(
                "backup", instance.NO_FOLDER.format(folder=missing_folder.parent)
            ),
            ("restore", str(root / "not-a-backup.tar.gz")): expected_line(
                "restore", archive.NOT_AN_ARCHIVE.format(name="not-a-backup.tar.gz")
            ),
            ("demo",): expected_line(
                "demo", "DEBUG must be True or False, not 'maybe'."
            ),
            ("serve", "--port", "99999"): (
                "skingarden serve: argument --port: a port is 1 to 65535, not 99999 "
                "(see skingarden serve --help)\n"
            ),
        }
        for arguments, line in exact.items():
            with self.subTest(arguments=arguments):
                self.assertEqual(results[arguments].stderr, line)

    def test_commands_that_need_the_database_say_to_migrate_it(self):
        cases = [
            (["serve"], self.fresh),
            (["worker"], self.fresh),
            (["rescore"], self.fresh),
            (["export", NOBODY, "--format", "json"], self.fresh),
            (["import", NOBODY, "x.json", "--format", "json"], self.fresh),
            (["backup", str(self.root / "never.tar.gz")], self.fresh),
        ]
        for arguments, result in self.run_all(cases):
            self.assert_one_line(arguments, result)
            with self.subTest(arguments=arguments):
                self.assertEqual(
                    result.stderr, expected_line(arguments[0], NEVER_MIGRATED)
                )
        self.assertFalse((self.root / "never.tar.gz").exists())
