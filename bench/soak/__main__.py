"""make soak (issue 11 §8): load and fault checks against real processes, not part
of make test.

1. SQLite: CLIENTS clients save check-ins through the API for SECONDS against
   gunicorn (several processes and threads) with the task worker beside it; then the
   same with report builds queued, and kill -9 of gunicorn and the worker once a
   build is running; both started again.
2. PostgreSQL (a throwaway cluster, as .ci/run starts one; skipped with a message
   when its binaries are absent): the same two steps.
3. PostgreSQL: two gunicorns and two workers, as on two machines, sharing one
   database, with reports queued from both instances at once and participants owed
   a reminder; nothing killed.

After each step: every acknowledged save is in the database (or a later one whose
answer never came), no server errors, p50/p99 of the saves, the database's own
integrity check (SQLite's PRAGMA integrity_check; amcheck on PostgreSQL), every
report built by exactly one task (started again only after a kill), every reminder
e-mailed exactly once. Exit status 1 when any of that fails.
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.soak.processes import PostgresCluster, new_secret
from bench.soak.scenarios import Settings, pool, say, single_instance


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--kill-after",
        type=float,
        default=0.3,
        help="seconds into the first report build before kill -9",
    )
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--reminded", type=int, default=20)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--only",
        choices=("sqlite", "postgres", "pool"),
        help="run one scenario (sqlite and postgres include their kill -9)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the work folder (logs, SQLite files)"
    )
    return parser.parse_args()


def main() -> int:
    args = arguments()
    began = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="skingarden-soak-"))
    work.chmod(0o755)  # the postgres user must reach its cluster's folders
    settings = Settings(
        clients=args.clients,
        seconds=args.seconds,
        kill_after=args.kill_after,
        reports=args.reports,
        reminded=args.reminded,
        secret=new_secret(),
        work=work,
    )
    try:
        problems = []
        if args.only in (None, "sqlite"):
            problems += single_instance("SQLite", settings)
        if args.only != "sqlite":
            problems += postgres(settings, args.only, skip=args.skip_postgres)
    finally:
        if args.keep:
            say(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    say(f"--- soak finished in {time.monotonic() - began:.0f} s")
    for problem in problems:
        say(f"FAILED: {problem}")
    if not problems:
        say("every check passed")
    return 1 if problems else 0


def postgres(settings: Settings, only: str | None, *, skip: bool) -> list[str]:
    missing = "--skip-postgres given" if skip else PostgresCluster.missing()
    if missing:
        say(f"--- PostgreSQL skipped: {missing}")
        return []
    cluster = PostgresCluster(settings.work)
    cluster.start()
    try:
        problems = []
        if only in (None, "postgres"):
            url = cluster.create_database("soak_single")
            problems += single_instance("PostgreSQL", settings, url)
        if only in (None, "pool"):
            problems += pool(settings, cluster.create_database("soak_pool"))
        return problems
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
