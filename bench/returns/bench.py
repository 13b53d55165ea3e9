"""The returns benchmark (`manage.py bench_returns`, `make bench`).

Times every table of the official returns (reports.breakdowns: each is one
GROUP BY query) for the area's coordinator of the bench year, through
`count()` as the return's screen calls it, and the whole RUDEL Fitxa 1 as a
background export produces it (`produce()`: every table, the figures and the
publishable version's suppression; then its XLSX file). Round-robin after
an untimed warm-up that counts the queries (bench/alerts/bench.py's `run`).
Targets (issue #21): a table's p95 ≤ 1 s on PostgreSQL, and a table is one
query; the whole return ≤ 10 s.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group
from django.db import connection

from bench.alerts.bench import Measure
from bench.alerts.bench import run as alerts_run
from bench.alerts.load import MissingBenchData, demo_areas
from configuration import roles
from configuration.enums import TeamKind
from configuration.models import Sector, Team, User
from reports.breakdowns import SPECS, Criteria, count
from reports.definitions import SHIPPED, load_definition
from reports.enums import ReturnKind
from reports.models import ReturnDefinition, ReturnVariable
from reports.returns import produce

WHOLE_RETURN = "whole return (produce, publishable, XLSX)"
TABLE_TARGET_MS = 1000.0
RETURN_TARGET_MS = 10_000.0
COORDINATOR_PREFIX = "returns.bench."


@dataclass
class TableMeasure(Measure):
    """A table's measure: of its queries, `counting` read the counted rows
    (a COUNT); the others are the scope's reads of the user's teams and
    sectors (casework/scope.py), the same whatever the data's size."""

    counting: int = 0


def area_coordinator() -> User:
    """The coordinator of the first demo area's every sector (created when
    missing, with a team of their own: the bench teams stay as they are)."""
    area = demo_areas()[0]
    username = f"{COORDINATOR_PREFIX}{area.code.lower()}"
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    group = Group.objects.filter(name=roles.COORDINADOR.name).first()
    if group is None:
        raise MissingBenchData("No coordinators' group: run `manage.py sync_roles`.")
    team, _created = Team.objects.get_or_create(
        area=area,
        name="Bench returns coordination",
        defaults={"kind": TeamKind.TERRITORIAL},
    )
    team.sectors.set(Sector.objects.filter(area=area, is_active=True))
    user = User.objects.create(
        username=username,
        area=area,
        first_name="Bench",
        last_name="returns",
        email=f"{username}@bench.llar.invalid",
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.set([group])
    user.teams.set([team])
    return User.objects.get(pk=user.pk)  # no cached permissions


def criteria_for(user: User, year: int) -> Criteria:
    return Criteria(
        user=user, area_id=user.area_id, start=date(year, 1, 1), end=date(year, 12, 31)
    )


def tables_by_return() -> list[tuple[str, list[str]]]:
    """(return, its tables in Breakdown order) per shipped return; tables no
    shipped return reads come last."""
    found, seen = [], set()
    for kind, (_title, _notes, variables) in SHIPPED.items():
        used = {str(variable[3]) for variable in variables}
        keys = [key for key in SPECS if key in used]
        found.append((ReturnKind(kind).label, keys))
        seen.update(keys)
    rest = [key for key in SPECS if key not in seen]
    if rest:
        found.append(("(no return)", rest))
    return found


def cells(key: str, c: Criteria) -> int:
    """One table counted; returns what it counted (the sum of its cells)."""
    return count(key, c).total


def rudel(c: Criteria, definition: ReturnDefinition) -> int:
    """The whole RUDEL Fitxa 1 as a background export makes it (the view's
    `write_job`): produced, publishable, then written as its XLSX file."""
    from reports.views import xlsx_content

    produced = produce(definition, c, publishable=True, progress=lambda *_: None)
    xlsx_content(produced)
    return sum(table.total for table in produced.tables)


BASELINE = " (server planning)"
# PostgreSQL's defaults for what Llar's connections set (POSTGRES_PLANNING in
# website/settings/base.py).
SERVER_PLANNING = {"jit": "on", "cursor_tuple_fraction": "0.1"}


@contextmanager
def server_planning():
    """This connection planning as the server's defaults say (JIT on, cursors
    for their first 10%), as Llar's connections did before they set
    POSTGRES_PLANNING; then back."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for name, value in SERVER_PLANNING.items():
            cursor.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in SERVER_PLANNING:
                cursor.execute(f"RESET {name}")


def as_the_server_plans(run):
    """`run` planned as the server's defaults say (the measure before)."""

    def planned():
        with server_planning():
            return run()

    return planned


def measures(c: Criteria, year: int, *, baseline: bool = False) -> list[Measure]:
    """Each table of each return, then the whole RUDEL Fitxa 1 (`user` holds
    the return's name, `screen` the table's key); with `baseline`, each of
    them also as the server plans it, right after it (no target)."""
    definition, _created = load_definition(
        ReturnDefinition, ReturnVariable, kind=ReturnKind.RUDEL_FITXA1, year=year
    )
    timed = [
        (str(label), key, TABLE_TARGET_MS, lambda k=key: cells(k, c))
        for label, keys in tables_by_return()
        for key in keys
    ]
    timed.append(
        (
            str(ReturnKind.RUDEL_FITXA1.label),
            WHOLE_RETURN,
            RETURN_TARGET_MS,
            lambda: rudel(c, definition),
        )
    )
    found = []
    for label, key, target, run in timed:
        found.append(TableMeasure(label, key, target, run))
        if baseline:
            found.append(
                TableMeasure(label, key + BASELINE, None, as_the_server_plans(run))
            )
    return found


def _counting(item: TableMeasure, captured) -> None:
    item.counting = sum("COUNT(" in q["sql"].upper() for q in captured)


def run(items: list[TableMeasure], repeat: int) -> list[TableMeasure]:
    """Warm up once (counting the queries and what was counted), then time
    `repeat` rounds, round-robin (bench.alerts.bench.run)."""
    return alerts_run(items, repeat, warmed=_counting)


def one_query(item: TableMeasure) -> bool:
    """A table is one counting query; the whole return, one per table."""
    return item.target != TABLE_TARGET_MS or item.counting == 1


def verdict(item: Measure) -> str:
    if item.target is None:
        return "(comparison, no target)"
    speed = "MISS" if item.missed else "PASS"
    target = f"≤ {item.target / 1000:g} s"
    if item.target == TABLE_TARGET_MS:
        target += ", 1 query"
        if not one_query(item):
            speed = "MISS"
    return f"{speed} ({target})"


def report(items: list[Measure]) -> list[str]:
    lines = [
        "| return | table | counted | queries (+ scope reads) | p50 ms | p95 ms "
        "| target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    previous = None
    for m in items:
        name = m.user if m.user != previous else ""
        previous = m.user
        lines.append(
            f"| {name} | {m.screen} | {m.alerts:,} | "
            f"{m.counting} (+{m.queries - m.counting}) | "
            f"{m.p(0.5):,.1f} | {m.p(0.95):,.1f} | {verdict(m)} |"
        )
    return lines


def missed(items: list[Measure]) -> list[Measure]:
    """Over target: only PostgreSQL is held to the times; one query always."""
    timed = connection.vendor == "postgresql"
    return [m for m in items if (timed and m.missed) or not one_query(m)]
