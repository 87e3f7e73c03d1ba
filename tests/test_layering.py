"""The floors and the purity of tests/layering.py, checked on skingarden/ (issue 9), and
the checker itself on source text that breaks each rule (nothing is written to disk)."""

import unittest

from tests.layering import (
    CORES,
    FLOORS,
    IMPURE,
    PLANNED,
    PURE,
    cycles,
    floor_violations,
    module_name,
    on_disk,
    package_of,
    project_sources,
    pure_paths,
    purity_violations,
)


class ProjectTests(unittest.TestCase):
    def assert_none(self, found: list[str], rule: str) -> None:
        if found:
            self.fail(f"{rule}:\n" + "\n".join(found))

    def test_imports_only_go_down_the_floors(self):
        found = floor_violations(project_sources())
        self.assert_none(found, "imports go up or across the floors")

    def test_no_two_packages_import_each_other(self):
        self.assert_none(cycles(project_sources()), "packages import each other")

    def test_pure_modules_import_no_django_and_no_app(self):
        entries = [*(core for core in CORES if on_disk(core)), *PURE]
        found = purity_violations(project_sources(), entries)
        self.assert_none(found, "pure modules import Django or an app")
        paths, _ = pure_paths(project_sources(), entries)
        self.assertGreaterEqual(len(paths), 30)  # 41 when issue 9 began

    def test_every_module_is_on_a_floor_and_every_floor_exists(self):
        lost = [p for p in project_sources() if package_of(module_name(p)) is None]
        self.assertEqual(
            lost, [], "give their packages a floor in BY_FLOOR, tests/layering.py"
        )
        missing = [p for p in FLOORS if p not in PLANNED and not on_disk(p)]
        self.assertEqual(
            missing, [], "gone from skingarden/: update BY_FLOOR, tests/layering.py"
        )
        arrived = [p for p in PLANNED if on_disk(p)]
        self.assertEqual(
            arrived, [], "written now: take them off PLANNED, tests/layering.py"
        )


class CheckerTests(unittest.TestCase):
    """The checks above, on source text that breaks each rule (nothing is written)."""

    def test_an_import_up_the_floors_is_named_with_its_line_and_floors(self):
        sources = {
            "skingarden/lib/http.py": "import os\nfrom ..accounts.models import User\n",
            "skingarden/accounts/models.py": "",
        }
        self.assertEqual(
            floor_violations(sources),
            [
                "skingarden/lib/http.py:2 imports skingarden.accounts.models "
                "(lib, floor 1 -> accounts, floor 2)"
            ],
        )

    def test_relative_imports_up_the_floors_are_resolved_and_caught(self):
        expected = (
            "imports skingarden.instruments.models "
            "(instruments/scoring, floor 1 -> instruments, floor 3)"
        )
        scoring = "skingarden/instruments/scoring"
        for statement, path in [
            ("from skingarden.instruments import models", f"{scoring}/dlqi.py"),
            ("from ..models import X", f"{scoring}/dlqi.py"),
            ("from .. import models", f"{scoring}/dlqi.py"),
            ("from ...models import X", f"{scoring}/x/y.py"),
            ("from ... import models", f"{scoring}/x/__init__.py"),
        ]:
            with self.subTest(statement, path=path):
                sources = {path: f'"""Doc."""\n{statement}\n'}
                sources["skingarden/instruments/models.py"] = ""
                self.assertEqual(floor_violations(sources), [f"{path}:2 {expected}"])

    def test_portability_and_reminders_do_not_import_each_other(self):
        sources = {
            "skingarden/portability/views.py": "from ..reminders import services\n",
            "skingarden/reminders/mail.py": "import skingarden.portability.models\n",
            "skingarden/reminders/services.py": "",
        }
        self.assertEqual(
            floor_violations(sources),
            [
                "skingarden/portability/views.py:1 imports "
                "skingarden.reminders.services (portability, floor 7 -> reminders, "
                "floor 7)",
                "skingarden/reminders/mail.py:1 imports skingarden.portability.models "
                "(reminders, floor 7 -> portability, floor 7)",
            ],
        )

    def test_nothing_below_floor_9_imports_an_edge(self):
        sources = {
            "skingarden/sharing/views.py": "def f():\n    from .. import demo\n",
            "skingarden/demo.py": "",
        }
        self.assertEqual(
            floor_violations(sources),
            [
                "skingarden/sharing/views.py:2 imports skingarden.demo "
                "(sharing, floor 8 -> demo, floor 9)"
            ],
        )

    def test_imports_down_within_a_package_and_between_edges_pass(self):
        sources = {
            "skingarden/cli.py": "from skingarden.demo import demo_create\n",
            "skingarden/demo.py": "from skingarden.programmes import services\n",
            "skingarden/sharing/views/client.py": "from ..models import Consent\n",
            "skingarden/instruments/forms.py": "from . import scoring\n",
            "skingarden/instruments/scoring/easi.py": "import skingarden.lib.days\n",
            "skingarden/analysis/outcome.py": "from skingarden.lib.days import x\n",
        }
        self.assertEqual(floor_violations(sources), [])
        self.assertEqual(cycles(sources), [])

    def test_packages_that_import_each_other_are_a_cycle_even_on_one_floor(self):
        sources = {
            "skingarden/cli.py": "import argparse\nfrom skingarden import demo\n",
            "skingarden/demo.py": "from .cli import main\n",
        }
        self.assertEqual(
            cycles(sources),
            [
                "cli -> demo -> cli: skingarden/cli.py:2 imports skingarden.demo, "
                "skingarden/demo.py:1 imports skingarden.cli"
            ],
        )

    def test_a_pure_module_importing_django_or_an_app_is_named(self):
        sources = {
            "skingarden/programmes/plan.py": (
                "from django.db import models\n"
                "from . import models as m\n"
                "from skingarden.lib import days\n"
                "from .dosing import ramp\n"
            ),
            "skingarden/programmes/models.py": "",
            "skingarden/programmes/dosing.py": "",
            "skingarden/lib/days.py": "",
        }
        entries = ["programmes/plan", "programmes/dosing", "lib/days"]
        self.assertEqual(
            purity_violations(sources, entries),
            [
                f"skingarden/programmes/plan.py:1 imports django.db ({IMPURE})",
                "skingarden/programmes/plan.py:2 imports skingarden.programmes.models "
                f"({IMPURE})",
            ],
        )

    def test_a_pure_entry_that_moved_fails_and_a_module_turned_package_passes(self):
        sources = {
            "skingarden/instruments/fhir/__init__.py": "from . import bundle\n",
            "skingarden/instruments/fhir/bundle.py": "import json\n",
        }
        self.assertEqual(
            purity_violations(sources, ["instruments/fhir", "reports/charts"]),
            [
                "skingarden/reports/charts is listed in PURE but is neither a module "
                "nor a package: update the list in tests/layering.py"
            ],
        )
