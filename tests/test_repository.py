"""The repository itself: no text file carries a merge's conflict markers."""

import subprocess
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in names if (ROOT / name).is_file()]


class RepositoryTests(unittest.TestCase):
    def test_no_file_carries_conflict_markers(self):
        offenders = []
        for path in tracked_text_files():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # images and other binary files
            for number, line in enumerate(text.splitlines(), start=1):
                if line.startswith(MARKERS) or line == "=======":
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
        self.assertEqual(offenders, [])


LONGEST_MODULE = (
    400  # lines: style.md §11, "a module past ~400 lines becomes a package"
)


class ModuleSizeTests(unittest.TestCase):
    def test_no_module_is_longer_than_the_style_guide_allows(self):
        long = []
        for path in sorted((ROOT / "skingarden").rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LONGEST_MODULE:
                long.append(f"{path.relative_to(ROOT)}: {lines} lines")
        self.assertEqual(long, [])
