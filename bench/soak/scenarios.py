"""The soak's three scenarios: steady load on one instance, the same with kill -9
of the server and the worker half-way, and two instances with two workers sharing
one PostgreSQL database. Each prints its figures and returns its problems."""

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.soak import checks
from bench.soak.clients import Load, figures, get_json
from bench.soak.processes import (
    GUNICORN_THREADS,
    GUNICORN_WORKERS,
    Service,
    environment,
    free_port,
    gunicorn,
    migrate,
    run,
    wait_until_serving,
    worker,
)

REPORT_WAIT_S = 240.0
# How many times each instance is asked for each report at once.
ASKERS = 2


@dataclass(frozen=True)
class Settings:
    clients: int
    seconds: float
    kill_after: float
    reports: int
    reminded: int
    secret: str
    work: Path


def fixture(
    env: dict[str, str], s: Settings, reports: int, reminded: int, tag: str
) -> Any:
    command = [sys.executable, "-m", "bench.soak.fixture"]
    out = run([*command, str(s.clients), str(reports), str(reminded), tag], env)
    return json.loads(out)


def set_up(
    env: dict[str, str], s: Settings, reports: int, reminded: int, tag: str
) -> Any:
    """Migrate and create the people, saying how long that took."""
    began = time.perf_counter()
    migrate(env)
    people = fixture(env, s, reports, reminded, tag)
    say(f"  set-up (migrate, people): {time.perf_counter() - began:.0f} s")
    return people


def database_state(env: dict[str, str]) -> Any:
    return json.loads(run([sys.executable, "-m", "bench.soak.state"], env))


def say(line: str) -> None:
    print(line, flush=True)


def load_line(
    label: str,
    answers: list[tuple[float, int]],
    seconds: float,
    *,
    killed: bool = False,
) -> list[str]:
    """Print the figures of a stretch of load; its problems: any server error, and
    any save left unanswered unless the stretch ends in a kill."""
    f = figures(answers, seconds)
    say(
        f"  {label}: {f.saves} saves in {seconds:.0f} s "
        f"({f.per_second:.0f}/s answered), "
        f"{f.acknowledged} acknowledged, {f.server_errors} server errors, "
        f"{f.no_answer} unanswered; p50 {f.p50_ms:.0f} ms, p99 {f.p99_ms:.0f} ms, "
        f"max {f.max_ms:.0f} ms"
    )
    problems = [f"{label}: {f.server_errors} server errors"] if f.server_errors else []
    if f.no_answer and not killed:
        problems.append(f"{label}: {f.no_answer} saves unanswered")
    return problems


def client_problems(load: Load) -> list[str]:
    problems = []
    for client in load.clients:
        problems += [f"refused: {r}" for r in client.tally.refusals[:3]]
        if client.tally.unexpected_412:
            problems.append(
                f"client {client.programme[:8]}: {client.tally.unexpected_412} "
                "412s after no save in doubt"
            )
    return problems


def outcome(name: str, found: tuple[list[str], str]) -> list[str]:
    problems, line = found
    say(f"  {name}: {line}")
    return problems


def integrity(state: Any, when: str) -> list[str]:
    check = "PRAGMA integrity_check" if state["vendor"] == "sqlite" else "amcheck"
    found = state["integrity"]
    say(f"  {check} {when}: {'ok' if not found else '; '.join(found[:5])}")
    return [f"integrity {when}: {p}" for p in found]


def queue_reports(people: list[dict[str, str]], ports: list[int]) -> list[str]:
    """Ask for each report ASKERS times from every instance at the same moment, as
    people opening the page together would (the first asks queue a build); the
    answers that were not 200."""
    bad: list[str] = []
    askers = [(person, port) for person in people for port in ports] * ASKERS
    together = threading.Barrier(len(askers))

    def ask(person: dict[str, str], port: int) -> None:
        path = f"/api/v1/programmes/{person['programme']}/report"
        together.wait()
        status, body = get_json(port, path, person["token"])
        if status != 200:
            bad.append(f"asking for a report: {status} {str(body)[:200]}")

    threads = [threading.Thread(target=ask, args=asker) for asker in askers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return bad


def report_statuses(people: list[dict[str, str]], port: int) -> list[str]:
    statuses = []
    for person in people:
        path = f"/api/v1/programmes/{person['programme']}/report"
        _, body = get_json(port, path, person["token"])
        statuses.append(body["status"] if isinstance(body, dict) else "unknown")
    return statuses


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def start_all(services: list[Service], ports: list[int], log_dir: Path) -> None:
    for service in services:
        service.start(log_dir)
    for port in ports:
        wait_until_serving(port)


def single_instance(engine: str, s: Settings, database_url: str = "") -> list[str]:
    """Steady load, then kill -9 of gunicorn and the worker while a report builds."""
    say(
        f"--- {engine}: one gunicorn ({server_shape()}), one worker, "
        f"{s.clients} clients"
    )
    data_dir = s.work / f"{engine}-data"
    data_dir.mkdir()
    env = environment(data_dir, s.secret, database_url)
    people = set_up(env, s, s.reports, 0, engine.lower())
    port = free_port()
    server = gunicorn(f"{engine}-gunicorn", port, env)
    tasks = worker(f"{engine}-worker", env)
    load = Load(people["clients"], [port])
    try:
        start_all([server, tasks], [port], s.work)
        problems = steady(load, s.seconds, env, "steady load")
        problems += killed(load, s, env, people["reports"], port, [server, tasks])
        problems += client_problems(load)
    finally:
        load.finish()
        for service in (server, tasks):
            service.stop()
    return [f"{engine}: {p}" for p in problems]


def server_shape() -> str:
    return f"{GUNICORN_WORKERS} processes x {GUNICORN_THREADS} threads"


def steady(load: Load, seconds: float, env: dict[str, str], label: str) -> list[str]:
    start = load.resume()
    time.sleep(seconds)
    end = load.pause()
    problems = load_line(label, load.answers(start, end), end - start)
    state = database_state(env)
    problems += integrity(state, "after it")
    return problems + outcome("writes", checks.writes(load.clients, state))


def killed(
    load: Load,
    s: Settings,
    env: dict[str, str],
    reported: list[dict[str, str]],
    port: int,
    services: list[Service],
) -> list[str]:
    """Load again; reports queued; kill -9 everything once a build runs; restart."""
    start = load.resume()
    problems = queue_reports(reported, [port])
    if not wait_for(lambda: "running" in report_statuses(reported, port), 60):
        problems.append("no report build started within 60 s")
    time.sleep(s.kill_after)  # into the build, and the load
    kill_at = time.perf_counter()
    for service in services:
        service.kill()
    problems += integrity(database_state(env), "right after kill -9")
    time.sleep(1)
    restarting = time.perf_counter()
    start_all(services, [port], s.work)
    back_at = time.perf_counter()
    say(f"  started again: serving {back_at - restarting:.1f} s after the restart")
    time.sleep(s.seconds / 3)
    end = load.pause()
    before = load.answers(start, kill_at)
    problems += load_line("before the kill", before, kill_at - start, killed=True)
    down = load.answers(kill_at, back_at)
    load_line("down (kill to serving again)", down, back_at - kill_at, killed=True)
    problems += load_line(
        "after the restart", load.answers(back_at, end), end - back_at
    )
    return problems + settled(load, env, reported, port, services, killed=True)


def settled(
    load: Load,
    env: dict[str, str],
    reported: list[dict[str, str]],
    port: int,
    services: list[Service],
    *,
    killed: bool,
) -> list[str]:
    """Once every report is built: the database, the writes and the reports."""
    started = time.perf_counter()
    built = wait_for(
        lambda: all(st == "ready" for st in report_statuses(reported, port)),
        REPORT_WAIT_S,
    )
    say(
        f"  reports: {'all ready' if built else 'NOT all ready'} "
        f"{time.perf_counter() - started:.0f} s after the load stopped"
    )
    state = database_state(env)
    problems = integrity(state, "at the end")
    problems += outcome("writes", checks.writes(load.clients, state))
    codes = [person["programme"] for person in reported]
    logs = [log for service in services for log in service.logs]
    return problems + outcome(
        "reports", checks.reports_once(state, codes, logs, killed)
    )


def pool(s: Settings, database_url: str) -> list[str]:
    """Two instances, as on two machines (each its own DATA_DIR), sharing one
    PostgreSQL database; clients go round robin; nothing is killed."""
    say(
        f"--- PostgreSQL, two instances: two gunicorns ({server_shape()} each) and "
        f"two workers, {s.clients} clients round robin"
    )
    envs = []
    for machine in ("a", "b"):
        data_dir = s.work / f"pool-{machine}"
        data_dir.mkdir()
        envs.append(environment(data_dir, s.secret, database_url))
    people = set_up(envs[0], s, s.reports * 2, s.reminded, "pool")
    ports = [free_port(), free_port()]
    servers = [gunicorn(f"pool-gunicorn-{n}", ports[n], envs[n]) for n in (0, 1)]
    workers = [worker(f"pool-worker-{n}", envs[n]) for n in (0, 1)]
    load = Load(people["clients"], ports)
    try:
        start_all([*servers, *workers], ports, s.work)
        start = load.resume()
        problems = queue_reports(people["reports"], ports)
        time.sleep(max(0.0, s.seconds - (time.perf_counter() - start)))
        end = load.pause()
        problems += load_line("load", load.answers(start, end), end - start)
        emails = people["reminded"]
        sent = wait_for(lambda: reminders_done(envs[0], emails), REPORT_WAIT_S)
        problems += [] if sent else ["the reminders were not all sent"]
        problems += settled(
            load, envs[0], people["reports"], ports[0], workers, killed=False
        )
        state = database_state(envs[0])
        logs = [log for service in workers for log in service.logs]
        problems += outcome("reminders", checks.reminders_once(state, emails, logs))
        problems += client_problems(load)
    finally:
        load.finish()
        for service in (*servers, *workers):
            service.stop()
    return [f"PostgreSQL, two instances: {p}" for p in problems]


def reminders_done(env: dict[str, str], emails: list[str]) -> bool:
    rows = database_state(env)["reminders"]
    owed = {row["user__email"] for row in rows}
    return owed >= set(emails) and all(row["status"] == "sent" for row in rows)
