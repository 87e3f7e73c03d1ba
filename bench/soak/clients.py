"""The soak's clients: each saves check-ins for its own account through the API
(``PUT /api/v1/programmes/<code>/checkins/<day>``, conditional on the day's version),
as fast as the server answers, and keeps a ledger of what was acknowledged.

A save answered 200 or 201 is acknowledged: its values must be in the database
afterwards unless a later save of the same day replaced them. A save whose answer
never came (the server was killed, the connection refused) may or may not have been
written: its values are "in doubt" until the day's next acknowledged save, and the
database may hold them instead. A 412 (the day is at another version than the client
knows) is expected only after a save in doubt; any other 412 means a write the
client did not make, or one it made that went missing.
"""

import http.client
import json
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# The fields each save sets, in the order bench.soak.state reports them.
FIELDS = ("worst_itch", "sleep_loss", "energy", "fruit_veg_servings", "fibre_servings")
TIMEOUT_S = 30.0
# After a refused connection (the server is down), before trying again.
DOWN_PAUSE_S = 0.05

Values = tuple[int, ...]


@dataclass
class Ledger:
    """What one client knows about its days."""

    versions: dict[str, int] = field(default_factory=dict)  # 0: not logged
    acknowledged: dict[str, Values] = field(default_factory=dict)
    in_doubt: dict[str, list[Values]] = field(default_factory=dict)


@dataclass
class Tally:
    """Every answer: (started, seconds, status); status 0 when none came."""

    answers: list[tuple[float, float, int]] = field(default_factory=list)
    unexpected_412: int = 0
    refusals: list[str] = field(default_factory=list)  # other 4xx bodies


class Client(threading.Thread):
    def __init__(self, person: dict[str, str], ports: list[int], seed: int) -> None:
        super().__init__(daemon=True)
        self.token = person["token"]
        self.programme = person["programme"]
        first, last = (
            date.fromisoformat(person["first"]),
            date.fromisoformat(person["today"]),
        )
        self.days = [
            (first + timedelta(days=n)).isoformat()
            for n in range((last - first).days + 1)
        ]
        self.ports = ports
        self.rng = random.Random(seed)
        self.ledger = Ledger()
        self.tally = Tally()
        self.running = threading.Event()
        self.finished = threading.Event()
        self.sent = 0

    def run(self) -> None:
        while True:
            self.running.wait()
            if self.finished.is_set():
                return
            self.save_one()

    def save_one(self) -> None:
        day = self.rng.choice(self.days)
        values = tuple(self.rng.randint(0, 10) for _ in FIELDS[:3]) + tuple(
            self.rng.randint(0, 8) for _ in FIELDS[3:]
        )
        version = self.ledger.versions.get(day, 0)
        condition = {"If-Match": f'"{version}"'} if version else {"If-None-Match": "*"}
        port = self.ports[self.sent % len(self.ports)]  # round robin over instances
        self.sent += 1
        started = time.perf_counter()
        try:
            status, etag, body = put(
                port, self.path(day), self.token, values, condition
            )
        except (OSError, http.client.HTTPException):  # no answer, or half of one
            self.tally.answers.append((started, time.perf_counter() - started, 0))
            self.ledger.in_doubt.setdefault(day, []).append(values)
            time.sleep(DOWN_PAUSE_S)
            return
        self.tally.answers.append((started, time.perf_counter() - started, status))
        self.record(day, values, status, etag, body)

    def path(self, day: str) -> str:
        return f"/api/v1/programmes/{self.programme}/checkins/{day}"

    def record(
        self, day: str, values: Values, status: int, etag: str | None, body: bytes
    ) -> None:
        if status in (200, 201):
            self.ledger.versions[day] = int((etag or '"0"').strip('"'))
            self.ledger.acknowledged[day] = values
            self.ledger.in_doubt[day] = []
        elif status == 412:
            if not self.ledger.in_doubt.get(day):
                self.tally.unexpected_412 += 1
            self.ledger.versions[day] = int(etag.strip('"')) if etag else 0
        elif status >= 500:
            self.ledger.in_doubt.setdefault(day, []).append(values)
        else:
            self.tally.refusals.append(f"{status} {body[:300]!r}")


def put(
    port: int, path: str, token: str, values: Values, condition: dict[str, str]
) -> tuple[int, str | None, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    try:
        body = json.dumps({**dict(zip(FIELDS, values, strict=True)), "red_flags": []})
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Connection": "close",
            **condition,
        }
        connection.request("PUT", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("ETag"), response.read()
    finally:
        connection.close()


def get_json(port: int, path: str, token: str) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


class Load:
    """The clients, started once and switched on and off between phases."""

    def __init__(self, people: list[dict[str, str]], ports: list[int]) -> None:
        self.clients = [Client(p, ports, seed=n) for n, p in enumerate(people)]
        for client in self.clients:
            client.start()

    def set_ports(self, ports: list[int]) -> None:
        for client in self.clients:
            client.ports = ports

    def resume(self) -> float:
        for client in self.clients:
            client.running.set()
        return time.perf_counter()

    def pause(self) -> float:
        """Stop starting saves, and wait for the ones in flight to be answered."""
        for client in self.clients:
            client.running.clear()
        time.sleep(0.2)
        deadline = time.perf_counter() + TIMEOUT_S + 1
        while time.perf_counter() < deadline and any(map(self.busy, self.clients)):
            time.sleep(0.1)
        return time.perf_counter()

    @staticmethod
    def busy(client: Client) -> bool:
        # A client is between saves once its count of answers matches its sends.
        return client.is_alive() and len(client.tally.answers) < client.sent

    def finish(self) -> None:
        for client in self.clients:
            client.finished.set()
            client.running.set()

    def answers(self, start: float, end: float) -> list[tuple[float, int]]:
        return [
            (seconds, status)
            for client in self.clients
            for began, seconds, status in client.tally.answers
            if start <= began <= end
        ]


@dataclass(frozen=True)
class Figures:
    saves: int
    acknowledged: int
    server_errors: int
    no_answer: int
    per_second: float
    p50_ms: float
    p99_ms: float
    max_ms: float


def figures(answers: list[tuple[float, int]], seconds: float) -> Figures:
    answered = sorted(s for s, status in answers if status)
    p50 = statistics.median(answered) if answered else 0.0
    p99 = statistics.quantiles(answered, n=100)[-1] if len(answered) > 1 else p50
    return Figures(
        saves=len(answers),
        acknowledged=sum(1 for _, status in answers if status in (200, 201)),
        server_errors=sum(1 for _, status in answers if status >= 500),
        no_answer=sum(1 for _, status in answers if status == 0),
        per_second=len(answered) / seconds if seconds else 0.0,
        p50_ms=p50 * 1000,
        p99_ms=p99 * 1000,
        max_ms=(answered[-1] if answered else 0.0) * 1000,
    )
