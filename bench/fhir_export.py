"""FHIR export benchmark: the Bundle of the demo account's finished 7 + 21-day
programme (target: 0.5 s or less, warm), and what validating it would add.

Runs in one process on a fresh SQLite database in a temporary directory. Timed:
``export_bundle_bytes`` (the reads, building every resource and writing JSON),
first in the process (cold) and then RUNS times (warm); then, for the record,
parsing the same Bundle with the fhir.resources R4B models, which the export
leaves to the tests. For scale, the same export of a year of daily logs.
"""

import json
import secrets
import statistics
from collections import Counter

from bench.inprocess import run_on_fresh_database, timed

RUNS = 20
VALIDATION_RUNS = 5
TARGET_S = 0.5


def main() -> None:
    run_on_fresh_database("fhir", measure)


def measure() -> None:
    from django.core.management import call_command

    from skingarden.demo import demo_create
    from skingarden.portability.fhir_bundle import export_bundle_bytes

    call_command("migrate", verbosity=0)
    user = demo_create(password=secrets.token_urlsafe(16))

    def export():
        # A fresh user each run, so the profile is read again as in a request.
        owner = type(user).objects.get(pk=user.pk)
        return export_bundle_bytes(owner=owner)

    body, cold = timed(export)
    times = [timed(export)[1] for _ in range(RUNS)]
    median = statistics.median(times)
    bundle = json.loads(body)
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    print("--- FHIR export: the demo's finished 7 + 21-day programme")
    print(
        f"Bundle: {len(bundle['entry'])} resources "
        f"({', '.join(f'{n} {kind}' for kind, n in sorted(kinds.items()))}), "
        f"{len(body) / 1024:.0f} KB"
    )
    print(f"Export, first in the process: {cold * 1000:.0f} ms")
    print(
        f"Export, warm, {RUNS} runs: median {median * 1000:.1f} ms, "
        f"p90 {statistics.quantiles(times, n=10)[-1] * 1000:.1f} ms; "
        f"ratio to the {TARGET_S} s target {median / TARGET_S:.3f} "
        f"({'met' if median <= TARGET_S else 'MISSED'})"
    )
    validation(bundle)
    year()


def year() -> None:
    from skingarden.accounts.selectors import user_today
    from skingarden.portability.fhir_bundle import export_bundle_bytes
    from skingarden.test import make_long_programme, make_participant

    user = make_participant("bench-fhir@example.org")
    make_long_programme(user, days=365, today=user_today(user=user))
    body, _ = timed(lambda: export_bundle_bytes(owner=user))
    times = [timed(lambda: export_bundle_bytes(owner=user))[1] for _ in range(5)]
    print(
        f"A year of daily logs ({body.count(b'"Observation"')} Observations, "
        f"{len(body) / 1024 / 1024:.1f} MB): median {statistics.median(times):.2f} s"
    )


def validation(bundle) -> None:
    """What parsing with fhir.resources would add to every export (not done)."""

    def parse():
        from fhir.resources.R4B.bundle import Bundle

        return Bundle.model_validate(bundle)

    _, cold = timed(parse)
    warm = statistics.median(timed(parse)[1] for _ in range(VALIDATION_RUNS))
    print(
        f"Validation with fhir.resources R4B (left to the tests): first "
        f"{cold * 1000:.0f} ms with its import, then median {warm * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
