"""`skingarden export --format archive` and `skingarden import --format archive`
as real processes on a SQLite database and a media folder of their own."""

import hashlib
import json
import zipfile
from pathlib import Path

from skingarden.portability.imports.archive import NOT_A_ZIP
from tests.portability.seeded_cli import SeededCliTestCase
from tests.subprocesses import run_cli, run_python

SEED = """
import django; django.setup()
from datetime import timedelta
from skingarden.accounts.selectors import user_today
from skingarden.test import make_participant, make_programme
from tests.photos.records import shot, take
alice = make_participant("alice@example.org")
start = user_today(user=alice) - timedelta(days=3)
programme = make_programme(alice, start=start, today=start, photo_sites=("Neck",))
for seed in (1, 2):
    take(programme, start + timedelta(days=1), shot(seed=seed).data)
make_participant("bob@example.org", screened=False)
"""
# Each account's photo hashes, as its rows hold them and as its files are.
HASHES = """
import django; django.setup()
import hashlib, json
from skingarden.photos.models import Photo
from skingarden.photos.storage import read_file
print(json.dumps({
    email: sorted(
        [p.sha256, hashlib.sha256(read_file(p.original)).hexdigest()]
        for p in Photo.objects.filter(owner__email=email)
    )
    for email in ("alice@example.org", "bob@example.org")
}))
"""


class ArchiveCommandTests(SeededCliTestCase):
    seed = SEED
    folder_prefix = "skingarden-cli-archive-"

    def hashes(self) -> dict[str, list[list[str]]]:
        result = run_python(HASHES, env=self.env)
        self.assertEqual(result.returncode, 0, result.stderr)
        hashes: dict[str, list[list[str]]] = json.loads(result.stdout)
        return hashes

    def test_the_archive_goes_out_to_a_file_and_back_into_another_account(self):
        out = Path(self.folder.name) / "alice.zip"
        exported = run_cli(
            "export", "alice@example.org", "--format", "archive", "-o", str(out),
            env=self.env,
        )  # fmt: skip
        self.assertEqual(exported.returncode, 0, exported.stderr)
        self.assertRegex(
            exported.stderr, r"^Wrote skingarden-[\d-]+\.archive\.zip to .*\n$"
        )
        with zipfile.ZipFile(out) as archive:
            photos = [n for n in archive.namelist() if n.startswith("photos/")]
            in_zip = sorted(hashlib.sha256(archive.read(n)).hexdigest() for n in photos)
        self.assertEqual(len(photos), 2)
        imported = run_cli(
            "import", "bob@example.org", str(out), "--format", "archive", env=self.env
        )
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertIn(" 2 photos", imported.stdout)
        hashes = self.hashes()
        self.assertEqual(hashes["bob@example.org"], hashes["alice@example.org"])
        self.assertEqual([row[1] for row in hashes["bob@example.org"]], in_zip)
        for row_hash, file_hash in hashes["bob@example.org"]:
            self.assertEqual(row_hash, file_hash)

    def test_a_file_that_is_not_an_archive_is_one_line_and_exit_2(self):
        result = run_cli(
            "import", "bob@example.org", "-", "--format", "archive",
            env=self.env, stdin="not a zip at all",
        )  # fmt: skip
        self.assertEqual(
            (result.returncode, result.stdout, result.stderr),
            (2, "", f"skingarden import: {NOT_A_ZIP}\n"),
        )
