"""The ``skingarden`` command.

Only argparse is imported at the top, so ``skingarden --help`` answers at once;
Django and everything heavy load inside the subcommand that needs them.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

SETTINGS = "skingarden.settings"
USAGE_ERROR = 2
HIGHEST_PORT = 65535


class Parser(argparse.ArgumentParser):
    """Bad arguments get one line (the usage is one --help away), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _port(text: str) -> int:
    port = _whole_number(text)
    if not 1 <= port <= HIGHEST_PORT:
        raise argparse.ArgumentTypeError(f"a port is 1 to {HIGHEST_PORT}, not {port}")
    return port


def _workers(text: str) -> int:
    workers = _whole_number(text)
    if workers < 1:
        raise argparse.ArgumentTypeError(f"at least 1 worker, not {workers}")
    return workers


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="skingarden",
        description="Skin Garden: a safe, honest personal gut-skin trial.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the web app with gunicorn")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=_port, default=os.environ.get("PORT", "8000"))
    serve.add_argument(
        "--workers", type=_workers, default=os.environ.get("WEB_CONCURRENCY", "2")
    )
    commands.add_parser(
        "demo", help="create (or reset) the demo account with a finished programme"
    )
    worker = commands.add_parser("worker", help="run the background task worker")
    worker.add_argument(
        "worker_args",
        nargs=argparse.REMAINDER,
        help="options passed on to Django's db_worker, after --: "
        "skingarden worker -- --batch",
    )
    score = commands.add_parser(
        "score",
        help="score one instrument's answers and print the result as JSON",
        description="Score answers given as JSON (format per instrument in "
        "docs/instruments.md). Bad answers: each problem is named, exit status 2.",
    )
    score.add_argument("instrument", nargs="?", help="instrument id, e.g. poem, scorad")
    score.add_argument(
        "--answers", help="the answers as JSON, or - to read standard input"
    )
    score.add_argument(
        "--list", action="store_true", help="list the instruments and licences"
    )
    analyse = commands.add_parser(
        "analyse",
        help="analyse a CSV of daily values as a single-person trial",
        description="Mean of the intervention days (after the lag) minus the "
        "baseline mean, with AR(1) errors; with --plan, the chance that a planned "
        "programme shows an improvement, from baseline days alone; see "
        "docs/analysis.md. Bad files: a message with the row number, exit status 2.",
    )
    analyse.add_argument("file")
    analyse.add_argument("--date-col", required=True)
    analyse.add_argument("--value-col", required=True)
    analyse.add_argument("--phase-col", required=True)
    analyse.add_argument(
        "--baseline", default="baseline", help="the baseline phase label"
    )
    analyse.add_argument(
        "--intervention", default="intervention", help="the intervention phase label"
    )
    analyse.add_argument(
        "--series-col", help="one series per distinct value of this column"
    )
    analyse.add_argument(
        "--lag",
        type=int,
        default=0,
        help="first days of each intervention run analysed separately",
    )
    analyse.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="the smallest change that matters (default 0: any; needed with --plan)",
    )
    direction = analyse.add_mutually_exclusive_group()
    direction.add_argument("--lower-is-better", action="store_true", default=True)
    direction.add_argument("--higher-is-better", action="store_true")
    analyse.add_argument(
        "--json", action="store_true", help="print JSON, one object per series"
    )
    analyse.add_argument(
        "--plan",
        action="store_true",
        help="from baseline days only: the chance that a programme of each length "
        "shows an improvement (assurance)",
    )
    analyse.add_argument(
        "--effect",
        type=float,
        help="with --plan: the true improvement to assume (default: the threshold)",
    )
    analyse.add_argument(
        "--lengths",
        help="with --plan: kefir days including the lag, comma-separated "
        "(default 21,28,35)",
    )
    export = commands.add_parser(
        "export",
        help="export one participant's data (CSV, JSON, a FHIR R4 Bundle, or an "
        "archive of all three with the photos)",
        description="Write everything the participant has, in the chosen format; "
        "see docs/portability.md. Without -o the export goes to standard output.",
    )
    export.add_argument("email", help="the participant's e-mail address")
    export.add_argument(
        "--format", choices=("csv", "json", "fhir", "archive"), required=True
    )
    export.add_argument("-o", "--output", help="write to this file instead")
    import_ = commands.add_parser(
        "import",
        help="import a JSON export or a Flaredown CSV into a participant's account",
        description="All or nothing: a bad row rejects the whole file with its row "
        "number and the reason (exit status 2); see docs/portability.md.",
    )
    import_.add_argument("email", help="the participant's e-mail address")
    import_.add_argument("file", help="the file to import (- for standard input)")
    import_.add_argument(
        "--format", choices=("json", "flaredown", "archive"), required=True
    )
    import_.add_argument(
        "--conditions",
        default="",
        help="Flaredown: the columns that are conditions, comma-separated",
    )
    import_.add_argument(
        "--treatments",
        default="",
        help="Flaredown: the columns that are treatments, comma-separated",
    )
    _add_photo(commands)
    _add_backup(commands)
    rescore = commands.add_parser(
        "rescore", help="recompute every stored score with the current scoring code"
    )
    rescore.add_argument(
        "--dry-run", action="store_true", help="list changes, write nothing"
    )
    manage = commands.add_parser(
        "manage", help="run a Django management command", add_help=False
    )
    manage.add_argument("manage_args", nargs=argparse.REMAINDER)
    return parser


def _add_photo(commands: Any) -> None:
    photo = commands.add_parser("photo", help="photo measurements")
    photo_commands = photo.add_subparsers(
        dest="photo_command", required=True, metavar="COMMAND"
    )
    measure = photo_commands.add_parser(
        "measure",
        help="the redness of a lesion against nearby skin in one photo",
        description="Δa* (lesion minus reference skin), ΔE00 and the erythema "
        "fraction, white-balanced on a neutral patch when one is given; regions in "
        "pixels of the photo as displayed (EXIF orientation applied). See "
        "docs/photos.md. Bad input: one line on standard error, exit status 2.",
    )
    measure.add_argument("image")
    measure.add_argument("--lesion", required=True, help='polygon "x,y x,y x,y ..."')
    measure.add_argument("--reference", required=True, help="polygon, healthy skin")
    measure.add_argument("--neutral", help='grey card or white paper: circle "x,y,r"')
    measure.add_argument("--json", action="store_true", help="print JSON")


def _add_backup(commands: Any) -> None:
    backup = commands.add_parser(
        "backup",
        help="write the database and every media file to one archive",
        description="A consistent copy while the app runs (SQLite's online backup "
        "API, or pg_dump), with the media files and a manifest of SHA-256 hashes, "
        "in a new .tar.gz readable by its owner only. See docs/backup.md.",
    )
    backup.add_argument("file", help="the archive to write; it must not exist")
    restore = commands.add_parser(
        "restore",
        help="restore a backup into a new, empty instance",
        description="Everything in the archive is checked before anything is "
        "written; an instance with any table or media file is refused. See "
        "docs/backup.md.",
    )
    restore.add_argument("file", help="an archive written by skingarden backup")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from skingarden.lib.commands import CommandFailure

    try:
        return _run(args)
    except CommandFailure as failure:
        print(f"skingarden {args.command}: {failure}", file=sys.stderr)
        return failure.status


def _run(args: argparse.Namespace) -> int:
    from skingarden.lib.commands import django_ready

    if args.command == "serve":
        django_ready(migrated=True)
        return _serve(args.host, args.port, args.workers)
    if args.command == "worker":
        return _worker(_after_separator(args.worker_args))
    if args.command in ("backup", "restore"):
        django_ready(migrated=False)
        from skingarden.backups.command import backup_command, restore_command

        return (backup_command if args.command == "backup" else restore_command)(args)
    if args.command in ("export", "import"):
        django_ready(migrated=True)
        from skingarden.portability.command import export_command, import_command

        command = export_command if args.command == "export" else import_command
        return command(args)
    if args.command == "demo":
        return _demo()
    if args.command == "score":
        from skingarden.instruments.command import score_command

        return score_command(args.instrument, args.answers, list_only=args.list)
    if args.command == "analyse":
        from skingarden.analysis.command import analyse_command

        return analyse_command(args)
    if args.command == "photo":
        from skingarden.photos.metrics.command import measure_command

        return measure_command(args)
    if args.command == "rescore":
        return _rescore(dry_run=args.dry_run)
    return _manage_checked(args.manage_args or ["help"])


def _manage(arguments: list[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["skingarden manage", *arguments])
    return 0


def _manage_checked(arguments: list[str]) -> int:
    """Django's command, its name and options checked first, so a mistake is one
    line rather than Django's usage text."""
    from skingarden.lib.commands import check_command_options, django_ready

    django_ready(migrated=False)
    if arguments and not arguments[0].startswith("-") and arguments[0] != "help":
        check_command_options(arguments[0], arguments[1:], "skingarden manage")
    return _manage(arguments)


def _worker(arguments: list[str]) -> int:
    """Run the task worker (django-tasks-db's db_worker, made to survive database
    trouble). Once the tasks a stopped worker left running are back in the queue, it
    makes sure the reminder sweep is queued: the sweep re-queues itself, so one
    queued sweep keeps reminders going."""
    from skingarden.lib.commands import check_command_options, django_ready

    django_ready(migrated=True)
    check_command_options("db_worker", arguments, "skingarden worker --")
    from skingarden.lib.worker.command import run_worker
    from skingarden.reminders.schedule import ensure_sweep_queued

    return run_worker(arguments, on_start=ensure_sweep_queued)


def _serve(host: str, port: int, workers: int) -> int:
    print(
        f"Skin Garden is serving on http://{host}:{port}/ (Ctrl-C to stop)", flush=True
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "skingarden.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-tmp-dir",
        "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",  # noqa: S108
    ]
    os.execv(sys.executable, command)  # noqa: S606 - replaces this process with gunicorn
    return 0  # pragma: no cover


def _demo() -> int:
    """The demo on any database: one that was never migrated is migrated first."""
    from skingarden.lib.commands import CommandFailure, django_ready

    django_ready(migrated=False)
    from django.conf import settings
    from django.core.management import call_command

    from skingarden.lib.database import DatabaseNotReady, migration_state

    try:
        pending = migration_state().pending
    except DatabaseNotReady as error:
        raise CommandFailure(str(error)) from None
    if pending:
        print(f"Applying {pending} migrations first.", file=sys.stderr, flush=True)
        call_command("migrate", interactive=False, verbosity=0)

    from skingarden.demo import DEMO_EMAILS, PRACTITIONER_EMAIL, demo_build
    from skingarden.demo.credentials import demo_credentials

    credentials = demo_credentials(
        DEMO_EMAILS,
        data_dir=settings.DATA_DIR,
        override=os.environ.get("DEMO_PASSWORD", ""),
        two_factor=[PRACTITIONER_EMAIL],
    )
    for account in demo_build(credentials=credentials):
        print(account.line, flush=True)
    return 0


def _rescore(*, dry_run: bool) -> int:
    from skingarden.lib.commands import django_ready

    django_ready(migrated=True)
    from skingarden.programmes.services.rescore import responses_rescore_and_touch

    checked, changed = responses_rescore_and_touch(dry_run=dry_run)
    for item in changed:
        where = f"{item.instrument_id} {item.date} {item.code}"
        print(f"{where}: {item.before} -> {item.after}")
    verb = "would change" if dry_run else "changed"
    print(f"{checked} responses checked, {len(changed)} {verb}.", flush=True)
    return 0


def _after_separator(arguments: list[str]) -> list[str]:
    """Options for a wrapped command follow "--", which argparse passes on too."""
    return arguments[1:] if arguments[:1] == ["--"] else arguments


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
