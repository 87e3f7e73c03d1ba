"""Photo metric benchmark: the redness metric on a 12-megapixel JPEG (targets: warm
median 0.2 s or less; peak memory 250 MB or less, measured as the peak resident set
of a fresh process that measures one photo).

The photo is generated (synthetic.py: 4000 × 3000, a warm colour cast, JPEG quality
92, as a phone saves it) and written to a temporary file. Timed in this process:
``measure_photo`` from the file's bytes (decoding in draft mode to about one
megapixel, the regions, white balance from the grey card, CIELAB of the regions'
pixels only), after one warm-up run; for the record, its decoding step alone, the
quality checks, and ``clean_photo`` (the full-size re-encode without metadata that
an upload costs). Then RSS_PROCESSES fresh processes each import, read and measure
the photo once and report their peak RSS (VmHWM), and what the imports alone had
reached.
"""

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.inprocess import timed

WIDTH, HEIGHT = 4000, 3000
RUNS = 20
RSS_PROCESSES = 3
TARGET_S = 0.2
TARGET_MB = 250.0


def main() -> None:
    from skingarden.photos.metrics.synthetic import Scene, synthetic_photo

    scene = Scene(width=WIDTH, height=HEIGHT, gains=(1.2, 1.0, 0.8), seed=12)
    photo = synthetic_photo(scene)
    data = photo.encoded("JPEG", 92)
    regions = {
        "lesion": [list(p) for p in photo.lesion.points],
        "reference": [list(p) for p in photo.reference.points],
        "neutral": [photo.neutral.x, photo.neutral.y, photo.neutral.radius],
    }
    del photo
    with tempfile.TemporaryDirectory(prefix="skingarden-bench-photo-") as folder:
        path = Path(folder) / "photo.jpg"
        path.write_bytes(data)
        (Path(folder) / "regions.json").write_text(json.dumps(regions))
        print(f"--- photo metric: a {WIDTH} × {HEIGHT} JPEG, {len(data) / 1e6:.1f} MB")
        in_process(path, regions)
        fresh_processes(path)


def in_process(path: Path, regions: dict[str, Any]) -> None:
    from skingarden.photos.metrics.decoding import clean_photo, working_copy
    from skingarden.photos.metrics.quality import assess_quality

    measure = measurer(path, regions)
    measure()  # warm-up
    times = [timed(measure)[1] for _ in range(RUNS)]
    median = statistics.median(times)
    data = path.read_bytes()
    decode = statistics.median(timed(lambda: working_copy(data))[1] for _ in range(5))
    copy = working_copy(data)
    quality = statistics.median(
        timed(lambda: assess_quality(copy))[1] for _ in range(5)
    )
    clean = statistics.median(timed(lambda: clean_photo(data))[1] for _ in range(3))
    print(
        f"Metric, warm, {RUNS} runs: median {median * 1000:.0f} ms, "
        f"p90 {statistics.quantiles(times, n=10)[-1] * 1000:.0f} ms; "
        f"ratio to the {TARGET_S} s target {median / TARGET_S:.2f} "
        f"({'met' if median <= TARGET_S else 'MISSED'})"
    )
    print(
        f"  of which decoding to the {copy.width} × {copy.height} working copy "
        f"{decode * 1000:.0f} ms; quality checks on it {quality * 1000:.0f} ms; "
        f"full-size clean re-encode (ingest) {clean * 1000:.0f} ms"
    )


def measurer(path: Path, regions: dict[str, Any]):
    from skingarden.photos.metrics.redness import measure_photo
    from skingarden.photos.metrics.regions import circle, polygon

    lesion = polygon(regions["lesion"], "lesion")
    reference = polygon(regions["reference"], "reference")
    neutral = circle(*regions["neutral"])

    def measure():
        return measure_photo(
            path.read_bytes(), lesion=lesion, reference=reference, neutral=neutral
        )

    return measure


def fresh_processes(path: Path) -> None:
    command = [sys.executable, "-m", "bench.photo_metric", "--child", str(path)]
    runs = []
    for _ in range(RSS_PROCESSES):
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        runs.append(json.loads(done.stdout))
    peak = statistics.median(run["peak_mb"] for run in runs)
    imports = statistics.median(run["imports_mb"] for run in runs)
    first = statistics.median(run["first_s"] for run in runs)
    importing = statistics.median(run["import_s"] for run in runs)
    print(
        f"Fresh process: importing colour-science {importing:.2f} s, then the first "
        f"measurement {first:.2f} s (medians of {RSS_PROCESSES})"
    )
    print(
        f"Peak RSS of a fresh process measuring one photo, {RSS_PROCESSES} processes: "
        f"median {peak:.0f} MB (max {max(r['peak_mb'] for r in runs):.0f} MB; the "
        f"imports alone {imports:.0f} MB); ratio to the {TARGET_MB:g} MB target "
        f"{peak / TARGET_MB:.2f} ({'met' if peak <= TARGET_MB else 'MISSED'})"
    )


def child(path: Path) -> None:
    """Import, read and measure once; print the peak RSS in MB."""
    from skingarden.photos.metrics.colours import colour_science

    _, import_s = timed(colour_science)
    imports_mb = peak_rss_mb()
    regions = json.loads((path.parent / "regions.json").read_text())
    _, first_s = timed(measurer(path, regions))
    result = {"imports_mb": imports_mb, "peak_mb": peak_rss_mb()}
    print(json.dumps({**result, "import_s": import_s, "first_s": first_s}))


def peak_rss_mb() -> float:
    """The process's peak resident set (VmHWM). Not ``ru_maxrss``, which Linux
    carries over from the parent across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]))
    else:
        main()
