"""Report benchmark: the PDF of the demo account's finished 7 + 21-day programme,
warm (target: 1.5 s or less), and the whole background build around it; then the
same for a split-body programme (the demo's days, each with both sites rated), whose
report adds the split-body comparison and its second chart.

Runs in one process on a fresh SQLite database in a temporary directory.
"""

import random
import secrets
import statistics
import time
from datetime import timedelta
from typing import Any

from bench.inprocess import run_on_fresh_database

RUNS = 10
TARGET_S = 1.5
SPLIT_SEED = 29


def main() -> None:
    run_on_fresh_database("report", measure)


def measure() -> None:
    from django.core.management import call_command

    from skingarden.demo import demo_create
    from skingarden.programmes.models import Programme

    call_command("migrate", verbosity=0)
    user = demo_create(password=secrets.token_urlsafe(16))
    demo = Programme.objects.get(owner=user)
    assert demo.end_date is not None  # a finished programme
    measure_programme("the demo's finished 7 + 21-day programme", demo)
    measure_programme(
        "a finished 7 + 21-day split-body programme (the demo's days)",
        split_body_copy(demo),
    )


def measure_programme(title: str, programme: Any) -> None:
    from skingarden.reports import render
    from skingarden.reports.content import build_content
    from skingarden.reports.selectors import report_as_of, report_inputs

    as_of = report_as_of(programme=programme, today=programme.end_date)

    def content() -> Any:
        inputs = report_inputs(programme=programme, as_of=as_of)
        return build_content(inputs, lambda percent, step: None)

    started = time.perf_counter()
    render.pdf_bytes(content())
    cold = time.perf_counter() - started
    built = content()
    pdf_times, build_times = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        size = len(render.pdf_bytes(built))
        pdf_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        render.document_html(content(), for_pdf=False)
        build_times.append(time.perf_counter() - started)
    median = statistics.median(pdf_times)
    print(f"--- report: {title}")
    print(f"PDF, first in the process (imports, fonts): {cold:.2f} s")
    print(
        f"PDF, warm, {RUNS} runs: median {median:.2f} s, "
        f"p90 {statistics.quantiles(pdf_times, n=10)[-1]:.2f} s, {size / 1024:.0f} KB; "
        f"ratio to the {TARGET_S} s target {median / TARGET_S:.2f} "
        f"({'met' if median <= TARGET_S else 'MISSED'})"
    )
    print(
        "Reads, analysis of every outcome and the page's HTML, warm: median "
        f"{statistics.median(build_times) * 1000:.0f} ms"
    )


def split_body_copy(demo: Any) -> Any:
    """A split-body programme over the same dates with the demo's daily logs, each
    day also rating both sites: the carrier site follows the day's worst itch, and
    the kefir site eases by about 1.5 points more once the mixture goes on."""
    from skingarden.programmes.services import amendments
    from skingarden.programmes.services import checkins as checkin_services
    from skingarden.test import make_participant, make_split_body_programme

    rng = random.Random(SPLIT_SEED)
    user = make_participant("bench-split@example.org", today=demo.start_date)
    programme = make_split_body_programme(user, start=demo.start_date)
    first_kefir = demo.start_date + timedelta(days=7)
    for checkin in demo.checkins.order_by("date"):
        values = checkin.values()
        topical = checkin.date >= first_kefir
        itch = values["worst_itch"]
        eased = 1.5 if checkin.date >= first_kefir + timedelta(days=6) else 0.0
        values.update(
            topical_applied=True if topical and rng.random() > 0.1 else None,
            topical_side="left" if topical else "",
            site_carrier=_clip(round(itch + rng.gauss(0, 0.7))),
            site_kefir=_clip(round(itch - eased + rng.gauss(0, 0.7))),
        )
        checkin_services.checkin_save(
            programme=programme, day=checkin.date, values=values, today=checkin.date
        )
    programme.refresh_from_db()
    return amendments.programme_complete(programme=programme, today=demo.end_date)


def _clip(value: int) -> int:
    return max(0, min(10, value))


if __name__ == "__main__":
    main()
