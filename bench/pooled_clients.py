"""Pooled results over 1,000 consenting clients, from the database: the reads of the
consents, programmes and stored effects, then the meta-analysis and the forest
spec (target: 2 s or less). Runs on a fresh SQLite database in a temporary
directory; the clients are bulk-inserted copies of one real programme."""

import random
import secrets
import statistics
import time
from datetime import timedelta

from bench.inprocess import run_on_fresh_database

CLIENTS = 1000
RUNS = 5
TARGET_S = 2.0


def main() -> None:
    run_on_fresh_database("pooled", measure)


def populate():
    from django.core.management import call_command
    from django.utils import timezone

    from skingarden.accounts.models import Profile, SafetyScreen, User
    from skingarden.programmes.models import Programme
    from skingarden.reports.models import Report
    from skingarden.reports.selectors import report_as_of, report_key
    from skingarden.sharing.models import Consent, Invitation
    from skingarden.sharing.services import practitioner_signup
    from skingarden.test import PASSWORD, make_participant, make_programme

    call_command("migrate", verbosity=0)
    now = timezone.now()
    start = now.date() - timedelta(days=60)
    model = make_participant("model@example.org")
    programme = make_programme(model, start=start, today=start)
    screen = SafetyScreen.objects.get(user=model)
    practitioner = practitioner_signup(
        email="gp@example.org",
        password=PASSWORD,
        name="Dr Bench",
        profession="General practitioner",
        time_zone="Europe/London",
    )
    users = User.objects.bulk_create(
        # "!" is Django's unusable password: these clients cannot log in.
        User(email=f"client{n}@example.org", password="!")  # noqa: S106
        for n in range(CLIENTS)
    )
    Profile.objects.bulk_create(
        Profile(user=u, time_zone="Europe/London") for u in users
    )
    screens = SafetyScreen.objects.bulk_create(
        SafetyScreen(
            user=u,
            answers=screen.answers,
            birth_year=screen.birth_year,
            conditions=screen.conditions,
            outcome=screen.outcome,
            screened_on=screen.screened_on,
        )
        for u in users
    )
    programmes = Programme.objects.bulk_create(
        Programme(
            owner=u,
            status=Programme.Status.COMPLETED,
            start_date=programme.start_date,
            end_date=programme.end_date,
            ended_on=programme.end_date,
            protocol=programme.protocol,
            locked_at=now,
            safety_screen=s,
        )
        for u, s in zip(users, screens, strict=True)
    )
    invitations = Invitation.objects.bulk_create(
        Invitation(
            participant=u,
            secret_hash=secrets.token_hex(32),
            access_until=now + timedelta(days=30),
            expires_at=now + timedelta(days=7),
            created_at=now,
            accepted_at=now,
        )
        for u in users
    )
    consents = Consent.objects.bulk_create(
        Consent(
            participant=u,
            practitioner=practitioner,
            invitation=i,
            granted_at=now,
            access_until=now + timedelta(days=30),
        )
        for u, i in zip(users, invitations, strict=True)
    )
    through = Consent.programmes.through
    through.objects.bulk_create(
        through(consent=c, programme=p)
        for c, p in zip(consents, programmes, strict=True)
    )
    rng = random.Random(20261123)
    as_of = report_as_of(programme=programmes[0], today=now.date())
    reports = []
    for p in programmes:
        effect, se = rng.gauss(-1.0, 0.8), rng.uniform(0.3, 1.2)
        reports.append(
            Report(
                programme=p,
                key=report_key(programme=p, as_of=as_of),
                as_of=as_of,
                interim=False,
                status=Report.Status.READY,
                requested_at=now,
                effect={
                    "measure": "worst_itch",
                    "unit": "points",
                    "lower_is_better": True,
                    "estimate": effect,
                    "ci_low": effect - 1.96 * se,
                    "ci_high": effect + 1.96 * se,
                    "standard_error": se,
                },
            )
        )
    Report.objects.bulk_create(reports)
    return practitioner


def measure() -> None:
    from django.utils import timezone

    from skingarden.sharing.pooling import pooled_groups

    practitioner = populate()
    times, pooled = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        groups = pooled_groups(practitioner=practitioner, now=timezone.now())
        times.append(time.perf_counter() - started)
        pooled = len(groups[0].clients)
    median = statistics.median(times)
    print(f"--- pooled results from the database: {pooled} clients, {RUNS} runs")
    print(
        f"reads + pooling + forest spec: median {median:.3f} s, "
        f"first {times[0]:.3f} s; ratio to the {TARGET_S:g} s target "
        f"{median / TARGET_S:.2f} ({'met' if median <= TARGET_S else 'MISSED'})",
        flush=True,
    )


if __name__ == "__main__":
    main()
