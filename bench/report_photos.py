"""Report benchmark with photos (issue 13 §11): the PDF of a finished 7 + 21-day
programme (the demo's daily logs) with four photographed sites, each with its
first and last photo outlined in the PDF and its redness trend, warm (target: 2.5 s
or less); and, for comparison in the same minutes, the same programme's PDF with
the photos left out.

The photos are generated (never a real person's): display-size JPEGs (1600 × 1200,
as the upload task makes them) of skin with a lesion whose redness eases. Runs in
one process on a fresh SQLite database in a temporary directory.
"""

import dataclasses
import io
import random
import secrets
import statistics
import time
from datetime import timedelta
from typing import Any

from bench.inprocess import run_on_fresh_database

RUNS = 10
TARGET_S = 2.5
SITES = ("Neck", "Left inner elbow", "Right inner elbow", "Back of the left knee")
DISPLAY = (1600, 1200)
SEED = 13


def main() -> None:
    run_on_fresh_database("report-photos", measure)


def measure() -> None:
    from django.core.management import call_command

    from skingarden.demo import demo_create
    from skingarden.programmes.models import Programme

    call_command("migrate", verbosity=0)
    user = demo_create(password=secrets.token_urlsafe(16))
    demo = Programme.objects.get(owner=user)
    programme = photographed_copy(demo)
    content = built_content(programme)
    sites = len(content.photo_sites)
    pairs = sum(1 for s in content.photo_sites if s.first and s.last)
    assert (sites, pairs) == (4, 4), (sites, pairs)
    report("with four photo pairs", content, TARGET_S)
    report("the same programme, photos left out", without_photos(content), None)


def built_content(programme: Any) -> Any:
    from skingarden.reports.content import build_content
    from skingarden.reports.selectors import report_as_of, report_inputs

    as_of = report_as_of(programme=programme, today=programme.end_date)
    inputs = report_inputs(programme=programme, as_of=as_of)
    return build_content(inputs, lambda percent, step: None)


def without_photos(content: Any) -> Any:
    return dataclasses.replace(content, photo_sites=[], outcomes=content.outcomes[:-1])


def report(title: str, content: Any, target: float | None) -> None:
    from skingarden.reports import render

    started = time.perf_counter()
    render.pdf_bytes(content)
    first = time.perf_counter() - started
    times, cpu = [], []
    for _ in range(RUNS):
        started, used = time.perf_counter(), time.process_time()
        size = len(render.pdf_bytes(content))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    print(f"--- report with photos: {title}")
    print(f"PDF, first of this content in the process: {first:.2f} s")
    # The CPU time says what the wall time would be on an idle machine (the PDF
    # runs on one core); on a shared machine the wall time is longer.
    line = (
        f"PDF, warm, {RUNS} runs: median {median:.2f} s, p90 {p90:.2f} s "
        f"(CPU median {statistics.median(cpu):.2f} s), {size / 1024:.0f} KB"
    )
    if target is not None:
        verdict = "met" if median <= target else "MISSED"
        line += f"; ratio to the {target} s target {median / target:.2f} ({verdict})"
    print(line)


def photographed_copy(demo: Any) -> Any:
    """The demo's days in a programme with four photo sites, each photographed by
    the default schedule (baseline days 1, 4 and 7, kefir days 7, 14 and 21), two
    shots a session, with Δa* easing on kefir days."""
    from skingarden.programmes.services import amendments
    from skingarden.programmes.services import checkins as checkin_services
    from skingarden.test import make_participant, make_programme

    user = make_participant("bench-photos@example.org", today=demo.start_date)
    programme = make_programme(
        user, start=demo.start_date, today=demo.start_date, photo_sites=SITES
    )
    for checkin in demo.checkins.order_by("date"):
        checkin_services.checkin_save(
            programme=programme,
            day=checkin.date,
            values=checkin.values(),
            today=checkin.date,
        )
    programme.refresh_from_db()
    programme = amendments.programme_complete(programme=programme, today=demo.end_date)
    for number in range(1, len(SITES) + 1):
        photograph_site(programme, number)
    programme.refresh_from_db()
    return programme


def photograph_site(programme: Any, number: int) -> None:
    from skingarden.photos.metrics.synthetic import Scene, synthetic_photo
    from skingarden.test import make_measured_session

    rng = random.Random(SEED + number)
    days = [0, 3, 6, 13, 20, 27]
    eased = [0.0 if index < 7 else 1.2 * (n - 2) for n, index in enumerate(days)]
    # Only the first and last sessions' photos reach the PDF: each gets a picture
    # of its own; the sessions between share the first's.
    first, last = (
        synthetic_photo(
            Scene(
                width=DISPLAY[0],
                height=DISPLAY[1],
                lesion_lab=(56.0, 22.0 - ease, 18.0),
                seed=number,
                noise_seed=n,
            )
        )
        for n, ease in enumerate((eased[0], eased[-1]))
    )
    images = {0: _jpeg(first.pixels), len(days) - 1: _jpeg(last.pixels)}
    for n, index in enumerate(days):
        photo = last if n == len(days) - 1 else first
        base = 9.0 - eased[n]
        make_measured_session(
            programme,
            site=number,
            day=programme.start_date + timedelta(days=index),
            delta_a=(base + rng.gauss(0, 0.3), base + rng.gauss(0, 0.3)),
            image=images.get(n, images[0]),
            size=DISPLAY,
            lesion=photo.lesion.points,
            reference=photo.reference.points,
        )


def _jpeg(pixels: Any) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
