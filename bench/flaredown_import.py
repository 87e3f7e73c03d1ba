"""Flaredown import benchmark (issue 11 §2): a 0.86 MB Flaredown file of 300,000
ratings (15 columns x 20,000 days) uploaded to gunicorn (2 workers) on SQLite and
imported by the background task worker, as `make run` serves them.

Measured, each from outside the server:
- end to end: from sending the upload to the progress poll (every 0.1 s) seeing
  the import done;
- the SQLite write lock: a probe in this process tries ``BEGIN IMMEDIATE`` without
  waiting, every 10 ms, on its own connection, and adds up how long someone else
  holds the lock (in all, and the longest single hold);
- check-ins saved meanwhile: CLIENTS other participants each post a day's log,
  wait PAUSE_S and post again; the latency of every save started during the import;
- the task worker's CPU time over the import (from /proc): what the import costs
  whatever else the machine is doing, and so about how long it would take alone on
  an idle one (the waits between chunks aside).

The first import runs alone, so the lock it shows is the import's own; the next
RUNS run beside the check-ins. Targets: end to end <= 10 s, the write lock held
<= 2 s, check-in p99 <= 1 s.
"""

import argparse
import os
import random
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.http import PORT, ROOT, environment, run, start_gunicorn

TARGET_END_TO_END_S = 10.0
TARGET_LOCK_S = 2.0
TARGET_P99_S = 1.0
CLIENTS = 4
PAUSE_S = 0.2
PROBE_EVERY_S = 0.01
POLL_EVERY_S = 0.1
DAYS, COLUMNS = 20_000, 15
NAMES = (
    "Eczema", "Hay fever", "Asthma", "Itchy skin", "Dry skin", "Redness",
    "Poor sleep", "Fatigue", "Anxiety", "Low mood", "Headache", "Bloating",
    "Joint pain", "Sneezing", "Cough",
)  # fmt: skip
BASE = f"http://127.0.0.1:{PORT}"
DONE = b"Imported 15 new conditions and symptoms and 300000"
CHECKIN_BODY = (
    "worst_itch=4&sleep_loss=2&kefir_ml=40&gut_discomfort=0&energy=6&no_red_flags=on"
)


def flaredown_file(seed: int) -> bytes:
    """Flaredown's layout (Date, conditions, symptoms, Tags, Foods), a rating in
    every cell, the last day two days ago in UTC (never the future anywhere)."""
    rng = random.Random(seed)
    lines = [",".join(["Date", *NAMES, "Tags", "Foods"])]
    first = datetime.now(UTC).date() - timedelta(days=DAYS + 1)
    for n in range(DAYS):
        day = (first + timedelta(days=n)).isoformat()
        ratings = [str(rng.randint(0, 4)) for _ in range(COLUMNS)]
        lines.append(",".join([day, *ratings, "", ""]))
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    load = os.getloadavg()[0]  # the machine's, before this benchmark adds its own
    with tempfile.TemporaryDirectory(prefix="skingarden-bench-import-") as data_dir:
        env = environment(data_dir)
        migrate = [sys.executable, "-m", "skingarden.cli", "manage", "migrate"]
        run([*migrate, "-v", "0"], env)
        importers, clients = prepare(env, 1 + args.runs)
        server = start_gunicorn(env)
        # The console script, as `make run` starts it.
        skingarden = str(Path(sys.executable).parent / "skingarden")
        worker = subprocess.Popen([skingarden, "worker"], env=env, cwd=ROOT)
        database = Path(data_dir) / "skingarden.sqlite3"
        try:
            alone = measure(importers[0], [], database, worker.pid, seed=0)
            beside = [
                measure(importer, clients, database, worker.pid, seed=n)
                for n, importer in enumerate(importers[1:], start=1)
            ]
        finally:
            for process in (worker, server):
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    report(alone, beside, load)


def prepare(env: dict[str, str], runs: int) -> tuple[list[str], list[str]]:
    """An importer per run (each imports into an empty account), and the clients."""
    importers, clients = [], []
    for n in range(runs):
        count = str(CLIENTS if n == 0 else 0)
        out = run([sys.executable, "-m", "bench.import_fixture", str(n), count], env)
        fields = dict(line.split("=", 1) for line in out.strip().splitlines())
        importers.append(f"{fields['importer']} {fields['csrf']}")
        clients += [value for key, value in fields.items() if key.startswith("client")]
    return importers, clients


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def request(
    path: str, session: str, csrf: str, body: bytes | None = None, kind: str = ""
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}"}
    if kind:
        headers["Content-Type"] = kind
    url = BASE + path  # always our own server on 127.0.0.1
    asked = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(asked, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def multipart(csrf: str, content: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    disposition = f"--{boundary}\r\nContent-Disposition: form-data; name="
    fields = {"csrfmiddlewaretoken": csrf, "fmt": "flaredown"}
    parts = [f'{disposition}"{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(
        f'{disposition}"file"; filename="flaredown.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class LockProbe(threading.Thread):
    """Samples whether someone else holds the database's write lock."""

    def __init__(self, database: Path) -> None:
        super().__init__(daemon=True)
        self.connection = sqlite3.connect(
            database, timeout=0, isolation_level=None, check_same_thread=False
        )
        self.samples: list[tuple[float, bool]] = []  # when, busy
        self.running = True

    def run(self) -> None:
        while self.running:
            moment = time.perf_counter()
            try:
                self.connection.execute("BEGIN IMMEDIATE")
                self.connection.execute("ROLLBACK")
                self.samples.append((moment, False))
            except sqlite3.OperationalError:  # database is locked
                self.samples.append((moment, True))
            time.sleep(PROBE_EVERY_S)

    def holds(self, start: float, end: float) -> tuple[float, float]:
        """The total held and the longest single hold, in seconds, in the window."""
        total = longest = 0.0
        since: float | None = None  # when the current hold was first seen
        previous = start
        for moment, busy in self.samples:
            if not start <= moment <= end:
                continue
            if busy:
                total += moment - previous
                since = previous if since is None else since
                longest = max(longest, moment - since)
            else:
                since = None
            previous = moment
        return total, longest


class CheckInClient(threading.Thread):
    def __init__(self, client: str, csrf: str) -> None:
        super().__init__(daemon=True)
        self.client = client  # "session path"
        self.csrf = csrf
        self.saves: list[tuple[float, float, int]] = []  # started, seconds, status
        self.running = True

    def run(self) -> None:
        session, path = self.client.split()
        body = f"csrfmiddlewaretoken={self.csrf}&{CHECKIN_BODY}".encode()
        kind = "application/x-www-form-urlencoded"
        while self.running:
            started = time.perf_counter()
            status, _, _ = request(path, session, self.csrf, body, kind)
            self.saves.append((started, time.perf_counter() - started, status))
            time.sleep(PAUSE_S)


def cpu_seconds(pid: int) -> float:
    """A process's user and system CPU time so far (Linux), or 0 if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    importer: str, clients: list[str], database: Path, worker: int, seed: int
) -> dict[str, float]:
    session, csrf = importer.split()
    content = flaredown_file(seed)
    probe = LockProbe(database)
    savers = [CheckInClient(client, csrf) for client in clients]
    for thread in (probe, *savers):
        thread.start()
    time.sleep(2)  # the check-ins at their own pace before the upload
    started, cpu_before = time.perf_counter(), cpu_seconds(worker)
    page = import_and_wait(session, csrf, content)
    finished, cpu = time.perf_counter(), cpu_seconds(worker) - cpu_before
    for saver in savers:
        saver.running = False
    probe.running = False
    for thread in (probe, *savers):
        thread.join()
    assert DONE in page, page[:2000]
    held, longest = probe.holds(started, finished)
    saves = [
        (seconds, status)
        for saver in savers
        for began, seconds, status in saver.saves
        if started <= began <= finished
    ]
    return {
        "size_mb": len(content) / 1e6,
        "end_to_end": finished - started,
        "cpu": cpu,
        "held": held,
        "longest": longest,
        **checkin_figures(saves),
    }


def import_and_wait(session: str, csrf: str, content: bytes) -> bytes:
    """Upload the file; the progress box once the import has finished."""
    body, kind = multipart(csrf, content)
    status, headers, _ = request("/data/import/", session, csrf, body, kind)
    assert status == 302, f"the upload was answered {status}"
    progress = headers["Location"] + "progress/"
    while True:
        _, headers, page = request(progress, session, csrf)
        if headers.get("HX-Refresh") == "true":
            return page
        time.sleep(POLL_EVERY_S)


def checkin_figures(saves: list[tuple[float, int]]) -> dict[str, float]:
    if not saves:
        return {}
    latencies = sorted(seconds for seconds, _ in saves)
    p99 = statistics.quantiles(latencies, n=100)[-1] if len(saves) > 1 else saves[0][0]
    return {
        "saved": len(saves),
        "errors": sum(1 for _, status in saves if status != 302),
        "p50": statistics.median(latencies),
        "p99": p99,
        "max": latencies[-1],
    }


def verdict(value: float, target: float) -> str:
    met = "met" if value <= target else "MISSED"
    return f"{value / target:.2f} of the {target:g} s target, {met}"


def report(
    alone: dict[str, float], beside: list[dict[str, float]], load: float
) -> None:
    def median(key: str) -> float:
        return statistics.median(result[key] for result in beside)

    print(
        f"--- Flaredown import: {alone['size_mb']:.2f} MB, {DAYS * COLUMNS:,} "
        f"ratings ({COLUMNS} columns x {DAYS:,} days), gunicorn and the task worker "
        f"on SQLite; load average before {load:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"Alone: end to end {alone['end_to_end']:.1f} s "
        f"({verdict(alone['end_to_end'], TARGET_END_TO_END_S)}); write lock held "
        f"{alone['held']:.2f} s in all ({verdict(alone['held'], TARGET_LOCK_S)}), "
        f"longest hold {alone['longest']:.2f} s; the task worker's CPU time "
        f"{alone['cpu']:.1f} s"
    )
    print(
        f"Beside {CLIENTS} clients saving check-ins every {PAUSE_S} s, medians of "
        f"{len(beside)} runs: end to end {median('end_to_end'):.1f} s "
        f"({verdict(median('end_to_end'), TARGET_END_TO_END_S)}); "
        f"write lock held {median('held'):.2f} s in all, check-ins' writes "
        f"included, longest hold {median('longest'):.2f} s"
    )
    print(
        f"Check-ins during the import: {median('saved'):.0f} saved, "
        f"{max(r['errors'] for r in beside):.0f} errors, p50 "
        f"{median('p50') * 1000:.0f} ms, p99 {median('p99') * 1000:.0f} ms "
        f"({verdict(median('p99'), TARGET_P99_S)}), max "
        f"{max(r['max'] for r in beside) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
