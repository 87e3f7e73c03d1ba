"""HTTP benchmark: the dashboard, the check-in save and a bare view, in one run.

A participant with 365 days of check-ins; gunicorn with 2 sync workers on
127.0.0.1; wrk with 2 threads and 50 connections. Each page is measured for
DURATION seconds, ROUNDS times, interleaved so that drift hits all three alike;
we print the median requests/s, p50 and p99, and each page's throughput as a
ratio of the bare view's.

Targets (issue 2): dashboard >= 25% of the bare view's throughput with p99 <= 60
ms; check-in save >= 30%.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
TARGETS = {"dashboard": (0.25, 60.0), "checkin save": (0.30, None)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skingarden-bench-") as data_dir:
        env = environment(data_dir)
        setup = prepare(env)
        server = start_gunicorn(env)
        try:
            results = measure(setup, args)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)
    report(results, args)


def environment(data_dir: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")},
        "DATA_DIR": data_dir,
        "DEBUG": "False",
        "SITE_USES_HTTPS": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "skingarden.settings",
    }


def prepare(env: dict[str, str]) -> dict[str, str]:
    """Migrate a fresh SQLite database and create the 365-day participant."""
    run([sys.executable, "-m", "skingarden.cli", "manage", "migrate", "-v", "0"], env)
    run(
        [
            sys.executable,
            "-m",
            "skingarden.cli",
            "manage",
            "collectstatic",
            "--noinput",
            "-v",
            "0",
        ],
        env,
    )
    out = run([sys.executable, "-m", "bench.fixture"], env)
    return dict(line.split("=", 1) for line in out.strip().splitlines())


def run(command: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        command, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def start_gunicorn(env: dict[str, str], port: int = PORT) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "skingarden.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/hello", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def wrk(
    path: str,
    args: argparse.Namespace,
    *,
    script: str | None = None,
    headers: dict[str, str] | None = None,
    seconds: int | None = None,
) -> dict[str, float]:
    command = [
        shutil.which("wrk") or "wrk",
        "-t2",
        f"-c{args.connections}",
        f"-d{seconds or args.duration}s",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    command.append(f"http://127.0.0.1:{PORT}{path}")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        raise SystemExit(f"{path}: {bad.group(1)} responses were errors:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": to_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),  # type: ignore[union-attr]
        "p99": to_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),  # type: ignore[union-attr]
    }


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure(
    setup: dict[str, str], args: argparse.Namespace
) -> dict[str, list[dict[str, float]]]:
    cookie = {"Cookie": f"sessionid={setup['session']}; csrftoken={setup['csrf']}"}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        body = "&".join(
            [
                f"csrfmiddlewaretoken={setup['csrf']}",
                "worst_itch=4",
                "sleep_loss=2",
                "kefir_ml=40",
                "gut_discomfort=0",
                "energy=6",
                "no_red_flags=on",
            ]
        )
        lua.write(
            'wrk.method = "POST"\n'
            f'wrk.body = "{body}"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        )
    pages = {
        "bare view": lambda seconds=None: wrk("/hello", args, seconds=seconds),
        "dashboard": lambda seconds=None: wrk(
            "/today/", args, headers=cookie, seconds=seconds
        ),
        "checkin save": lambda seconds=None: wrk(
            setup["checkin_path"],
            args,
            headers=cookie,
            script=lua.name,
            seconds=seconds,
        ),
    }
    for page in pages.values():  # warm up every worker and code path
        page(3)
    results: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, page in pages.items():
            results[name].append(page())
    os.unlink(lua.name)
    return results


def report(
    results: dict[str, list[dict[str, float]]], args: argparse.Namespace
) -> None:
    print(
        f"\nwrk -t2 -c{args.connections} -d{args.duration}s, {args.rounds} rounds, "
        "gunicorn 2 sync workers, SQLite, 365 days of check-ins; medians"
    )
    print(f"{'page':<14} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7}  target")
    bare = statistics.median(r["rps"] for r in results["bare view"])
    failed = False
    for name, runs in results.items():
        rps = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50"] for r in runs)
        p99 = statistics.median(r["p99"] for r in runs)
        ratio = rps / bare
        target = TARGETS.get(name)
        verdict = ""
        if target:
            ok = ratio >= target[0] and (target[1] is None or p99 <= target[1])
            failed |= not ok
            verdict = (
                f"ratio >= {target[0]:.2f}"
                + (f", p99 <= {target[1]:.0f} ms" if target[1] else "")
                + (" ok" if ok else " MISSED")
            )
        print(
            f"{name:<14} {rps:>9.0f} {p50:>8.1f} {p99:>8.1f} {ratio:>7.2f}  {verdict}"
        )
    if failed:
        print("\nA target was missed.")


if __name__ == "__main__":
    main()
