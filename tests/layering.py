"""The import rules of architecture.md and their checker: imports go down the floors
("Which way imports go"), and the pure modules import no Django and no app (rule 1).
tests/test_layering.py applies them to skingarden/.

Every module under skingarden/ (migrations aside) belongs to the longest entry of FLOORS
that its path starts with: instruments/scoring and instruments/definitions are floor-1
cores apart from instruments (floor 3), photos/metrics (floor 1) apart from photos
(floor 5). The modules at the top of skingarden/ are each a package of their own:

- cli, demo, urls (architecture.md's edges) and views, settings, wsgi, asgi and test sit
  on floor 9 with the edges. Nothing in skingarden/ imports them: Django finds settings,
  urls, views and wsgi by name (DJANGO_SETTINGS_MODULE, ROOT_URLCONF, handler404,
  WSGI_APPLICATION), code reads the settings through django.conf, and test.py is the
  suite's personas. Were settings imported below, it would need a floor of its own.
- skingarden/__init__.py is on floor 1: Python runs it before any module of the
  project, so every module depends on it and it may import only floor 1 (today it
  holds a docstring and imports nothing).

The rules, checked on `import x` and `from x import y` anywhere in a module (inside
functions too), relative imports resolved to absolute names first:
1. a module imports its own package or packages on lower floors;
2. on floor 7 portability and reminders are side by side: neither imports the other;
   floor 1's cores and lib may use each other, as may floor 9's edges;
3. no two packages import each other, through any chain (cycles at package level).
Imports by string (INSTALLED_APPS, ROOT_URLCONF, importlib) are not counted.
"""

import ast
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP = "skingarden"
# architecture.md's list, bottom to top, and the top-level modules (see above).
BY_FLOOR = [
    "lib analysis instruments/scoring instruments/definitions photos/metrics",
    "accounts",
    "instruments",
    "programmes",
    "photos",
    "reports",
    "portability reminders",
    "sharing",
    "api backups cli demo learn urls views settings wsgi asgi test",
]
FLOORS = {
    package: floor
    for floor, packages in enumerate(BY_FLOOR, start=1)
    for package in packages.split()
}
FLOORS[""] = 1  # skingarden/__init__.py
# In architecture.md but not written yet: take a package off when it arrives.
PLANNED: set[str] = set()
SIDE_BY_SIDE = {7}  # floors whose packages must not import each other
# Pure modules inside packages that may use Django, by path under skingarden/ without
# ".py" (a module may become a package of the same name). The floor-1 cores other
# than lib are pure as a whole and need no entry. When a listed module moves, the
# test says so: move its entry with it.
PURE = [
    "instruments/fhir",
    "accounts/screening",
    "accounts/totp",
    "programmes/plan",
    "programmes/dosing",
    "programmes/timeline",
    "programmes/protocol",
    "programmes/catalogue",
    "programmes/supplies",
    "programmes/charts",
    "programmes/split_body",
    "photos/schedule",
    "reports/series",
    "reports/tables",
    "reports/co_treatments",
    "reports/answer_charts",
    "programmes/co_treatments",
    "programmes/terms",
    "reports/forest",
    "reminders/rules",
    "reminders/calendar",
    "reminders/timezones",
    "lib/days",
]
CORES = [key for key, floor in FLOORS.items() if floor == 1 and key not in ("", "lib")]
IMPURE = "a pure module imports no Django and only pure modules of the project"


@dataclass(frozen=True)
class Import:
    path: str
    line: int
    name: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.name}"


def module_name(path: str) -> str:
    """skingarden/lib/http.py -> skingarden.lib.http (a package: its __init__.py)."""
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute(path: str, module: str | None, level: int) -> str:
    """The absolute name of `from <level dots><module> import ...` written in path."""
    if level == 0:
        return module or ""
    here = module_name(path).split(".")
    package = here if path.endswith("/__init__.py") else here[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, module] if module else base)


def imports(path: str, source: str, modules: set[str]) -> Iterator[Import]:
    """Each name path imports, once per line: `from a import b` counts as a.b when a.b
    is a module (so `from skingarden.instruments import scoring` is the core)."""
    seen = set()
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = absolute(path, node.module, node.level)
            full = (f"{base}.{alias.name}" for alias in node.names)
            names = [name if name in modules else base for name in full]
        else:
            continue
        for name in names:
            if (node.lineno, name) not in seen:
                seen.add((node.lineno, name))
                yield Import(path, node.lineno, name)


def package_of(name: str) -> str | None:
    """The FLOORS entry of a dotted name (None outside the project or FLOORS)."""
    parts = name.split(".")
    if parts[0] != TOP:
        return None
    if len(parts) == 1:
        return ""
    for length in range(len(parts) - 1, 0, -1):
        key = "/".join(parts[1 : length + 1])
        if key in FLOORS:
            return key
    return None


def label(package: str) -> str:
    return f"{package or TOP}, floor {FLOORS[package]}"


def project_imports(sources: Mapping[str, str]) -> Iterator[tuple[str, Import, str]]:
    """(importing package, the import, imported package) for every import of a module
    that lies in a package of FLOORS."""
    modules = {module_name(path) for path in sources}
    for path, source in sorted(sources.items()):
        here = package_of(module_name(path))
        for found in imports(path, source, modules):
            there = package_of(found.name)
            if here is not None and there is not None:
                yield here, found, there


def floor_violations(sources: Mapping[str, str]) -> list[str]:
    """An import up the floors, or across a floor whose packages stand side by side."""
    found = []
    for here, imported, there in project_imports(sources):
        upward = FLOORS[there] > FLOORS[here]
        sideways = there != here and FLOORS[there] == FLOORS[here] in SIDE_BY_SIDE
        if upward or sideways:
            found.append(f"{imported} ({label(here)} -> {label(there)})")
    return found


def cycles(sources: Mapping[str, str]) -> list[str]:
    """Each set of packages that import each other: the chain, with a line per link."""
    edges: dict[str, dict[str, Import]] = {}
    for here, imported, there in project_imports(sources):
        if there != here:
            edges.setdefault(here, {}).setdefault(there, imported)
    found, reported = [], set()
    for start in sorted(edges):
        chain = chain_back(start, edges)
        if chain and frozenset(chain) not in reported:
            reported.add(frozenset(chain))
            links = zip(chain, [*chain[1:], start], strict=True)
            names = " -> ".join(p or TOP for p in [*chain, start])
            found.append(f"{names}: " + ", ".join(str(edges[a][b]) for a, b in links))
    return found


def chain_back(start: str, edges: Mapping[str, Mapping[str, Import]]) -> list[str]:
    """The shortest chain of imports from start back to it (empty if there is none)."""
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop(0)
        for there in sorted(edges.get(path[-1], {})):
            if there == start:
                return path
            if there not in seen:
                seen.add(there)
                paths.append([*path, there])
    return []


def pure_paths(
    sources: Iterable[str], entries: Iterable[str]
) -> tuple[list[str], list[str]]:
    """The module paths of the pure entries, and a message for each entry that is
    neither a module nor a package any more."""
    paths, missing = [], []
    for entry in entries:
        module, folder = f"{TOP}/{entry}.py", f"{TOP}/{entry}/"
        found = [p for p in sources if p == module or p.startswith(folder)]
        paths += found
        if not found:
            missing.append(
                f"{TOP}/{entry} is listed in PURE but is neither a module nor a "
                "package: update the list in tests/layering.py"
            )
    return sorted(paths), missing


def purity_violations(sources: Mapping[str, str], entries: Iterable[str]) -> list[str]:
    """Django or an impure project module imported by a pure module; stale entries."""
    entries = list(entries)
    pure = [f"{TOP}.{entry.replace('/', '.')}" for entry in entries]
    paths, found = pure_paths(sources, entries)
    modules = {module_name(path) for path in sources}
    for path in paths:
        for imported in imports(path, sources[path], modules):
            name = imported.name
            within = any(name == p or name.startswith(f"{p}.") for p in pure)
            django = name.split(".")[0] == "django"
            if django or (package_of(name) is not None and not within):
                found.append(f"{imported} ({IMPURE})")
    return found


@cache
def project_sources() -> dict[str, str]:
    """Every module of the project but its migrations, by path from the repository."""
    return {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / TOP).rglob("*.py"))
        if "migrations" not in path.parts
    }


def on_disk(package: str) -> bool:
    base = ROOT / TOP / package
    return base.with_suffix(".py").is_file() or base.is_dir()
