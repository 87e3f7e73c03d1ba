"""`skingarden restore` refuses, with one line and nothing written, a backup of the
other engine, one from a newer Skin Garden, and an instance with media files; as
real processes on SQLite instances of their own."""

import sqlite3
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.test import SimpleTestCase

from skingarden.backups import archive, instance
from tests.subprocesses import clean_environment, run_cli

CREATED = "2026-06-10T18:30:00+00:00"


class RestoreRefusalTests(SimpleTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="skingarden-refusals-")
        self.addCleanup(folder.cleanup)
        self.root = Path(folder.name)
        self.database = self.root / "copy.sqlite3"
        connection = sqlite3.connect(self.database)
        connection.execute("CREATE TABLE marker (id INTEGER PRIMARY KEY)")
        connection.commit()
        connection.close()

    def backup(self, name: str, *, engine="sqlite", migrations=()) -> Path:
        target = self.root / name
        copy = self.root / archive.DATABASE_FILES[engine]
        copy.write_bytes(self.database.read_bytes())
        archive.write_archive(
            target,
            database=copy,
            engine=engine,
            migrations=tuple(migrations),
            media_root=self.root / "no-media",
            created_at=CREATED,
        )
        return target

    def env(self, name: str) -> dict[str, str]:
        environment = clean_environment(DATA_DIR=str(self.root / name))
        environment.pop("DATABASE_URL", None)
        return environment

    def tables(self, name: str) -> list[str]:
        path = self.root / name / "skingarden.sqlite3"
        if not path.exists():
            return []
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute("SELECT name FROM sqlite_master").fetchall()
        finally:
            connection.close()
        return [row[0] for row in rows]

    def test_each_refusal_is_one_line_and_writes_nothing(self):
        keep = self.root / "with-media" / "media" / "photos" / "kept.jpg"
        keep.parent.mkdir(parents=True)
        keep.write_bytes(b"someone's photo")
        cases = {
            "other-engine": (
                self.backup("pg.tar.gz", engine="postgresql"),
                instance.OTHER_ENGINE.format(theirs="PostgreSQL", ours="SQLite"),
            ),
            "newer": (
                self.backup(
                    "newer.tar.gz",
                    migrations=["accounts.0001_initial", "accounts.9999_from_later"],
                ),
                instance.NEWER_MIGRATIONS.format(example="accounts.9999_from_later"),
            ),
            "with-media": (
                self.backup("fine.tar.gz"),
                instance.MEDIA_NOT_EMPTY.format(folder=keep.parent.parent),
            ),
        }
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = dict(
                zip(
                    cases,
                    pool.map(
                        lambda name: run_cli(
                            "restore", str(cases[name][0]), env=self.env(name)
                        ),
                        cases,
                    ),
                    strict=True,
                )
            )
        for name, (_, message) in cases.items():
            with self.subTest(name):
                result = results[name]
                self.assertEqual(
                    (result.returncode, result.stdout, result.stderr),
                    (2, "", f"skingarden restore: {message}\n"),
                )
                self.assertEqual(self.tables(name), [])
                left = [path.name for path in (self.root / name).iterdir()]
                self.assertEqual([n for n in left if n.startswith(".skingarden")], [])
        self.assertEqual(keep.read_bytes(), b"someone's photo")
