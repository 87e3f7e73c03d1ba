"""Print what the soak checks in the database, as JSON (run by bench.soak in its
own process): every check-in of the soak's programmes, the report builds' tasks and
reports, the reminder sent log, and a structural check of the database itself.

Usage: python -m bench.soak.state
"""

import json
import sys
from typing import Any

import django

django.setup()

from django.db import connection  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from skingarden.programmes.models import CheckIn  # noqa: E402
from skingarden.reminders.models import ReminderSent  # noqa: E402
from skingarden.reports.models import Report  # noqa: E402

# The values a soak client sends (bench/soak/clients.py).
FIELDS = ("worst_itch", "sleep_loss", "energy", "fruit_veg_servings", "fibre_servings")

# Rows that break what the schema cannot say by itself: a day logged under a
# programme that is not its owner's.
CROSSED_OWNERS = (
    "SELECT count(*) FROM programmes_checkin c JOIN programmes_programme p "
    "ON p.id = c.programme_id WHERE p.owner_id <> c.owner_id"
)


def checkins() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    rows = CheckIn.objects.filter(owner__email__startswith="soak-").values(
        "programme__code", "date", "version", *FIELDS
    )
    for row in rows:
        days = found.setdefault(str(row["programme__code"]), {})
        days[row["date"].isoformat()] = {
            "version": row["version"],
            "values": [row[field] for field in FIELDS],
        }
    return found


def report_tasks() -> list[dict[str, Any]]:
    tasks = DBTaskResult.objects.filter(task_path__endswith=".build_report")
    return [
        {
            "id": str(task.id),
            "status": task.status,
            "workers": task.worker_ids,
            "report": task.args_kwargs["kwargs"]["report_id"],
        }
        for task in tasks
    ]


def reports() -> list[dict[str, Any]]:
    rows = Report.objects.values("id", "programme__code", "status", "builder")
    return [
        {
            "id": row["id"],
            "programme": str(row["programme__code"]),
            "status": row["status"],
            "builder": row["builder"],
        }
        for row in rows
    ]


def reminders() -> list[dict[str, Any]]:
    rows = ReminderSent.objects.values(
        "user__email", "kind", "local_date", "batch", "status", "attempts"
    )
    return [
        {**row, "local_date": row["local_date"].isoformat(), "batch": str(row["batch"])}
        for row in rows
    ]


def integrity() -> list[str]:
    """Problems found (none: an empty list). SQLite checks its own file; on
    PostgreSQL amcheck verifies every B-tree index against its table and every
    table's pages, and a query checks what the schema cannot."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            problems = [row[0] for row in cursor.fetchall() if row[0] != "ok"]
        else:
            problems = postgres_problems(cursor)
        cursor.execute(CROSSED_OWNERS)
        crossed = cursor.fetchone()[0]
    return problems + ([f"{crossed} check-ins crossed owners"] if crossed else [])


def postgres_problems(cursor: Any) -> list[str]:
    cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " JOIN pg_am a ON a.oid = c.relam WHERE n.nspname = 'public'"
        " AND c.relkind = 'i' AND a.amname = 'btree'"
    )
    indexes = [row[0] for row in cursor.fetchall()]
    for index in indexes:  # raises on a broken index
        cursor.execute("SELECT bt_index_check(%s::regclass, true)", [index])
    cursor.execute(
        "SELECT c.relname, v.msg FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace,"
        " LATERAL verify_heapam(c.oid) v"
        " WHERE n.nspname = 'public' AND c.relkind = 'r'"
    )
    return [f"{table}: {message}" for table, message in cursor.fetchall()]


json.dump(
    {
        "vendor": connection.vendor,
        "integrity": integrity(),
        "checkins": checkins(),
        "tasks": report_tasks(),
        "reports": reports(),
        "reminders": reminders(),
    },
    sys.stdout,
)
