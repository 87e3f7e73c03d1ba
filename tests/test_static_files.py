"""Production's static files: `collectstatic` with the hashed, compressed storage
must succeed (`make run` depends on it), vendored files with source-map comments
and no maps included."""

import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from tests import subprocesses


class CollectStaticTests(SimpleTestCase):
    def test_production_storage_collects_every_file(self):
        with tempfile.TemporaryDirectory() as data_dir:
            env = subprocesses.clean_environment(
                DATA_DIR=data_dir,
                DEBUG="False",
                SECRET_KEY="x" * 50,
                ALLOWED_HOSTS="example.org",
            )
            result = subprocesses.run_cli(
                "manage", "collectstatic", "--noinput", "--verbosity", "0", env=env
            )
            self.assertEqual(result.returncode, 0, result.stderr)
            manifest_file = Path(data_dir) / "static" / "staticfiles.json"
            manifest = manifest_file.read_text(encoding="utf-8")
        self.assertIn("vendor/swagger-ui-5.35.0.css", manifest)
