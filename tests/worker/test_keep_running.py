"""bin/keep-running, which `make run` puts the worker under: a command that exits is
started again, sooner or later by how quickly it failed; stopping the script stops the
command."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.test import SimpleTestCase

from tests.subprocesses import ROOT

SCRIPT = ROOT / "bin" / "keep-running"
# Appends its process id to a file; the first two runs fail at once, the third stays.
FLAKY = """
import os, sys, time
path = sys.argv[1]
with open(path, "a") as runs:
    runs.write(f"{os.getpid()}\\n")
if len(open(path).read().split()) < 3:
    sys.exit(3)
time.sleep(120)
"""


class KeepRunningTests(SimpleTestCase):
    def test_an_exited_command_is_restarted_and_stopped_with_the_script(self):
        runs = Path(self.enterContext(tempfile.TemporaryDirectory())) / "runs"
        script = subprocess.Popen(
            [SCRIPT, sys.executable, "-c", FLAKY, runs],
            stderr=subprocess.PIPE,
            text=True,
        )
        self.addCleanup(script.kill)
        deadline = time.monotonic() + 30
        while not runs.exists() or len(runs.read_text().split()) < 3:
            self.assertLess(time.monotonic(), deadline, "not restarted in time")
            time.sleep(0.05)
        time.sleep(0.5)  # the third run is now sleeping
        script.send_signal(signal.SIGTERM)
        _, said = script.communicate(timeout=15)
        self.assertEqual(script.returncode, 0)
        pids = [int(pid) for pid in runs.read_text().split()]
        self.assertEqual(len(set(pids)), 3)
        with self.assertRaises(ProcessLookupError):
            os.kill(pids[-1], 0)  # stopped with the script, not left behind
        self.assertEqual(
            [line.split("; ")[-1] for line in said.splitlines()],
            ["starting it again in 1 s", "starting it again in 2 s"],
        )

    def test_make_run_keeps_the_worker_running(self):
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        self.assertIn("bin/keep-running $(BIN)/skingarden worker &", makefile)
