"""The pure cores import no Django and no app (architecture.md, rule 1)."""

import ast
import unittest
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "skingarden"
PURE = [
    "instruments/scoring",
    "instruments/definitions",
    "instruments/fhir",
    "analysis",
    "photos/metrics",
    "accounts/screening.py",
    "programmes/plan.py",
    "programmes/dosing.py",
    "programmes/timeline.py",
    "programmes/protocol.py",
    "programmes/catalogue.py",
    "programmes/supplies.py",
    "programmes/charts.py",
    "reports/series.py",
    "reports/tables.py",
    "reports/reading.py",
    "reports/forest.py",
    "reminders/rules.py",
    "reminders/calendar.py",
    "lib/days.py",
]
# Pure modules may import each other, never the framework or an app's Django side.
ALLOWED_PROJECT_IMPORTS = (
    "skingarden.instruments.scoring",
    "skingarden.instruments.definitions",
    "skingarden.instruments.fhir",
    "skingarden.analysis",
    "skingarden.photos.metrics",
    "skingarden.accounts.screening",
    "skingarden.programmes.plan",
    "skingarden.programmes.dosing",
    "skingarden.programmes.timeline",
    "skingarden.programmes.protocol",
    "skingarden.programmes.catalogue",
    "skingarden.programmes.supplies",
    "skingarden.reports.forest",
    "skingarden.reminders.rules",
    "skingarden.reminders.calendar",
    "skingarden.programmes.charts",
    "skingarden.reports.series",
    "skingarden.reports.tables",
    "skingarden.reports.reading",
    "skingarden.lib.days",
)


def modules():
    for entry in PURE:
        path = PACKAGE / entry
        if path.is_dir():
            yield from sorted(path.rglob("*.py"))
        elif path.exists():
            yield path


def imported_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from skingarden.instruments import definitions" imports the submodule.
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


class LayeringTests(unittest.TestCase):
    def test_pure_cores_import_no_django_and_no_app(self):
        checked = 0
        for path in modules():
            checked += 1
            for name in imported_names(path):
                with self.subTest(module=str(path.relative_to(PACKAGE)), imports=name):
                    self.assertFalse(name.split(".")[0] == "django", name)
                    if name.startswith("skingarden"):
                        self.assertTrue(name.startswith(ALLOWED_PROJECT_IMPORTS), name)
        self.assertGreaterEqual(checked, 12)

    def test_the_checker_catches_a_django_import(self):
        fake = PACKAGE.parent / "tests" / "_layering_probe.py"
        fake.write_text("from django.db import models\n", encoding="utf-8")
        try:
            self.assertIn("django.db.models", list(imported_names(fake)))
        finally:
            fake.unlink()
