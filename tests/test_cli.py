import os
import re
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.test import TestCase, override_settings
from django.utils import timezone

from skingarden import cli
from skingarden.accounts import totp, two_factor
from skingarden.accounts.models import User
from skingarden.lib.database import MigrationState
from skingarden.programmes.models import Programme
from tests.subprocesses import run_python


class CliTests(TestCase):
    def test_help_loads_no_django(self):
        code = (
            "import sys; from skingarden import cli; cli.build_parser().format_help(); "
            "print(sorted(m for m in sys.modules if m == 'django' or "
            "m.startswith('django.')))"
        )
        result = run_python(code)
        self.assertEqual((result.returncode, result.stdout.strip()), (0, "[]"))

    def test_help_lists_the_subcommands(self):
        help_text = cli.build_parser().format_help()
        for command in ("serve", "demo", "worker", "manage"):
            self.assertIn(command, help_text)

    def test_demo_prints_each_login_on_its_line_and_keeps_them(self):
        out = StringIO()
        with (
            tempfile.TemporaryDirectory() as data_dir,
            override_settings(DATA_DIR=Path(data_dir)),
            mock.patch("sys.stdout", out),
        ):
            self.assertEqual(cli.main(["demo"]), 0)
            first = out.getvalue().splitlines()
            self.assertEqual(cli.main(["demo"]), 0)
            second = out.getvalue().splitlines()[len(first) :]
        self.assertEqual(first, second)
        self.assertEqual(
            [line.split(" password: ")[0] for line in first],
            [
                "demo@example.org",
                "demo-split@example.org",
                "demo-practitioner@example.org",
            ],
        )
        for line in first[:2]:
            email, password = line.split(" password: ")
            self.assertTrue(User.objects.get(email=email).check_password(password))
        practitioner_line = re.fullmatch(
            r"(\S+) password: (\S+) totp: ([A-Z2-7]{32})", first[2]
        )
        assert practitioner_line is not None, first[2]
        email, password, secret = practitioner_line.groups()
        practitioner = User.objects.get(email=email)
        self.assertTrue(practitioner.check_password(password))
        now = timezone.now()
        two_factor.second_factor_check(
            user=practitioner, code=totp.code_at(secret, now), now=now
        )  # raises if the printed secret is not the one enrolled
        self.assertEqual(
            Programme.objects.get(owner__email="demo@example.org").status, "completed"
        )

    def test_demo_password_from_the_environment(self):
        out = StringIO()
        with (
            tempfile.TemporaryDirectory() as data_dir,
            override_settings(DATA_DIR=Path(data_dir)),
            mock.patch.dict(os.environ, {"DEMO_PASSWORD": "demo-test-password-1"}),
            mock.patch("sys.stdout", out),
        ):
            self.assertEqual(cli.main(["demo"]), 0)
        self.assertIn("demo@example.org password: demo-test-password-1", out.getvalue())
        self.assertTrue(
            User.objects.get(email="demo-practitioner@example.org").check_password(
                "demo-test-password-1"
            )
        )

    def test_a_database_behind_the_code_is_named_with_what_to_run(self):
        behind = MigrationState(ever_migrated=True, pending=3)
        err = StringIO()
        with (
            mock.patch("skingarden.lib.database.migration_state", return_value=behind),
            mock.patch("sys.stderr", err),
        ):
            self.assertEqual(cli.main(["rescore"]), 1)
        self.assertEqual(
            err.getvalue(),
            "skingarden rescore: the database is 3 migrations behind this version of "
            "Skin Garden: run `skingarden manage migrate` first.\n",
        )

    def test_manage_passes_through_to_django(self):
        out = StringIO()
        # A command run from the command line closes every connection when it ends,
        # which on PostgreSQL would leave the tests after this one without theirs.
        with (
            mock.patch("sys.stdout", out),
            mock.patch("django.core.management.base.connections.close_all"),
        ):
            cli.main(["manage", "check"])
        self.assertIn("no issues", out.getvalue())

    def test_serve_runs_gunicorn_on_the_chosen_port(self):
        with mock.patch("os.execv") as execv, mock.patch("sys.stdout", StringIO()):
            cli.main(["serve", "--port", "8123", "--workers", "3"])
        command = execv.call_args.args[1]
        self.assertEqual(command[2:4], ["gunicorn", "skingarden.wsgi:application"])
        self.assertIn("127.0.0.1:8123", command)
        self.assertEqual(command[command.index("--workers") + 1], "3")

    def test_worker_passes_options_after_the_separator_to_the_worker(self):
        # The sweep's queueing is tested in tests/reminders and the worker itself in
        # tests/test_worker.py; here only what the command hands on.
        from skingarden.reminders.schedule import ensure_sweep_queued

        with mock.patch(
            "skingarden.lib.worker.command.run_worker", return_value=0
        ) as run:
            cli.main(["worker", "--", "--batch"])
            cli.main(["worker"])
        self.assertEqual([c.args[0] for c in run.call_args_list], [["--batch"], []])
        self.assertEqual(
            [c.kwargs["on_start"] for c in run.call_args_list],
            [ensure_sweep_queued, ensure_sweep_queued],
        )
