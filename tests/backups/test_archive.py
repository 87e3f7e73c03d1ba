"""The backup archive on its own: what it holds, and every way a file that is not
a sound backup is refused before anything is used."""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path
from unittest import TestCase

from skingarden.backups import archive

CREATED = "2026-06-10T18:30:00+00:00"
MIGRATIONS = ("accounts.0001_initial", "sharing.0001_initial")
DATABASE = b"SQLite format 3\x00" + bytes(range(256)) * 40
PHOTO = os.urandom(5000)


class ArchiveTestCase(TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="skingarden-archive-")
        self.addCleanup(folder.cleanup)
        self.root = Path(folder.name)
        self.database = self.root / "copy.sqlite3"
        self.database.write_bytes(DATABASE)
        self.media = self.root / "media"
        (self.media / "photos" / "2026").mkdir(parents=True)
        (self.media / "photos" / "2026" / "a.jpg").write_bytes(PHOTO)
        (self.media / "notes.txt").write_text("kept\n")

    def write(self, name="backup.tar.gz"):
        target = self.root / name
        archive.write_archive(
            target,
            database=self.database,
            engine="sqlite",
            migrations=MIGRATIONS,
            media_root=self.media,
            created_at=CREATED,
        )
        return target

    def read(self, path: Path) -> archive.Manifest:
        staging = self.root / f"staging-{len(list(self.root.iterdir()))}"
        staging.mkdir()
        return archive.read_archive(path, staging)

    def assert_refused(self, path: Path, message: str) -> None:
        with self.assertRaises(archive.ArchiveError) as caught:
            self.read(path)
        self.assertEqual(str(caught.exception), message)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def rewrite(source: Path, target: Path, change) -> None:
    """Copy an archive member by member; ``change(name, content)`` returns the new
    content, or None to leave the member out."""
    with (
        tarfile.open(source, "r:gz") as old,
        tarfile.open(target, "w:gz") as new,
    ):
        for member in old:
            handle = old.extractfile(member)
            content = change(member.name, handle.read() if handle else b"")
            if content is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(content)
            new.addfile(info, io.BytesIO(content))


class WriteTests(ArchiveTestCase):
    def test_it_holds_the_database_every_media_file_and_a_manifest(self):
        path = self.write()
        with tarfile.open(path, "r:gz") as tar:
            names = tar.getnames()
            manifest_file = tar.extractfile("manifest.json")
            assert manifest_file is not None
            manifest = json.load(manifest_file)
        self.assertEqual(
            names,
            [
                "database.sqlite3",
                "media/notes.txt",
                "media/photos/2026/a.jpg",
                "manifest.json",
            ],
        )
        self.assertEqual(
            manifest,
            {
                "format": "skingarden-backup",
                "version": 1,
                "created_at": CREATED,
                "engine": "sqlite",
                "migrations": list(MIGRATIONS),
                "database": {
                    "name": "database.sqlite3",
                    "size": len(DATABASE),
                    "sha256": sha256(DATABASE),
                },
                "media": [
                    {"name": "media/notes.txt", "size": 5, "sha256": sha256(b"kept\n")},
                    {
                        "name": "media/photos/2026/a.jpg",
                        "size": len(PHOTO),
                        "sha256": sha256(PHOTO),
                    },
                ],
            },
        )
        self.assertEqual(path.stat().st_mode & 0o777, 0o600)

    def test_read_back_it_gives_the_same_files(self):
        manifest = self.read(self.write())
        staging = next(self.root.glob("staging-*"))
        self.assertEqual((staging / "database.sqlite3").read_bytes(), DATABASE)
        self.assertEqual((staging / "media/photos/2026/a.jpg").read_bytes(), PHOTO)
        self.assertEqual(manifest.migrations, MIGRATIONS)
        self.assertEqual(len(manifest.media), 2)

    def test_an_absent_media_folder_is_no_media(self):
        self.media = self.root / "nowhere"
        manifest = self.read(self.write())
        self.assertEqual(manifest.media, ())

    def test_a_symbolic_link_in_the_media_folder_is_refused(self):
        link = self.media / "link.jpg"
        link.symlink_to(self.database)
        with self.assertRaises(archive.ArchiveError) as caught:
            self.write()
        self.assertEqual(str(caught.exception), archive.MEDIA_LINK.format(path=link))
        self.assertEqual(
            sorted(p.name for p in self.root.iterdir()), ["copy.sqlite3", "media"]
        )


class RefusalTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.good = self.write()
        self.bad = self.root / "bad.tar.gz"

    def test_a_file_that_is_not_an_archive(self):
        self.bad.write_bytes(b"not a backup at all")
        self.assert_refused(self.bad, archive.NOT_AN_ARCHIVE.format(name="bad.tar.gz"))

    def test_a_changed_media_file(self):
        rewrite(
            self.good,
            self.bad,
            lambda name, content: (
                b"x" + content[1:] if name.endswith(".jpg") else content
            ),
        )
        self.assert_refused(
            self.bad, archive.MISMATCH.format(member="media/photos/2026/a.jpg")
        )

    def test_a_missing_or_an_extra_member(self):
        rewrite(
            self.good,
            self.bad,
            lambda name, content: None if name == "media/notes.txt" else content,
        )
        self.assert_refused(self.bad, archive.MISSING.format(member="media/notes.txt"))

        def extra(name, content):
            if name == "manifest.json":
                document = json.loads(content)
                document["media"] = document["media"][1:]
                return json.dumps(document).encode()
            return content

        rewrite(self.good, self.root / "extra.tar.gz", extra)
        self.assert_refused(
            self.root / "extra.tar.gz",
            archive.UNEXPECTED.format(member="media/notes.txt"),
        )

    def test_no_manifest(self):
        rewrite(
            self.good,
            self.bad,
            lambda name, content: None if name == "manifest.json" else content,
        )
        self.assert_refused(self.bad, archive.NO_MANIFEST.format(name="bad.tar.gz"))

    def test_a_manifest_of_a_newer_format_or_none_of_ours(self):
        cases = [
            ({"version": 2}, archive.NEWER_FORMAT.format(name="bad.tar.gz", version=2)),
            (
                {"format": "other"},
                archive.BAD_MANIFEST.format(name="bad.tar.gz", reason="is not ours"),
            ),
            (
                {"engine": "oracle"},
                archive.BAD_MANIFEST.format(
                    name="bad.tar.gz", reason="has a bad field (engine)"
                ),
            ),
        ]
        for change, message in cases:
            with self.subTest(change=change):

                def edit(name, content, change=change):
                    if name != "manifest.json":
                        return content
                    return json.dumps({**json.loads(content), **change}).encode()

                self.bad.unlink(missing_ok=True)
                rewrite(self.good, self.bad, edit)
                self.assert_refused(self.bad, message)

    def test_members_that_could_escape_or_are_not_files(self):
        for name, kind in (
            ("../outside.txt", tarfile.REGTYPE),
            ("/etc/passwd", tarfile.REGTYPE),
            ("media/../../x", tarfile.REGTYPE),
            ("settings.py", tarfile.REGTYPE),
            ("media/link", tarfile.SYMTYPE),
        ):
            with self.subTest(name=name):
                with tarfile.open(self.bad, "w:gz") as tar:
                    info = tarfile.TarInfo(name)
                    info.type = kind
                    info.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else ""
                    tar.addfile(info, io.BytesIO(b""))
                message = (
                    archive.NOT_A_FILE.format(member=name)
                    if kind == tarfile.SYMTYPE
                    else archive.UNSAFE_NAME.format(member=name)
                )
                self.assert_refused(self.bad, message)
        self.assertFalse((self.root / "outside.txt").exists())
