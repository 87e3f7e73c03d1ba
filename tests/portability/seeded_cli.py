"""A test case whose class shares one fresh SQLite database and media folder, migrated
and seeded by a script run as a real process: the database the suite runs on is
never touched."""

import tempfile

from django.test import SimpleTestCase

from tests.subprocesses import clean_environment, run_cli, run_python


class SeededCliTestCase(SimpleTestCase):
    seed: str  # a Python script, run after the migrations
    folder_prefix = "skingarden-cli-"
    folder: tempfile.TemporaryDirectory[str]
    env: dict[str, str]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.TemporaryDirectory(prefix=cls.folder_prefix)
        cls.env = clean_environment(DATA_DIR=cls.folder.name)
        cls.env.pop("DATABASE_URL", None)  # never the database the suite runs on
        for result in (
            run_cli("manage", "migrate", "--verbosity", "0", env=cls.env),
            run_python(cls.seed, env=cls.env),
        ):
            assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()
        super().tearDownClass()
