"""What every ``skingarden`` subcommand needs before its work: Django loaded, the
database ready, options checked, and a refusal put in one line. Django is imported
inside the functions, so commands that never need it (score, analyse, photo) do
not load it."""

USAGE_ERROR = 2
NOT_READY = 1


class CommandFailure(Exception):
    """A command cannot go on; the message is one line for standard error."""

    def __init__(self, message: str, status: int = NOT_READY) -> None:
        super().__init__(message)
        self.status = status


def django_ready(*, migrated: bool) -> None:
    """Load Django: a settings problem is one line; with ``migrated``, so is a
    database that is unreachable or lacks migrations (saying what to run)."""
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise CommandFailure(str(error)) from None
    except OSError as error:  # DATA_DIR cannot be made, for one
        raise CommandFailure(
            f"cannot use {error.filename}: {error.strerror}."
        ) from None
    if migrated:
        from skingarden.lib.database import DatabaseNotReady, require_migrated

        try:
            require_migrated()
        except DatabaseNotReady as error:
            raise CommandFailure(str(error)) from None


def check_command_options(name: str, options: list[str], prog: str) -> None:
    """Parse a Django command's options as it will, so that a mistake is one line
    rather than Django's usage text."""
    from django.core.management import CommandError, get_commands, load_command_class

    commands = get_commands()
    if name not in commands:
        raise CommandFailure(
            f"there is no command {name!r} (see skingarden manage help)", USAGE_ERROR
        )
    command = load_command_class(commands[name], name)
    try:
        command.create_parser(prog, name).parse_args(options)
    except CommandError as error:
        message = str(error).removeprefix("Error: ")
        raise CommandFailure(message, USAGE_ERROR) from None
