"""Run Python or the `skingarden` command in a fresh process, from the repository's
root, for tests of what a process loads, prints and exits with."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Settings the test process carries that a fresh process must decide for itself.
TEST_ONLY = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECRET_KEY_FILE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def clean_environment(**env: str) -> dict[str, str]:
    """The test process's environment without its Django and test-only settings."""
    environment = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    environment.update(env, DJANGO_SETTINGS_MODULE="skingarden.settings")
    return environment


def run_python(
    code: str, *, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-c", code], env, stdin)


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "skingarden.cli", *args], env, stdin)


def _run(
    command: list[str], env: dict[str, str] | None, stdin: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )
