"""JSON round-trip benchmark: a year of data exported as JSON, imported into an
empty account, and exported again (target: 1 s or less for the three, warm).

A participant with 365 daily check-ins (skingarden.test.make_long_programme) and a
POEM every week; each run imports into a new, empty account. Runs in one process
on a fresh SQLite database in a temporary directory.
"""

import json
import statistics
from datetime import timedelta

from bench.inprocess import run_on_fresh_database, timed

RUNS = 7
TARGET_S = 1.0
LINKS = ("code", "safety_screen", "patch_test")  # codes, and links by code


def main() -> None:
    run_on_fresh_database("json", measure)


def a_year(email: str):
    from skingarden.accounts.selectors import user_today
    from skingarden.instruments.services import instrument_response_save
    from skingarden.test import make_long_programme, make_participant

    user = make_participant(email)
    today = user_today(user=user)
    programme = make_long_programme(user, days=365, today=today)
    for week in range(52):
        day = programme.start_date + timedelta(days=7 * week)
        instrument_response_save(
            owner=user,
            instrument_id="poem",
            answers={str(item): (item + week) % 5 for item in range(1, 8)},
            answered_on=day,
            today=today,
            programme=programme,
        )
    return user, today


def comparable(content: bytes):
    """The export without what differs between accounts: codes and e-mail."""

    def blank(value):
        if isinstance(value, dict):
            return {
                k: "-" if k in LINKS and isinstance(v, str) else blank(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [blank(item) for item in value]
        return value

    document = json.loads(content)
    document["participant"]["email"] = None
    return blank(document)


def measure() -> None:
    from django.core.management import call_command

    from skingarden.portability.exports import export_file
    from skingarden.portability.imports import import_file
    from skingarden.test import make_participant

    call_command("migrate", verbosity=0)
    owner, today = a_year("bench-json@example.org")

    def round_trip(n: int):
        first, out = timed(lambda: export_file(owner=owner, fmt="json", today=today))
        target = make_participant(f"bench-json-{n}@example.org", screened=False)
        _, into = timed(
            lambda: import_file(
                owner=target, fmt="json", data=first.content, today=today
            )
        )
        second, again = timed(
            lambda: export_file(owner=target, fmt="json", today=today)
        )
        assert comparable(second.content) == comparable(first.content)
        return len(first.content), (out, into, again)

    round_trip(0)  # imports and first-use caches, as in a warm server
    runs = [round_trip(n) for n in range(1, RUNS + 1)]
    size = runs[0][0]
    steps = list(zip(*(times for _, times in runs), strict=True))
    totals = [sum(times) for _, times in runs]
    median = statistics.median(totals)
    print("--- JSON round trip: a year of daily check-ins and weekly POEM")
    print(
        f"Export {size / 1024:.0f} KB; medians of {RUNS} runs: export "
        f"{statistics.median(steps[0]) * 1000:.0f} ms, import into an empty "
        f"account {statistics.median(steps[1]) * 1000:.0f} ms, export again "
        f"{statistics.median(steps[2]) * 1000:.0f} ms"
    )
    print(
        f"Round trip: median {median:.2f} s, max {max(totals):.2f} s; ratio to "
        f"the {TARGET_S} s target {median / TARGET_S:.2f} "
        f"({'met' if median <= TARGET_S else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
