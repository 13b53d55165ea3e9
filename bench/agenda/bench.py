"""The agenda benchmark (`manage.py bench_agenda`, `make bench`).

Times what the calendar's JSON endpoint computes for a week (the events and
the duty slots, serialised), through the same functions it calls
(agenda/feed.py): the coordinator's and the front desk's view of the bench
team's 16 agendas, and one worker's own week. Round-robin after an untimed
warm-up that counts the queries (bench/alerts/bench.py's `run`); the target is
the screens' budget, p95 < 300 ms.
"""

import json
from datetime import timedelta

from agenda.feed import calendar_events, duty_slot_events
from agenda.permissions import AREA_RIGHT
from bench.alerts.bench import Measure
from configuration.models import User

from .load import BenchTeam, this_monday

TARGET_MS = 300.0


def week_json(user, professionals) -> int:
    """The endpoint's work for one week; returns how many events it shows."""
    monday = this_monday()
    sunday = monday + timedelta(days=7)
    events = calendar_events(user, professionals, monday, sunday)
    slots = duty_slot_events(user, professionals, monday, sunday)
    json.dumps(events + slots)
    return len(events)


def front_desk(bench: BenchTeam) -> User | None:
    """A professional of the area who books for all of it (front desk)."""
    return (
        User.objects.filter(area_id=bench.team.area_id, is_active=True)
        .with_permission(AREA_RIGHT)
        .order_by("pk")
        .first()
    )


def measures(bench: BenchTeam) -> list[Measure]:
    team = bench.members
    found = [
        Measure(
            bench.coordinator.username,
            f"team week ({len(team)} agendas)",
            TARGET_MS,
            lambda: week_json(bench.coordinator, team),
        ),
        Measure(
            team[0].username,
            "own week",
            TARGET_MS,
            lambda: week_json(team[0], [team[0]]),
        ),
    ]
    desk = front_desk(bench)
    if desk is not None:
        found.append(
            Measure(
                desk.username,
                f"team week ({len(team)} agendas), front desk",
                TARGET_MS,
                lambda: week_json(desk, team),
            )
        )
    return found


def report(items: list[Measure]) -> list[str]:
    lines = [
        "| user | screen | events | queries | p50 ms | p95 ms | target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    lines += [
        f"| {m.user} | {m.screen} | {m.alerts:,} | {m.queries} | "
        f"{m.p(0.5):.1f} | {m.p(0.95):.1f} | {m.verdict} |"
        for m in items
    ]
    return lines
