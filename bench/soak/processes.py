"""The processes the soak runs and kills: gunicorn, the task worker, and a throwaway
PostgreSQL cluster started as .ci/run starts CI's (initdb as the postgres user,
trust on 127.0.0.1, fsync off)."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
# gunicorn as production would run it on a small machine: a few processes, each
# with a few threads (the database does the waiting).
GUNICORN_WORKERS, GUNICORN_THREADS = 3, 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(data_dir: Path, secret: str, database_url: str = "") -> dict[str, str]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")},
        "DATA_DIR": str(data_dir),
        "DEBUG": "False",
        "SITE_USES_HTTPS": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": secret,
        "DJANGO_SETTINGS_MODULE": "skingarden.settings",
        # 50 clients saving as fast as they are answered would each pass the
        # per-token limit of a person (120 a minute) within seconds.
        "API_RATE_PER_MINUTE": "1000000",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "PYTHONUNBUFFERED": "1",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def new_secret() -> str:
    return secrets.token_urlsafe(50)


def run(command: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        command, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def migrate(env: dict[str, str]) -> None:
    run([sys.executable, "-m", "skingarden.cli", "manage", "migrate", "-v", "0"], env)


class Service:
    """A process in its own session, so that kill -9 reaches all its children
    (gunicorn's workers) at once. Its output goes to a new log file each start."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name, self.command, self.env = name, command, env
        self.logs: list[Path] = []
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, log_dir: Path) -> None:
        log = log_dir / f"{self.name}-{len(self.logs)}.log"
        self.logs.append(log)
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """kill -9, the whole process group."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


def gunicorn(name: str, port: int, env: dict[str, str]) -> Service:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "skingarden.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(GUNICORN_WORKERS),
        "--threads",
        str(GUNICORN_THREADS),
        "--worker-tmp-dir",
        # As `skingarden serve` does: gunicorn's heartbeat files in memory.
        "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir(),  # noqa: S108
        "--log-level",
        "warning",
    ]
    return Service(name, command, env)


def worker(name: str, env: dict[str, str]) -> Service:
    # The console script, as `make run` starts it.
    return Service(
        name, [str(Path(sys.executable).parent / "skingarden"), "worker"], env
    )


def wait_until_serving(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/hello", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn on port {port} did not start")


class PostgresCluster:
    """A private PostgreSQL cluster in a temporary directory, owned by the postgres
    user (as in .ci/run), gone when the soak ends."""

    def __init__(self, work: Path) -> None:
        self.data, self.run_dir = work / "pgdata", work / "pgrun"
        self.port = free_port()

    @staticmethod
    def missing() -> str:
        """Why PostgreSQL cannot run here, or "" when it can."""
        if not (PGBIN / "initdb").exists():
            return f"no PostgreSQL binaries in {PGBIN} (set PGBIN)"
        if os.geteuid() != 0 and not shutil.which("sudo"):
            return "neither root nor sudo, to run PostgreSQL as the postgres user"
        return ""

    def as_postgres(self, command: str) -> None:
        runner = ["su", "postgres", "-s", "/bin/sh", "-c", command]
        if os.geteuid() != 0:
            runner = ["sudo", *runner]
        subprocess.run(runner, check=True, capture_output=True)

    def start(self) -> None:
        for folder, mode in ((self.data, "700"), (self.run_dir, "755")):
            self.as_root(
                [
                    "install",
                    "-d",
                    "-o",
                    "postgres",
                    "-g",
                    "postgres",
                    "-m",
                    mode,
                    str(folder),
                ]
            )
        self.as_postgres(
            f"{PGBIN}/initdb -D '{self.data}' -U postgres -A trust -E UTF8 "
            "--locale=C.UTF-8 -N"
        )
        self.as_postgres(
            f"{PGBIN}/pg_ctl -D '{self.data}' -l '{self.run_dir}/pg.log' -w start "
            f"-o \"-c listen_addresses=127.0.0.1 -p {self.port} -k '{self.run_dir}' "
            '-c fsync=off -c full_page_writes=off"'
        )

    def as_root(self, command: list[str]) -> None:
        runner = command if os.geteuid() == 0 else ["sudo", *command]
        subprocess.run(runner, check=True, capture_output=True)

    def stop(self) -> None:
        self.as_postgres(f"{PGBIN}/pg_ctl -D '{self.data}' -m fast -w stop")
        self.as_root(["rm", "-rf", str(self.data), str(self.run_dir)])

    def create_database(self, name: str) -> str:
        self.as_postgres(f"{PGBIN}/createdb -h 127.0.0.1 -p {self.port} {name}")
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"
