"""Report benchmark: the PDF of the demo account's finished 7 + 21-day programme,
warm (target: 1.5 s or less), and the whole background build around it.

Runs in one process on a fresh SQLite database in a temporary directory.
"""

import secrets
import statistics
import time

from bench.inprocess import run_on_fresh_database

RUNS = 10
TARGET_S = 1.5


def main() -> None:
    run_on_fresh_database("report", measure)


def measure() -> None:
    from django.core.management import call_command

    from skingarden.demo import demo_create
    from skingarden.programmes.models import Programme
    from skingarden.reports import render
    from skingarden.reports.content import build_content
    from skingarden.reports.selectors import report_as_of, report_inputs

    call_command("migrate", verbosity=0)
    user = demo_create(password=secrets.token_urlsafe(16))
    programme = Programme.objects.get(owner=user)
    assert programme.end_date is not None  # a finished programme
    as_of = report_as_of(programme=programme, today=programme.end_date)

    def content():
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
    print("--- report: the demo's finished 7 + 21-day programme")
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


if __name__ == "__main__":
    main()
