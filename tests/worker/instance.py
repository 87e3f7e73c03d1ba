"""A throwaway instance for real-process tests: its own DATA_DIR, so its own SQLite
file, migrated by the real command; workers started and killed as processes."""

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from tests import subprocesses

# Appended to code run by python_running: say so, then wait for stdin to close.
HOLD = """
import sys
print("holding", flush=True)
sys.stdin.read()
"""


class Instance:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        # SQLite even in CI's PostgreSQL pass, whose DATABASE_URL names a real server.
        self.env = subprocesses.clean_environment(
            DATA_DIR=str(data_dir),
            DATABASE_URL=f"sqlite:///{data_dir / 'skingarden.sqlite3'}",
        )
        self.workers: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []

    @property
    def database(self) -> Path:
        return self.data_dir / "skingarden.sqlite3"

    def migrate(self) -> None:
        result = subprocesses.run_cli("manage", "migrate", "--noinput", env=self.env)
        assert result.returncode == 0, result.stderr

    def python(self, code: str) -> str:
        """Run code with Django set up in a fresh process; its standard output."""
        result = subprocesses.run_python(
            "import django; django.setup()\n" + code, env=self.env
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    @contextmanager
    def python_running(self, code: str) -> Iterator[None]:
        """Run code with Django set up in a fresh process that then stays, with its
        database connection open, as a server process would, until the block ends."""
        process = subprocess.Popen(
            [sys.executable, "-c", "import django; django.setup()\n" + code + HOLD],
            cwd=subprocesses.ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line == "holding\n", f"the process ended early: {line!r}"
            yield
        finally:
            process.communicate(timeout=60)
        assert process.returncode == 0

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.data_dir / f"worker-{len(self.workers)}.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "skingarden.cli",
                "worker",
                "--",
                "--interval",
                "0.1",
                "--no-startup-delay",
            ],
            cwd=subprocesses.ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append((process, log))
        return process

    def worker_log(self, number: int) -> str:
        return (self.data_dir / f"worker-{number}.log").read_text(encoding="utf-8")

    def stop_workers(self) -> None:
        for process, log in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database, timeout=20) as connection:
            return connection.execute(sql, params).fetchall()

    def wait_for(
        self, condition: Callable[[], bool], *, timeout: float, every: float = 0.02
    ) -> float:
        """Seconds until the condition held; fails after the timeout."""
        start = time.monotonic()
        while not condition():
            elapsed = time.monotonic() - start
            assert elapsed < timeout, f"still waiting after {timeout} s"
            time.sleep(every)
        return time.monotonic() - start
