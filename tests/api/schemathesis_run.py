"""Fuzz the running API with schemathesis, then try every object URL with another
participant's token (issue 14 §1; docs/api.md, "How the API is tested").

`make api-fuzz` runs it, and .ci/run in its SQLite pass. In a temporary DATA_DIR it
migrates a fresh SQLite database, builds the demo, makes tokens, starts gunicorn on a
free port of 127.0.0.1 with the rate limit raised, and then:

1. schemathesis generates at least ``MIN_CASES`` requests across every operation of
   /api/v1/openapi.json with the split-body participant's read-write token (real
   programme codes, days, questionnaires, due dates and photo codes mixed in, so
   that most requests reach the code behind the 404s) and checks each answer: no server
   error, and status, content type, headers and body as the schema says;
2. every operation whose URL names a programme is sent, with valid values (a
   real photo for the upload, fuzz_photos.py), with the other demo participant's
   read-write token: each must answer 404, and the database must be unchanged.

It prints the case count and times, and exits non-zero on any failure.
"""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script (make api-fuzz): tests/ importable
from tests.api import fuzz_photos  # noqa: E402

ACCESS_LOG = "access.log"
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}")
DAY = re.compile(r"(?<=/)[0-9]{4}-[0-9]{2}-[0-9]{2}(?=/|$)")
MIN_CASES = 1000
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "80"))
SEED = int(os.environ.get("API_FUZZ_SEED", "20261205"))
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "ignored_auth",
    )
)


@dataclass(frozen=True)
class Fixture:
    """What the run needs from the database it prepared."""

    token: str  # the fuzzing participant's read-write token
    stranger_token: str  # another participant's read-write token
    programme: str  # the fuzzing participant's programme code
    days: list[str]
    instruments: list[str]
    due_dates: list[str]
    stranger_programme: str
    photos: list[str]  # the fuzzing participant's photos' codes


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="skingarden-api-fuzz-") as folder:
        data_dir = Path(folder)
        env = _server_environment(data_dir)
        os.environ.update(env)
        fixture = _prepare(data_dir)
        port = _free_port()
        server = _start_server(env, port)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(f"{base}/api/v1/openapi.json")
            fuzz_ok, cases = _fuzz(base, fixture, data_dir)
            _print_answers(data_dir / ACCESS_LOG)
            _print_writes()
            strangers_ok, tried = _strangers(base, fixture)
        finally:
            server.terminate()
            server.wait(timeout=30)
    took = time.monotonic() - started
    print(f"API fuzz: {cases} schemathesis cases, {tried} stranger requests, ", end="")
    print(f"{took:.0f} s in all")
    if cases < MIN_CASES:
        print(f"FAIL: fewer than {MIN_CASES} cases were generated", file=sys.stderr)
        return 1
    return 0 if fuzz_ok and strangers_ok else 1


def _server_environment(data_dir: Path) -> dict[str, str]:
    return {
        "DATA_DIR": str(data_dir),
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_USES_HTTPS": "False",
        "API_RATE_PER_MINUTE": "1000000",
        "DJANGO_SETTINGS_MODULE": "skingarden.settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
    }


def _prepare(data_dir: Path) -> Fixture:
    """Migrate, build the demo, make the tokens and read the values to mix in."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from skingarden.accounts.models import User
    from skingarden.accounts.selectors import user_today
    from skingarden.accounts.tokens import token_create
    from skingarden.demo import DEMO_EMAIL, demo_create
    from skingarden.demo.split import SPLIT_EMAIL
    from skingarden.programmes.selectors.access import programmes_for_user
    from skingarden.programmes.selectors.checkins import checkins_for_programme
    from skingarden.programmes.selectors.state import programme_state

    call_command("migrate", verbosity=0, interactive=False)
    # As in production: the error pages name hashed static files.
    call_command("collectstatic", verbosity=0, interactive=False)
    demo_create(password=secrets.token_urlsafe(12))
    now = timezone.now()

    def token(email: str) -> tuple[str, Any]:
        user = User.objects.get(email=email)
        made = token_create(
            user=user,
            name="fuzz",
            scope="read_write",
            lifetime_days=7,
            now=now,
            second_factor_passed=True,
        )
        return made.secret, programmes_for_user(user=user)[0]

    secret, programme = token(SPLIT_EMAIL)
    stranger_secret, stranger_programme = token(DEMO_EMAIL)
    today = user_today(user=programme.owner)
    state = programme_state(programme=programme, today=today)
    logged = {c.date for c in checkins_for_programme(programme=programme)}
    # Days not logged yet (If-None-Match: * can create them), a few logged ones
    # (If-Match can replace them) and the programme's first and last days.
    open_days = [d for d in _days(state.phases, today) if d not in logged]
    days = [*open_days, *sorted(logged)[-3:], state.phases[0].start_date]
    days.append(state.phases[-1].end_date)
    fixture = Fixture(
        token=secret,
        stranger_token=stranger_secret,
        programme=str(programme.code),
        days=sorted({str(day) for day in days}),
        instruments=sorted({s.instrument_id for s in state.instruments}) or ["poem"],
        due_dates=sorted({str(s.slot.due_on) for s in state.instruments})
        or [str(now.date())],
        stranger_programme=str(stranger_programme.code),
        photos=fuzz_photos.photo_codes(programme),
    )
    connections.close_all()
    return fixture


def _days(phases: list[Any], today: Any) -> list[Any]:
    first = phases[0].start_date
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "skingarden.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--access-logfile",
        str(Path(env["DATA_DIR"]) / ACCESS_LOG),
        "--access-logformat",
        "%(m)s %(U)s %(s)s",
    ]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - our own server
                if answer.status == 200:
                    return
        except OSError:  # refused while it starts, or slow on a busy machine
            time.sleep(0.3)
    raise SystemExit("FAIL: the server did not start within 120 s")


def _config(base: str, fixture: Fixture) -> str:
    """schemathesis.toml: the token, and real values mixed into path parameters."""

    def values(items: list[str]) -> str:
        return json.dumps(items)

    return f"""
base-url = "{base}"
seed = {SEED}
headers = {{ Authorization = "Bearer {fixture.token}" }}

[generation]
max-examples = {MAX_EXAMPLES}
mode = "all"

[phases.examples]
fill-missing = true

[dictionaries.programmes]
values = {values([fixture.programme])}
[dictionaries.days]
values = {values(fixture.days)}
[dictionaries.instruments]
values = {values(fixture.instruments)}
[dictionaries.due]
values = {values(fixture.due_dates)}

[dictionaries.photos]
values = {values(fixture.photos)}
[dictionaries.sites]
values = [1, 2]

[dictionaries.create]
values = ["*"]
[dictionaries.versions]
values = ['"1"', '"2"', '"3"', "*"]
[dictionaries.scores]
values = [0, 3, 7]

[parameters]
"path.code" = {{ dictionary = "programmes", probability = 0.85 }}
"path.day" = {{ dictionary = "days", probability = 0.7 }}
"path.instrument" = {{ dictionary = "instruments", probability = 0.7 }}
"path.due_on" = {{ dictionary = "due", probability = 0.7 }}
"path.photo" = {{ dictionary = "photos", probability = 0.7 }}
"body.site" = {{ dictionary = "sites", probability = 0.7 }}
"header.If-None-Match" = {{ dictionary = "create", probability = 0.5 }}
"header.If-Match" = {{ dictionary = "versions", probability = 0.5 }}
"body.worst_itch" = {{ dictionary = "scores", probability = 0.8 }}
"body.site_kefir" = {{ dictionary = "scores", probability = 0.8 }}
"body.site_carrier" = {{ dictionary = "scores", probability = 0.8 }}
"""


def _fuzz(base: str, fixture: Fixture, data_dir: Path) -> tuple[bool, int]:
    config = data_dir / "schemathesis.toml"
    config.write_text(_config(base, fixture), encoding="utf-8")
    report = data_dir / "schemathesis-report.json"
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks",
        CHECKS,
        "--workers",
        "1",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--suppress-health-check",
        "too_slow,filter_too_much",
    ]
    started = time.monotonic()
    result = subprocess.run(command, cwd=data_dir, check=False)
    if os.environ.get("API_FUZZ_KEEP_REPORT"):
        Path(os.environ["API_FUZZ_KEEP_REPORT"]).write_bytes(report.read_bytes())
    print(f"schemathesis: exit {result.returncode}, {time.monotonic() - started:.0f} s")
    return result.returncode == 0, _count_cases(report)


def _count_cases(report: Path) -> int:
    """Test cases sent, from schemathesis's event log."""
    cases = 0
    if not report.exists():
        return 0
    for line in report.read_text(encoding="utf-8").splitlines():
        body = json.loads(line).get("ScenarioFinished")
        if body is not None:
            cases += len(body.get("recorder", {}).get("cases", {}))
    return cases


def _print_answers(access_log: Path) -> None:
    """How far the requests got: the server's answers by operation and status."""
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split(" ")
        if len(parts) < 3 or not parts[1].startswith("/api/v1/"):
            continue
        method, path, status = parts[0], parts[1], parts[-1]
        path = DAY.sub("{day}", UUID.sub("{code}", path))
        statuses[f"{method} {path}"][status] += 1
    for label, counts in sorted(statuses.items(), key=lambda item: -item[1].total()):
        if counts.total() >= 10:
            shown = ", ".join(f"{s}: {n}" for s, n in sorted(counts.items()))
            print(f"  {label}  {shown}")


def _strangers(base: str, fixture: Fixture) -> tuple[bool, int]:
    """Every programme URL, with valid values but another participant's token: 404,
    and nothing written."""
    before = _snapshot()
    with urllib.request.urlopen(f"{base}/api/v1/openapi.json") as answer:  # noqa: S310
        schema = json.load(answer)
    failures, tried = [], 0
    for path, operations in schema["paths"].items():
        if "{code}" not in path:
            continue
        for method in operations:
            tried += 1
            status = _send(base, path, method.upper(), fixture)
            if status != 404:
                failures.append(f"{method.upper()} {path}: {status}")
    changed = _snapshot() != before
    for failure in failures:
        print(f"FAIL: a stranger got {failure}", file=sys.stderr)
    if changed:
        print("FAIL: a stranger's request changed the database", file=sys.stderr)
    return not failures and not changed, tried


def _send(base: str, path: str, method: str, fixture: Fixture) -> int:
    """One request as the stranger, with values that would succeed for the owner."""
    url = base + path.format(
        code=fixture.programme,
        day=fixture.days[0],
        instrument=fixture.instruments[0],
        due_on=fixture.due_dates[0],
        fmt="json",
        photo=fixture.photos[0],
        size=fuzz_photos.SIZE,
    )
    headers = {"Authorization": f"Bearer {fixture.stranger_token}"}
    body = None
    if method == "POST" and path.endswith("/photos"):
        body, headers["Content-Type"] = fuzz_photos.stranger_upload()
    elif method in ("PUT", "POST"):
        headers["Content-Type"] = "application/json"
        headers["If-None-Match"] = "*"
        payload: dict[str, Any] = {"worst_itch": 3, "red_flags": []}
        if "questionnaires" in path:
            payload = {"answers": {}}
        body = json.dumps(payload).encode()
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _print_writes() -> None:
    """How far the generated writes got: days the fuzzing saved."""
    from django.db import connections

    from skingarden.programmes.models import CheckIn

    saved = CheckIn.objects.filter(form_version="api-1")
    print(
        f"  check-ins saved through the API: {saved.count()} days, "
        f"{sum(saved.values_list('version', flat=True))} saves in all"
    )
    connections.close_all()


def _snapshot() -> dict[str, Any]:
    """Every row a stranger's write could touch, as it stands now."""
    from django.db import connections

    from skingarden.instruments.models import InstrumentResponse
    from skingarden.programmes.models import CheckIn, Programme
    from skingarden.reports.models import Report

    snapshot = {
        "checkins": list(CheckIn.objects.values_list("pk", "version").order_by("pk")),
        "responses": InstrumentResponse.objects.count(),
        "revisions": list(Programme.objects.values_list("pk", "revision")),
        "reports": list(Report.objects.values_list("pk", "key", "status")),
        **fuzz_photos.photo_rows(),
    }
    connections.close_all()
    return snapshot


if __name__ == "__main__":
    sys.exit(main())
