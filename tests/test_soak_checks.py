"""The soak's judgement of the database (bench/soak/checks.py): what counts as a lost
write, a report built more than once, a reminder sent twice. The soak itself runs
real processes (`make soak`); these pin its rules on hand-made ledgers and logs."""

from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import TestCase

from bench.soak.checks import day_problem, reminders_once, reports_once
from bench.soak.clients import Ledger

DAY = "2026-12-01"
SENT = (4, 2, 6, 3, 1)
LATER = (5, 2, 6, 3, 1)


def stored(values: tuple[int, ...], version: int) -> dict[str, object]:
    return {"values": list(values), "version": version}


class WritesTests(TestCase):
    def test_the_acknowledged_save_at_its_version_is_fine(self):
        ledger = Ledger(versions={DAY: 3}, acknowledged={DAY: SENT})
        self.assertEqual(day_problem(DAY, stored(SENT, 3), [SENT], ledger), "")

    def test_an_acknowledged_save_missing_is_lost(self):
        ledger = Ledger(versions={DAY: 1}, acknowledged={DAY: SENT})
        self.assertEqual(
            day_problem(DAY, None, [SENT], ledger),
            f"{DAY} was acknowledged but is missing",
        )

    def test_values_no_save_sent_are_unexplained(self):
        ledger = Ledger(versions={DAY: 1}, acknowledged={DAY: SENT})
        self.assertEqual(
            day_problem(DAY, stored(LATER, 1), [SENT], ledger),
            f"{DAY} holds {list(LATER)}, which no save in play sent",
        )

    def test_a_later_save_in_doubt_may_have_been_written(self):
        ledger = Ledger(
            versions={DAY: 1}, acknowledged={DAY: SENT}, in_doubt={DAY: [LATER]}
        )
        self.assertEqual(day_problem(DAY, stored(LATER, 2), [LATER, SENT], ledger), "")

    def test_a_save_in_doubt_may_not_have_been_written(self):
        ledger = Ledger(in_doubt={DAY: [SENT]})
        self.assertEqual(day_problem(DAY, None, [SENT], ledger), "")

    def test_another_version_with_nothing_in_doubt_is_a_write_no_one_made(self):
        ledger = Ledger(versions={DAY: 2}, acknowledged={DAY: SENT})
        self.assertEqual(
            day_problem(DAY, stored(SENT, 3), [SENT], ledger),
            f"{DAY} is at version 3, acknowledged 2",
        )


TASK = "0d2f6a1e-0000-4000-8000-000000000001"
STARTED = f"Task id={TASK} path=skingarden.reports.tasks.build_report state=RUNNING\n"
PROGRAMME = "5a1c7d02-0000-4000-8000-000000000002"


def report_state(workers: list[str]) -> dict[str, object]:
    return {
        "tasks": [
            {"id": TASK, "status": "SUCCESSFUL", "workers": workers, "report": 7}
        ],
        "reports": [
            {"id": 7, "programme": PROGRAMME, "status": "ready", "builder": TASK}
        ],
    }


class ReportsTests(TestCase):
    def log(self, text: str) -> Path:
        folder = Path(self.enterContext(TemporaryDirectory()))
        (folder / "worker.log").write_text(text)
        return folder / "worker.log"

    def test_one_task_started_once_is_exactly_once(self):
        problems, _ = reports_once(
            report_state(["w1"]), [PROGRAMME], [self.log(STARTED)], killed=False
        )
        self.assertEqual(problems, [])

    def test_a_task_started_twice_without_a_kill_is_reported(self):
        problems, _ = reports_once(
            report_state(["w1", "w2"]),
            [PROGRAMME],
            [self.log(STARTED * 2)],
            killed=False,
        )
        self.assertEqual(
            problems, ["report 7: its task started 2 times, claimed by 2 workers"]
        )

    def test_after_a_kill_one_restart_is_allowed_and_needed(self):
        again, _ = reports_once(
            report_state(["w1", "w2"]), [PROGRAMME], [self.log(STARTED * 2)], True
        )
        never, _ = reports_once(
            report_state(["w1"]), [PROGRAMME], [self.log(STARTED)], killed=True
        )
        self.assertEqual(again, [])
        self.assertEqual(
            never, ["the kill interrupted no report build: nothing was recovered"]
        )


EMAIL = "soak-pool-reminded-0@example.org"


def reminder_state(batches: list[str]) -> dict[str, object]:
    return {
        "reminders": [
            {
                "user__email": EMAIL,
                "kind": "daily",
                "local_date": "2026-12-05",
                "batch": batch,
                "status": "sent",
                "attempts": 1,
            }
            for batch in batches
        ]
    }


class RemindersTests(TestCase):
    def log(self, text: str) -> Path:
        folder = Path(self.enterContext(TemporaryDirectory()))
        (folder / "worker.log").write_text(text)
        return folder / "worker.log"

    def test_one_e_mail_per_batch_is_exactly_once(self):
        problems, _ = reminders_once(
            reminder_state(["b1"]), [EMAIL], [self.log(f"To: {EMAIL}\n")]
        )
        self.assertEqual(problems, [])

    def test_a_second_e_mail_is_reported(self):
        problems, _ = reminders_once(
            reminder_state(["b1"]), [EMAIL], [self.log(f"To: {EMAIL}\n" * 2)]
        )
        self.assertEqual(problems, [f"{EMAIL}: 2 e-mails for 1 batches"])

    def test_an_e_mail_no_one_was_owed_is_reported(self):
        stranger = "soak-pool-client-3@example.org"
        problems, _ = reminders_once(
            reminder_state(["b1"]),
            [EMAIL],
            [self.log(f"To: {EMAIL}\nTo: {stranger}\n")],
        )
        self.assertEqual(problems, [f"{stranger} got an e-mail it was not owed"])
