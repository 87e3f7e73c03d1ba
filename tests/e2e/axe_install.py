"""axe-core for the browser tests: installed from the npm registry at the version
and integrity pinned in tests/e2e/axe/package-lock.json (`npm ci`), into a cache
outside the checkout, once per version. It is never served by the app."""

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

LOCKED = Path(__file__).resolve().parent / "axe"
SCRIPT = Path("node_modules") / "axe-core" / "axe.min.js"


def cache_dir() -> Path:
    lock = (LOCKED / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock).hexdigest()[:16]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "skingarden-tests" / f"axe-{digest}"


def axe_script() -> str:
    """The text of axe.min.js, installed first if this lock has not been yet."""
    target = cache_dir()
    if not (target / SCRIPT).exists():
        install(target)
    return (target / SCRIPT).read_text()


def install(target: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        message = (
            "npm is not installed (apt install npm); the accessibility tests need it."
        )
        if os.environ.get("CI"):
            pytest.fail(message + " Under CI they must run.")
        pytest.skip(message)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix="installing-"))
    for name in ("package.json", "package-lock.json"):
        shutil.copy(LOCKED / name, work / name)
    subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"],
        cwd=work,
        check=True,
        timeout=300,
    )
    try:
        work.rename(target)  # another test process may have finished first
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
