"""`skingarden backup` and `skingarden restore` as real processes, each instance on
its own DATA_DIR and database: the demo, a photo taken through the photo service
(its original and its two smaller copies) and a file of another kind go out and
come back row for row and byte for byte, each photo's file matching the SHA-256
its row holds; the copy works (a new account can be made in it), and a second
restore into it is refused with nothing changed.

SQLite runs in the suite's SQLite pass; PostgreSQL in CI's PostgreSQL pass
(.ci/run sets DATABASE_URL to a private cluster), on two databases made for the
test beside the suite's own."""

import hashlib
import json
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
OTHER_FILE = bytes(range(256)) * 300
# A participant who took one generated photo, its copies made as the worker would.
TAKE_PHOTO = """
import django; django.setup()
from datetime import timedelta
from skingarden.accounts.selectors import user_today
from skingarden.test import make_participant, make_programme
from tests.photos.records import shot, take
user = make_participant("photographed@example.org")
start = user_today(user=user) - timedelta(days=3)
programme = make_programme(user, start=start, today=start, photo_sites=("Neck",))
take(programme, start + timedelta(days=1), shot().data)
"""
# Each photo file a row names, with the SHA-256 the row holds for the original.
PHOTO_FILES = """
import django; django.setup()
import json
from skingarden.photos.models import Photo
print(json.dumps([[p.original, p.display, p.thumbnail, p.sha256]
                  for p in Photo.objects.all()]))
"""
# The demo's 28 generated photos (docs/photos.md, "The demo's photos") and the one
# TAKE_PHOTO takes, each stored in three sizes, and the file make_source writes itself.
MEDIA_FILES = (28 + 1) * 3 + 1
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
        taken = run_python(TAKE_PHOTO, env=self.env("source"))
        self.assertEqual(taken.returncode, 0, taken.stderr)
        (self.folder / "source" / "media" / "second.png").write_bytes(OTHER_FILE)

    def media_hashes(self, name: str) -> dict[str, str]:
        media = self.folder / name / "media"
        return {
            str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(media.rglob("*"))
            if path.is_file()
        }

    def photo_rows(self, name: str) -> list[list[str]]:
        listed = run_python(PHOTO_FILES, env=self.env(name))
        self.assertEqual(listed.returncode, 0, listed.stderr)
        rows: list[list[str]] = json.loads(listed.stdout)
        return rows

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
        restored = self.media_hashes("target")
        self.assertEqual(restored, self.media_hashes("source"))
        self.assertEqual(len(restored), MEDIA_FILES)
        photos = self.photo_rows("target")
        self.assertEqual(len(photos), 28 + 1)
        for original, display, thumbnail, sha256 in photos:
            self.assertEqual(restored[original], sha256)
            self.assertLessEqual({display, thumbnail}, set(restored))

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
