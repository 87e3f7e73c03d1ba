"""What the soak asserts about the database once the load has stopped: every
acknowledged write present, every queued report built exactly once, every
reminder sent exactly once. Each check returns the problems it found (none: an
empty list) and a line of figures."""

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.soak.clients import Client, Ledger

# django.tasks logs this line as a worker starts a task (and again as it ends).
TASK_STARTED = re.compile(r"Task id=([0-9a-f-]+) path=\S+\.build_report state=RUNNING")
# The console mail backend prints each message's headers.
MAIL_TO = re.compile(r"^To: (soak-\S+@example\.org)$", re.MULTILINE)


def writes(clients: list[Client], state: dict[str, Any]) -> tuple[list[str], str]:
    """Every day a client saved holds what was last acknowledged, or a later save
    whose answer never came; no day holds a value no one sent."""
    problems: list[str] = []
    acknowledged = checked = in_doubt = 0
    for client in clients:
        stored = state["checkins"].get(client.programme, {})
        ledger = client.ledger
        acknowledged += sum(
            1 for _, _, status in client.tally.answers if status in (200, 201)
        )
        for day in set(stored) | set(ledger.acknowledged) | set(ledger.in_doubt):
            checked += 1
            allowed = list(ledger.in_doubt.get(day, []))
            in_doubt += 1 if allowed else 0
            if day in ledger.acknowledged:
                allowed.append(ledger.acknowledged[day])
            problem = day_problem(day, stored.get(day), allowed, ledger)
            if problem:
                problems.append(f"client {client.programme[:8]}: {problem}")
    line = (
        f"{acknowledged} saves acknowledged; {checked} client-days compared with "
        f"the database ({in_doubt} with a save in doubt); {len(problems)} lost or "
        "unexplained"
    )
    return problems, line


def day_problem(
    day: str,
    stored: dict[str, Any] | None,
    allowed: list[tuple[int, ...]],
    ledger: Ledger,
) -> str:
    doubtful = bool(ledger.in_doubt.get(day))
    if stored is None:
        if day in ledger.acknowledged:
            return f"{day} was acknowledged but is missing"
        return ""  # only saves in doubt, none written
    if tuple(stored["values"]) not in allowed:
        return f"{day} holds {stored['values']}, which no save in play sent"
    known = ledger.versions.get(day, 0)
    if not doubtful and day in ledger.acknowledged and stored["version"] != known:
        return f"{day} is at version {stored['version']}, acknowledged {known}"
    return ""


def reports_once(
    state: dict[str, Any], codes: list[str], logs: list[Path], killed: bool
) -> tuple[list[str], str]:
    """Each queued report is ready, built by one task, and that task started once
    (twice when its worker was killed under it, and then by a second worker)."""
    starts = Counter(
        match
        for log in logs
        for match in TASK_STARTED.findall(log.read_text(errors="replace"))
    )
    tasks = defaultdict(list)
    for task in state["tasks"]:
        tasks[task["report"]].append(task)
    problems = []
    rerun = 0
    for report in state["reports"]:
        if report["programme"] not in codes:
            continue
        mine = tasks[report["id"]]
        ran = [t for t in mine if starts[t["id"]]]
        if report["status"] != "ready":
            problems.append(f"report {report['id']} is {report['status']}")
        if len(ran) != 1 or ran[0]["id"] != report["builder"]:
            problems.append(f"report {report['id']}: {len(ran)} tasks ran")
            continue
        count, workers = starts[ran[0]["id"]], len(ran[0]["workers"])
        rerun += count > 1
        if count != workers or count > (2 if killed else 1):
            problems.append(
                f"report {report['id']}: its task started {count} times, "
                f"claimed by {workers} workers"
            )
    built = sum(1 for r in state["reports"] if r["programme"] in codes)
    line = (
        f"{built} of {len(codes)} reports queued and built, each by one task; "
        f"{rerun} task(s) started again after their worker was killed"
    )
    if built != len(codes):
        problems.append("a report was never queued")
    if killed and not rerun:
        problems.append("the kill interrupted no report build: nothing was recovered")
    return problems, line


def reminders_once(
    state: dict[str, Any], emails: list[str], logs: list[Path]
) -> tuple[list[str], str]:
    """Each participant owed a reminder got one e-mail per batch of their rows, each
    row is marked sent after one attempt, and no one else got any."""
    received = Counter(
        address
        for log in logs
        for address in MAIL_TO.findall(log.read_text(errors="replace"))
    )
    batches = defaultdict(set)
    problems = []
    for row in state["reminders"]:
        batches[row["user__email"]].add(row["batch"])
        if row["status"] != "sent" or row["attempts"] != 1:
            problems.append(
                f"{row['user__email']} {row['kind']}: {row['status']} after "
                f"{row['attempts']} attempts"
            )
    problems += [
        f"{email}: {received[email]} e-mails for {len(batches[email])} batches"
        for email in emails
        if received[email] != len(batches[email]) or not batches[email]
    ]
    strangers = set(received) - set(emails)
    problems += [f"{email} got an e-mail it was not owed" for email in strangers]
    line = (
        f"{len(emails)} participants owed a reminder: {sum(received.values())} "
        f"e-mails sent for {len(state['reminders'])} reminders"
    )
    return problems, line
