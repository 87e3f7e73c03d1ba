"""Whether the worker that claimed a task still runs.

Each worker holds an exclusive ``flock`` on a file of its own under
``DATA_DIR/workers/`` for as long as it runs. The kernel lets go of the lock when the
process ends, however it ends (``kill -9`` included), so anyone who can take the lock
knows that worker is gone. A worker whose file is missing ran somewhere that does not
share this ``DATA_DIR`` (another machine), or before these files existed: unknown.
"""

import enum
import fcntl
import hashlib
import os
import secrets
import socket
from pathlib import Path
from types import TracebackType
from typing import Self

from django.conf import settings

# db_worker refuses worker ids longer than this.
MAX_WORKER_ID = 64


class WorkerState(enum.Enum):
    RUNNING = "running"
    STOPPED = "stopped"
    UNKNOWN = "unknown"


def new_worker_id() -> str:
    """Host, process and a random tail: readable in the task table, unique in a pool."""
    tail = f"-{os.getpid()}-{secrets.token_hex(4)}"
    return socket.gethostname()[: MAX_WORKER_ID - len(tail)] + tail


def locks_dir() -> Path:
    return Path(settings.DATA_DIR) / "workers"


def lock_path(worker_id: str) -> Path:
    # Hashed, so any worker id (even one given with --worker-id) is a safe file name.
    digest = hashlib.sha256(worker_id.encode()).hexdigest()[:32]
    return locks_dir() / f"{digest}.lock"


class WorkerLock:
    """Held for the worker's life: ``with WorkerLock(worker_id): run()``."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.path = lock_path(worker_id)
        self._fd: int | None = None

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Locked under a private name, then renamed into place, so nobody can find
        # the file before it is locked and take this worker for a stopped one.
        draft = self.path.with_suffix(f".{secrets.token_hex(4)}.tmp")
        fd = os.open(draft, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, f"{self.worker_id}\n".encode())
        draft.rename(self.path)
        self._fd = fd
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.path.unlink(missing_ok=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def worker_state(worker_id: str) -> WorkerState:
    try:
        fd = os.open(lock_path(worker_id), os.O_RDWR)
    except FileNotFoundError:
        return WorkerState.UNKNOWN
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return WorkerState.RUNNING
    finally:
        os.close(fd)  # closing lets go of a lock taken here
    return WorkerState.STOPPED


def forget_stopped_workers() -> int:
    """Delete the lock files of workers that have stopped; returns how many."""
    forgotten = 0
    for path in locks_dir().glob("*.lock"):
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            continue  # another worker forgot it first
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue
        else:
            # Only if the name still leads to the file locked here: a worker
            # restarted under the same id may have put its own in its place.
            if _same_file(fd, path):
                path.unlink(missing_ok=True)
                forgotten += 1
        finally:
            os.close(fd)
    return forgotten


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == path.stat().st_ino
    except FileNotFoundError:
        return False
