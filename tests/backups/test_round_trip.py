"""`skingarden backup` and `skingarden restore` as real processes, each instance on
its own DATA_DIR and database: the demo and two media files go out and come back
row for row and byte for byte, the copy works (a new account can be made in it),
and a second restore into it is refused with nothing changed.

SQLite runs in the suite's SQLite pass; PostgreSQL in CI's PostgreSQL pass
(.ci/run sets DATABASE_URL to a private cluster), on two databases made for the
test beside the suite's own."""

import os
import sqlite3
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import skipIf, skipUnless

import dj_database_url
import psycopg
from django.test import SimpleTestCase

from tests.subprocesses import clean_environment, run_cli, run_python

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
PHOTO = bytes(range(256)) * 300
# The demo's 28 generated photos (docs/photos.md, "The demo's photos"), each stored in
# three sizes, and the two files make_source writes itself.
MEDIA_FILES = 28 * 3 + 2
NEW_ACCOUNT = """
import django; django.setup()
from skingarden.test import make_participant
print(make_participant("after-restore@example.org").pk)
"""


# The shared steps are a mixin, so that they run only in the engines' subclasses;
# the type checker is told what they mix into.
if TYPE_CHECKING:
    MixIn = SimpleTestCase
else:
    MixIn = object


class RoundTrip(MixIn):
    """The steps both engines share; a subclass says where each database is."""

    folder: Path

    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="skingarden-backup-")
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        self.archive = self.folder / "nightly.tar.gz"

    def env(self, name: str) -> dict[str, str]:
        raise NotImplementedError

    def rows(self, name: str) -> dict[str, list[tuple[object, ...]]]:
        raise NotImplementedError

    def make_source(self):
        demo = run_cli("demo", env=self.env("source"))
        self.assertEqual(demo.returncode, 0, demo.stderr)
        self.assertEqual(len(demo.stdout.splitlines()), 3)
        self.assertRegex(demo.stderr, r"^Applying \d+ migrations first\.\n$")
        photos = self.folder / "source" / "media" / "photos" / "ab"
        photos.mkdir(parents=True)
        (photos / "one.jpg").write_bytes(PHOTO)
        (self.folder / "source" / "media" / "second.png").write_bytes(PHOTO[:99])

    def test_the_instance_comes_back_whole(self):
        self.make_source()
        backup = run_cli("backup", str(self.archive), env=self.env("source"))
        self.assertEqual(backup.returncode, 0, backup.stderr)
        self.assertRegex(
            backup.stdout,
            rf"^Backed up the \w+ database \([\d.]+ [kM]B\) and {MEDIA_FILES} media "
            r"files to "
            r".*nightly\.tar\.gz \([\d.]+ [kM]B\) in \d+\.\d s\.\n$",
        )
        self.assertEqual(self.archive.stat().st_mode & 0o777, 0o600)

        restore = run_cli("restore", str(self.archive), env=self.env("target"))
        self.assertEqual(restore.returncode, 0, restore.stderr)
        self.assertEqual(restore.stdout.count("\n"), 1)
        self.assertIn(f"and {MEDIA_FILES} media files from", restore.stdout)
        source_rows = self.rows("source")
        self.assertGreater(len(source_rows["accounts_user"]), 2)
        self.assertEqual(self.rows("target"), source_rows)
        source_media = self.folder / "source" / "media"
        names = [p.relative_to(source_media) for p in source_media.rglob("*")]
        files = [name for name in names if (source_media / name).is_file()]
        self.assertEqual(len(files), MEDIA_FILES)
        for name in files:
            self.assertEqual(
                (self.folder / "target" / "media" / name).read_bytes(),
                (source_media / name).read_bytes(),
            )

        again = run_cli("restore", str(self.archive), env=self.env("target"))
        self.assertEqual(again.returncode, 2)
        self.assertRegex(
            again.stderr,
            r"^skingarden restore: this instance is not empty \(its database has "
            r"\d+ tables\); [^\n]+\n$",
        )
        self.assertEqual(self.rows("target"), source_rows)
        made = run_python(NEW_ACCOUNT, env=self.env("target"))
        self.assertEqual(made.returncode, 0, made.stderr)


@skipIf(ON_POSTGRES, "SQLite round trip: run in the SQLite pass")
class SqliteRoundTripTests(RoundTrip, SimpleTestCase):
    def env(self, name):
        environment = clean_environment(DATA_DIR=str(self.folder / name))
        environment.pop("DATABASE_URL", None)
        return environment

    def rows(self, name):
        path = self.folder / name / "skingarden.sqlite3"
        connection = sqlite3.connect(path)
        try:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            return {
                table: connection.execute(
                    f'SELECT * FROM "{table}" ORDER BY rowid'  # noqa: S608 - names from sqlite_master
                ).fetchall()
                for table in tables
            }
        finally:
            connection.close()


@skipUnless(ON_POSTGRES, "PostgreSQL round trip: run in CI's PostgreSQL pass")
class PostgresRoundTripTests(RoundTrip, SimpleTestCase):
    def setUp(self):
        super().setUp()
        self.server = dj_database_url.parse(os.environ["DATABASE_URL"])
        suffix = uuid.uuid4().hex[:8]
        self.names = {
            "source": f"skingarden_backup_source_{suffix}",
            "target": f"skingarden_backup_target_{suffix}",
        }
        for name in self.names.values():
            self.admin(f'CREATE DATABASE "{name}"')
            self.addCleanup(
                self.admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
            )

    def connect(self, database: str) -> psycopg.Connection:
        return psycopg.connect(
            dbname=database,
            host=self.server["HOST"],
            port=self.server["PORT"] or None,
            user=self.server["USER"],
            password=self.server["PASSWORD"] or None,
            autocommit=True,
        )

    def admin(self, statement: str) -> None:
        with self.connect("postgres") as connection:
            connection.execute(statement)

    def env(self, name):
        server = self.server
        url = (
            f"postgres://{server['USER']}:{server['PASSWORD']}@{server['HOST']}:"
            f"{server['PORT']}/{self.names[name]}"
        )
        return clean_environment(DATA_DIR=str(self.folder / name), DATABASE_URL=url)

    def rows(self, name):
        with self.connect(self.names[name]) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "ORDER BY tablename"
                )
            ]
            return {
                table: sorted(
                    connection.execute(f'SELECT * FROM "{table}"').fetchall(),  # noqa: S608 - names from pg_tables
                    key=repr,
                )
                for table in tables
            }
