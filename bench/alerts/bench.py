"""The alerts benchmark (`manage.py bench_alerts`, `make bench`).

Times what a professional's home screen and alert pages read, through the same
selectors the screens call: the panel (`alerts_summary`: every kind counted,
with its first rows) and each kind's list page (`alert_page`: the paginator's
count and the first 50 rows), for a social worker and for the coordinator of
their team. Everything runs round-robin after an untimed warm-up that also
counts the queries; no template rendering. Every kind has its page, and the
panel counts every kind: a kind a module declares is timed with no change here.
Each row is checked against its target (PASS/MISS); the command fails when one
misses. With `baseline`, each screen is also timed the plain way (the scope as
a plain subquery, see AlertScope.plain), interleaved with the optimised one on
the same data: the rows marked "plain" have no target.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from casework.models import Expedient
from configuration.models import User
from helpdesk.alerts.panels import SHOWN
from helpdesk.alerts.queries import ALERT_TYPES, alert_expedients, alert_types_for
from helpdesk.alerts.selectors import alert_page, alerts_summary

from .load import WORKER_PREFIX, bench_expedients

TARGETS_MS = {"panel": 200.0, "page": 300.0}


@dataclass
class Measure:
    user: str
    screen: str
    target: float | None  # None: timed for comparison only
    run: Callable[[], int]  # returns how many alerts it found
    alerts: int = 0
    queries: int = 0
    samples: list[float] = field(default_factory=list)

    def p(self, share: float) -> float:
        """Nearest-rank percentile of the samples, in ms."""
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    @property
    def missed(self) -> bool:
        return self.target is not None and self.p(0.95) >= self.target

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "(comparison, no target)"
        return f"< {self.target:g} ms: {'MISS' if self.missed else 'PASS'}"


def panel_alerts(user, *, plain: bool = False, counted_first: bool = False) -> int:
    groups = alerts_summary(user, shown=SHOWN, plain=plain, counted_first=counted_first)
    return sum(group.count for group in groups)


def page_alerts(user, kind: str, *, plain: bool = False) -> int:
    page, _rows = alert_page(user, ALERT_TYPES[kind], plain=plain)
    return page.paginator.count


def measures(users: dict[str, User], *, baseline: bool = False) -> list[Measure]:
    """The panel and every kind's page, for each user (and, with `baseline`,
    each of them the plain way right after it)."""
    shapes = (False, True) if baseline else (False,)
    # The panel's shapes: (suffix, plain, counted first); "counted first" is
    # the earlier one (every kind counted, then each kind's first rows listed).
    panels = [("", False, False)]
    if baseline:
        panels += [(" counted first", False, True), (" plain", True, False)]
    found = []
    for label, user in users.items():
        kinds = len(alert_types_for(user))
        for suffix, plain, counted in panels:
            found.append(
                Measure(
                    label,
                    f"panel ({kinds} kinds){suffix}",
                    TARGETS_MS["panel"] if not suffix else None,
                    lambda u=user, p=plain, c=counted: panel_alerts(
                        u, plain=p, counted_first=c
                    ),
                )
            )
        for kind in (t.kind for t in alert_types_for(user)):
            for plain in shapes:
                found.append(
                    Measure(
                        label,
                        f"page {kind}" + (" plain" if plain else ""),
                        None if plain else TARGETS_MS["page"],
                        lambda u=user, k=kind, p=plain: page_alerts(u, k, plain=p),
                    )
                )
    return found


def missed(items: list[Measure]) -> list[Measure]:
    return [item for item in items if item.missed]


def run(items: list[Measure], repeat: int, *, warmed=None) -> list[Measure]:
    """Warm up once (counting queries and alerts; `warmed(item, captured)`
    reads more of the warm-up's queries), then time `repeat` rounds."""
    for item in items:
        with CaptureQueriesContext(connection) as captured:
            item.alerts = item.run()
        item.queries = len(captured)
        if warmed is not None:
            warmed(item, captured)
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter()
            item.run()
            item.samples.append((time.perf_counter() - started) * 1000)
    return items


def report(items: list[Measure]) -> list[str]:
    lines = [
        "| user | screen | alerts | queries | p50 ms | p95 ms | target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for m in items:
        lines.append(
            f"| {m.user} | {m.screen} | {m.alerts:,} | {m.queries} | "
            f"{m.p(0.5):.1f} | {m.p(0.95):.1f} | {m.verdict} |"
        )
    return lines


def typical_worker() -> User | None:
    """The bench worker of the first team whose open caseload is the median."""
    first_team = (
        User.objects.filter(username__startswith=WORKER_PREFIX, teams__isnull=False)
        .order_by("username")
        .values_list("teams", flat=True)
        .first()
    )
    if first_team is None:
        return None
    open_cases = Q(expedients_referred__state=1) & Q(
        expedients_referred__in=bench_expedients()
    )
    workers = list(
        User.objects.filter(teams=first_team, username__startswith=WORKER_PREFIX)
        .exclude(username__endswith=".coord")
        .annotate(open_cases=Count("expedients_referred", filter=open_cases))
        .order_by("open_cases", "pk")
    )
    return workers[len(workers) // 2] if workers else None


def coordinator_of(worker: User) -> User | None:
    return User.objects.filter(
        teams__in=worker.teams.all(), username__endswith=".coord"
    ).first()


def scope_label(user: User) -> str:
    """How many open expedients the user's alerts come from (and their team)."""
    teammates = User.objects.filter(teams__members=user).distinct().count()
    visible = Expedient.objects.visible_to(user).count()
    return (
        f"{alert_expedients(user).count():,} open expedients whose alerts they get "
        f"(team of {teammates} with them); sees {visible:,}"
    )
