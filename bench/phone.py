"""Phone benchmark (issue 14 §5): Today and the report page in Chromium with its CPU
slowed 4x through the DevTools protocol, on a local gunicorn with production
settings.

Today: the participant of bench.http (365 days of check-ins). The report: the
demo's finished 7 + 21-day programme (as bench.report), its report built. Each
page is loaded COLD_LOADS times in a fresh browser context (an empty HTTP cache),
at a phone's viewport, after warm-up loads of each page on both server workers
(the server then holds the charts for this revision and day, as it does after a
participant's first look; the first look's extra cost is printed apart). We
print the medians and their ratio to the target.

Targets: Today with its charts fully drawn <= 1.0 s; the report page's readable
text (first contentful paint) <= 1.0 s and its charts <= 2.0 s.
"""

import http.client
import statistics
import sys
import tempfile
import time
from typing import Any

from bench.http import environment, prepare, run, start_gunicorn

PORT = 8767
COLD_LOADS = 5
CPU_SLOWDOWN = 4
CHROMIUM = "/usr/bin/chromium"
TARGETS_S = {"Today, charts drawn": 1.0, "report, text": 1.0, "report, charts": 2.0}

# Every chart on the page is drawn: each picture has loaded, and no element that a
# script draws (the pooled page's forest plot) is still waiting.
CHARTS_DRAWN = """() => {
  const pictures = [...document.querySelectorAll("main img")];
  const waiting = document.querySelectorAll(
    "[data-chart-url]:not([data-rendered]), [data-chart-spec]:not([data-rendered])");
  return document.readyState === "complete" && waiting.length === 0
    && pictures.every(img => img.complete && img.naturalWidth > 0);
}"""
# Milliseconds from the navigation's start: the first contentful paint, and now.
TIMES = """() => ({
  paint: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime,
  now: performance.now(),
})"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="skingarden-bench-phone-") as data_dir:
        env = environment(data_dir)
        setup = prepare(env)
        setup |= dict(
            line.split("=", 1)
            for line in run([sys.executable, "-m", "bench.phone_fixture"], env)
            .strip()
            .splitlines()
        )
        server = start_gunicorn(env, PORT)
        try:
            first_look = first_chart_look(setup)
            results = measure(setup)
        finally:
            server.terminate()
            server.wait(timeout=20)
    report(results, first_look)


def first_chart_look(setup: dict[str, str]) -> float:
    """Seconds for the first request of Today's phone chart: drawn on the server
    (vl-convert started in that worker), then cached."""
    path = setup["checkin_path"].split("/log/")[0] + "/chart-phone.svg"
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": f"sessionid={setup['session']}"})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed


def measure(setup: dict[str, str]) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS

    results: dict[str, list[float]] = {name: [] for name in TARGETS_S}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        today_page = ("/today/", setup["session"])
        report_page = (setup["report_path"], setup["report_session"])
        for _ in range(4):  # warm both workers on both pages
            load(browser, *today_page)
            load(browser, *report_page)
        for _ in range(COLD_LOADS):
            today = load(browser, *today_page)
            results["Today, charts drawn"].append(today["now"] / 1000)
            report = load(browser, *report_page)
            results["report, text"].append(report["paint"] / 1000)
            results["report, charts"].append(report["now"] / 1000)
        browser.close()
    return results


def load(browser: Any, path: str, session: str) -> dict[str, float]:
    """Open the page in a fresh context at a phone's size with the CPU slowed, and
    wait until every chart on it is drawn."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=f"http://127.0.0.1:{PORT}",
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": session,
                "url": f"http://127.0.0.1:{PORT}",
            }
        ]
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(path, wait_until="commit")
    page.wait_for_function(CHARTS_DRAWN, polling=10, timeout=30_000)
    times: dict[str, float] = page.evaluate(TIMES)
    context.close()
    return times


def report(results: dict[str, list[float]], first_look: float) -> None:
    print(
        f"\nPhone: Chromium, CPU slowed {CPU_SLOWDOWN}x, 390 px, "
        f"median of {COLD_LOADS} cold loads; gunicorn; Today with 365 days of "
        "check-ins, the report of the demo's 7 + 21 days"
    )
    print(f"{'measure':<22} {'median s':>9} {'target s':>9} {'ratio':>6}")
    missed = False
    for name, runs in results.items():
        median = statistics.median(runs)
        target = TARGETS_S[name]
        missed |= median > target
        verdict = "ok" if median <= target else "MISSED"
        print(
            f"{name:<22} {median:>9.2f} {target:>9.1f} {median / target:>6.2f}  "
            f"{verdict}"
        )
    print(f"first look at Today's chart (drawn on the server): {first_look:.2f} s")
    if missed:
        print("\nA target was missed.")


if __name__ == "__main__":
    main()
