"""Casework at scale for the alerts benchmark (`manage.py bench_alerts`).

Built on the bench persons (`bench_search --persons N`, `generate_load`) of the
demo areas `seed_demo` creates. Per area: bench teams of `TEAM_SIZE` social
workers plus one coordinator, each team working in one of the area's sectors,
as many as hold about `OPEN_PER_WORKER` open expedients each. Then expedients
held by them (three in four open, a few confidential, one in five with a
co-reference teammate), each with a household of generated persons and the
items every alert kind looks at, at rates meant to be realistic: actuacions
(about ten, more for older cases; some open cases with nothing in the last
year), demands, problems (some ended in the last year), tràmits, resources
(granted with an end date, pre-assigned, denied), intervention plans (open,
expired, about to expire, closed), a few dismissed alerts; a few linked persons
lose their municipality of residence, and the generated population already
has its deceased.

Rows go in through COPY on PostgreSQL and one prepared INSERT elsewhere
(bench/people/writer.py), a batch of expedients with all they hold per
transaction; expedients and resources carry their own ids (the rows that point
at them need them), the sequences are moved past them after each batch.
`created_at` is the day the item was recorded, not the day the benchmark ran
(the "no activity for a year" alert reads it). Expedient `i`
is drawn from its own seeded random generator, so a run is reproducible, and
carries `external_reference = "bench:<i>"`: a second run counts them and only
adds the missing ones. Dates are relative to the day of the run.
"""

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from bench.people.writer import RowWriter
from casework.enums import BeneficiaryRole, Module, PlanClosingReason, PlanState
from casework.models import (
    Actuacio,
    BasicCase,
    Demand,
    Expedient,
    InterventionPlan,
    LinkedPerson,
    ProblemRecord,
    Resource,
    ResourceBeneficiary,
    Tramit,
)
from configuration import roles
from configuration.demo import DEMO_SECTORS
from configuration.enums import ExpedientState, ResourceState, TeamKind
from configuration.models import (
    Area,
    Benefit,
    ClosingReason,
    DemandType,
    Problem,
    Sector,
    Team,
    TramitType,
    User,
)
from directory.models import Person
from helpdesk.alerts.kinds import AlertKind
from helpdesk.models.alerts import AlertDismissal

MARK = "bench:"
TEAM_SIZE = 15
OPEN_PER_WORKER = 200
OPEN_SHARE = 0.75
BATCH = 1000
HOUSEHOLD = ((1, 35), (2, 25), (3, 20), (4, 13), (5, 7))  # size, weight
WORKER_PREFIX = "bench."


class MissingBenchData(Exception):
    """The demo areas, their catalogues or the bench persons are missing."""


@dataclass
class AreaStaff:
    area: Area
    sectors: list[int]
    teams: list[list[int]]  # the workers of each team
    team_sectors: list[int]
    persons: list[int]  # the area's generated persons, shuffled

    @property
    def workers(self) -> list[tuple[int, int]]:
        return [(t, pk) for t, team in enumerate(self.teams) for pk in team]


@dataclass
class Catalogues:
    closing_reasons: list[int]
    demand_types: list[int]
    problems: list[int]
    tramit_types: list[int]
    benefits: list[int]

    @classmethod
    def of(cls, area: Area) -> "Catalogues":
        def ids(model, **filters) -> list[int]:
            shared_or_own = Q(area__isnull=True) | Q(area=area)
            return list(
                model.objects.filter(shared_or_own, is_active=True, **filters)
                .order_by("pk")
                .values_list("pk", flat=True)
            )

        found = cls(
            closing_reasons=ids(ClosingReason),
            demand_types=ids(DemandType),
            problems=ids(Problem),
            tramit_types=ids(TramitType),
            benefits=ids(Benefit),
        )
        empty = [name for name, value in vars(found).items() if not value]
        if empty:
            raise MissingBenchData(f"No {', '.join(empty)} in area {area.code}.")
        return found


@dataclass
class LoadResult:
    present: int = 0
    created: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def bench_expedients():
    return Expedient.objects.filter(external_reference__startswith=MARK)


def workers_wanted(expedients: int, areas: int) -> int:
    """Workers per area so that each holds about OPEN_PER_WORKER open expedients."""
    return max(2, round(expedients * OPEN_SHARE / areas / OPEN_PER_WORKER))


def demo_areas() -> list[Area]:
    areas = list(Area.objects.filter(code__in=DEMO_SECTORS).order_by("code"))
    if len(areas) != len(DEMO_SECTORS):
        raise MissingBenchData("The demo areas are missing.")
    return areas


def bench_staff(expedients: int, seed: int) -> list[AreaStaff]:
    """The bench teams of each demo area (created when missing) and its persons."""
    areas = demo_areas()
    wanted = workers_wanted(expedients, len(areas))
    staff = []
    for area in areas:
        sectors = list(
            Sector.objects.filter(area=area, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        persons = list(
            Person.objects.filter(area=area, merged_into__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not sectors or len(persons) < 5:
            raise MissingBenchData(
                f"Area {area.code} needs sectors and generated persons."
            )
        random.Random(f"{seed}:persons:{area.code}").shuffle(persons)  # noqa: S311
        teams, team_sectors = [], []
        for t in range(math.ceil(wanted / TEAM_SIZE)):
            sector = sectors[t % len(sectors)]
            size = min(TEAM_SIZE, wanted - t * TEAM_SIZE)
            teams.append(_team(area, t, sector, size))
            team_sectors.append(sector)
        staff.append(AreaStaff(area, sectors, teams, team_sectors, persons))
    return staff


def team_username(area: Area, team: int, member: int | None) -> str:
    """bench.<area>.<team>.<member>, and .coord for the team's coordinator."""
    who = "coord" if member is None else f"{member:02d}"
    return f"{WORKER_PREFIX}{area.code.lower()}.{team + 1:02d}.{who}"


def _team(area: Area, t: int, sector: int, size: int) -> list[int]:
    """Create (when missing) one bench team; return its workers' pks."""
    team, _ = Team.objects.get_or_create(
        area=area,
        name=f"Bench team {t + 1:02d}",
        defaults={"kind": TeamKind.TERRITORIAL},
    )
    team.sectors.set([sector])
    members = [(team_username(area, t, m), roles.TECNIC) for m in range(size)]
    members.append((team_username(area, t, None), roles.COORDINADOR))
    pks = []
    for username, role in members:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "area": area,
                "first_name": "Bench",
                "last_name": username.split(".", 1)[1],
                "email": f"{username}@bench.llar.invalid",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.set([_group(role)])
            user.teams.set([team])
        if role == roles.TECNIC:
            pks.append(user.pk)
    return pks


def _group(role: roles.Role) -> Group:
    group = Group.objects.filter(name=role.name).first()
    if group is None:
        raise MissingBenchData(f"No group {role.name}: run `manage.py sync_roles`.")
    return group


CHILD_MODELS = {  # what an expedient holds, by BatchWriter's names
    "links": LinkedPerson,
    "actuacions": Actuacio,
    "demands": Demand,
    "problems": ProblemRecord,
    "tramits": Tramit,
    "resources": Resource,
    "plans": InterventionPlan,
}
ITEM_MODELS = (
    Expedient,
    Actuacio,
    Demand,
    ProblemRecord,
    Tramit,
    Resource,
    InterventionPlan,
    LinkedPerson,
)


def load_casework(
    expedients: int,
    seed: int,
    *,
    batch: int = BATCH,
    report: Callable[[str], None] = lambda line: None,
) -> LoadResult:
    """Create the bench expedients missing up to `expedients`; return what was done."""
    started = time.perf_counter()
    result = LoadResult(present=bench_expedients().count())
    staff = bench_staff(expedients, seed)
    if result.present >= expedients:
        return result
    catalogues = {s.area.pk: Catalogues.of(s.area) for s in staff}
    today = date.today()
    for first in range(result.present, expedients, batch):
        last = min(first + batch, expedients)
        writer = BatchWriter(today)
        for i in range(first, last):
            area = staff[i % len(staff)]
            rng = random.Random(f"{seed}:expedient:{i}")  # noqa: S311
            writer.add(i, rng, area, catalogues[area.area.pk], len(staff))
        with transaction.atomic():
            writer.save()
        result.created += last - first
        for name, count in writer.counts().items():
            result.rows[name] = result.rows.get(name, 0) + count
        if result.created % (batch * 10) == 0 or last == expedients:
            elapsed = time.perf_counter() - started
            report(f"  {last:>10,} / {expedients:,} expedients ({elapsed:.1f} s)")
    analyze()
    result.seconds = time.perf_counter() - started
    return result


def analyze() -> None:
    """Fresh planner statistics for what the alerts read."""
    models = (*ITEM_MODELS, BasicCase, ResourceBeneficiary, AlertDismissal, Person)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            for model in models:
                cursor.execute(
                    f"{verb} {connection.ops.quote_name(model._meta.db_table)}"
                )
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def next_id(model) -> int:
    """The first id free after the table's rows."""
    return (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def write_rows(model, rows: list[dict], *, with_pk: bool = False) -> None:
    """Write `rows` into `model`'s table (COPY on PostgreSQL); with `with_pk`
    they carry their ids and the sequence moves past them."""
    writer = RowWriter(model, connection, with_pk=with_pk)
    writer.write(rows)
    if with_pk:
        writer.reset_sequence()


def _at(day: date, rng: random.Random) -> datetime:
    """When something dated `day` was recorded: that day or up to 3 days later."""
    moment = datetime.combine(day, datetime.min.time()) + timedelta(
        days=rng.choice((0, 0, 0, 1, 3)), hours=rng.randrange(8, 19)
    )
    return timezone.make_aware(min(moment, datetime.now()))


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


class BatchWriter:
    """Draws a batch of expedients with everything they hold, then writes it."""

    def __init__(self, today: date):
        self.today = today
        self.cutoff = today - timedelta(days=365)
        self.expedients: list[dict] = []
        self.cases: list[dict] = []
        # Per expedient (in the order of self.expedients), rows waiting for its pk.
        self.children: list[dict[str, list[dict]]] = []
        self.without_municipality: list[int] = []
        self._counts: dict[str, int] = {}

    def add(self, i, rng: random.Random, staff: AreaStaff, cat: Catalogues, areas):
        today = self.today
        team, referent = rng.choice(staff.workers)
        teammates = [pk for pk in staff.teams[team] if pk != referent]
        is_open = rng.random() < OPEN_SHARE
        age = min(int(rng.expovariate(1 / 700)) + 5, 3650)
        opened = today - timedelta(days=age)
        if is_open:
            until = today
            inactive = age > 400 and rng.random() < 0.15
        else:
            until = _between(rng, opened, today)
            inactive = False
        last_activity = (
            _between(rng, opened, self.cutoff - timedelta(days=5))
            if inactive
            else until
        )
        expedient = {
            "area_id": staff.area.pk,
            "module": Module.SSB,
            "number": f"{opened.year}/B{i:07d}",
            "external_reference": f"{MARK}{i}",
            "state": ExpedientState.OPEN if is_open else ExpedientState.CLOSED,
            "state_date": opened if is_open else until,
            "closing_reason_id": (None if is_open else rng.choice(cat.closing_reasons)),
            "sector_id": staff.team_sectors[team],
            "reference_professional_id": referent,
            "co_reference_professional_id": (
                rng.choice(teammates) if teammates and rng.random() < 0.2 else None
            ),
            "confidential": rng.random() < 0.03,
            "created_by_id": referent,
            "updated_by_id": referent,
            "created_at": _at(opened, rng),
        }
        self.expedients.append(expedient)
        household = self._household(i // areas, rng, staff)
        rows = {"links": [], "actuacions": [], "demands": [], "problems": []}
        rows.update(tramits=[], resources=[], plans=[])
        self.children.append(rows)
        self.cases.append({"family_name": f"Llar {i}", "family_search": f"llar {i}"})
        for n, person in enumerate(household):
            rows["links"].append(
                {
                    "person_id": person,
                    "is_main": n == 0,
                    "linked_at": _at(opened, rng),
                }
            )
            if is_open and rng.random() < 0.015:
                self.without_municipality.append(person)
        common = {"created_by_id": referent, "updated_by_id": referent}
        self._actuacions(rng, rows, common, opened, last_activity, inactive, referent)
        self._demands(rng, rows, common, cat, opened, last_activity)
        self._problems(rng, rows, common, cat, opened, last_activity, is_open)
        self._tramits(rng, rows, common, cat, opened, last_activity, household[0])
        self._resources(rng, rows, common, cat, opened, last_activity, is_open)
        self._plans(rng, rows, common, opened, last_activity, is_open)
        for resource in rows["resources"]:
            resource["holder"] = household[0]

    def _household(self, j: int, rng: random.Random, staff: AreaStaff) -> list[int]:
        """The persons of the area's j-th expedient (the pool wraps round)."""
        size = rng.choices([s for s, _ in HOUSEHOLD], [w for _, w in HOUSEHOLD])[0]
        pool = staff.persons
        size = min(size, len(pool))
        start = j * len(HOUSEHOLD)
        return [pool[(start + k) % len(pool)] for k in range(size)]

    def _actuacions(self, rng, rows, common, opened, last, inactive, referent):
        span_years = max((last - opened).days, 1) / 365
        count = 1 + min(int(rng.expovariate(1 / (4 + 4 * span_years))), 80)
        dates = sorted(_between(rng, opened, last) for _ in range(count))
        if not inactive and last == self.today and count > 1:
            dates[-1] = _between(rng, max(opened, last - timedelta(days=120)), last)
        for day in dates:
            rows["actuacions"].append(
                {
                    "date": day,
                    "topic": "Entrevista de seguiment (dades generades)",
                    "responsible_id": referent,
                    "created_at": _at(day, rng),
                    **common,
                }
            )

    def _demands(self, rng, rows, common, cat, opened, last):
        for _ in range(1 + (rng.random() < 0.4)):
            day = _between(rng, opened, min(last, opened + timedelta(days=200)))
            rows["demands"].append(
                {
                    "type_id": rng.choice(cat.demand_types),
                    "date": day,
                    "created_at": _at(day, rng),
                    **common,
                }
            )

    def _problems(self, rng, rows, common, cat, opened, last, is_open):
        today = self.today
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            starts = _between(rng, opened, last)
            draw = rng.random()
            if not is_open:
                ends = _between(rng, starts, last)
            elif draw < 0.12:  # ended in the last year, not extended: an alert
                ends = today - timedelta(days=rng.randrange(1, 365))
            elif draw < 0.3:  # ended long ago: let end
                ends = today - timedelta(days=rng.randrange(365, 1500))
            else:
                ends = date(today.year, 12, 31) + timedelta(days=365 * (draw > 0.9))
            starts = min(starts, ends)
            rows["problems"].append(
                {
                    "problem_id": rng.choice(cat.problems),
                    "starts_on": starts,
                    "ends_on": ends,
                    "created_at": _at(starts, rng),
                    **common,
                }
            )

    def _tramits(self, rng, rows, common, cat, opened, last, holder):
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            day = _between(rng, opened, last)
            rows["tramits"].append(
                {
                    "type_id": rng.choice(cat.tramit_types),
                    "processed_on": day,
                    "holder_id": holder,
                    "created_at": _at(day, rng),
                    **common,
                }
            )

    def _resources(self, rng, rows, common, cat, opened, last, is_open):
        today = self.today
        for _ in range(rng.choice((0, 0, 0, 1, 1, 1, 1, 2, 2, 3))):
            day = _between(rng, opened, last)
            draw = rng.random()
            fields = {"state_changed_on": day, "dismissed": False}
            if draw < 0.55:
                state = ResourceState.GRANTED
                starts = day
                if is_open and rng.random() < 0.3:  # ended: an alert
                    ends = today - timedelta(days=rng.randrange(1, 400))
                    fields["dismissed"] = rng.random() < 0.05
                elif is_open:
                    ends = today + timedelta(days=rng.randrange(1, 365))
                else:
                    ends = _between(rng, day, last)
                starts = min(starts, ends)
            elif draw < 0.75:
                state, starts, ends = ResourceState.PRE_ASSIGNED, None, None
                if is_open:
                    changed = today - timedelta(days=int(rng.expovariate(1 / 40)))
                    fields["state_changed_on"] = max(changed, opened)
            else:
                state = rng.choice((ResourceState.DENIED, ResourceState.WITHDRAWN))
                starts, ends = None, None
            row = {
                "benefit_id": rng.choice(cat.benefits),
                "state": state,
                "state_changed_on": fields["state_changed_on"],
                "starts_on": starts,
                "ends_on": ends,
                "alert_dismissed": fields["dismissed"] and rng.random() < 0.5,
                "created_at": _at(day, rng),
                **common,
            }
            # Dismissed by its referent (an AlertDismissal) rather than for all.
            row["dismiss"] = fields["dismissed"] and not row["alert_dismissed"]
            rows["resources"].append(row)

    def _plans(self, rng, rows, common, opened, last, is_open):
        today = self.today
        plans = []
        if rng.random() < 0.3:
            plans.append("closed")
        if is_open and rng.random() < 0.6:
            plans.append("open")
        for state in plans:
            created = _between(rng, opened, last)
            if state == "open":
                draw = rng.random()
                if draw < 0.2:  # expired: an alert
                    expires = today - timedelta(days=rng.randrange(1, 300))
                elif draw < 0.3:  # about to expire: an alert
                    expires = today + timedelta(days=rng.randrange(0, 31))
                else:
                    expires = today + timedelta(days=rng.randrange(31, 365))
                closed_on, reason = None, ""
            else:
                expires = created + timedelta(days=rng.randrange(90, 365))
                closed_on = min(expires, last)
                reason = PlanClosingReason.ACHIEVED
            rows["plans"].append(
                {
                    "title": "Pla de treball (dades generades)",
                    "starts_on": min(created, expires),
                    "expires_on": expires,
                    "state": PlanState.OPEN if state == "open" else PlanState.CLOSED,
                    "closed_on": closed_on,
                    "closing_reason": reason,
                    "created_at": _at(created, rng),
                    **common,
                }
            )

    def save(self) -> None:
        """Write the batch (inside the caller's transaction)."""
        pk = next_id(Expedient)
        for expedient, case in zip(self.expedients, self.cases, strict=True):
            expedient["id"] = case["expedient_id"] = pk
            pk += 1
        write_rows(Expedient, self.expedients, with_pk=True)
        write_rows(BasicCase, self.cases, with_pk=True)
        grouped: dict[str, list[dict]] = {name: [] for name in CHILD_MODELS}
        for expedient, rows in zip(self.expedients, self.children, strict=True):
            for name, items in rows.items():
                for item in items:
                    item["expedient_id"] = expedient["id"]
                    grouped[name].append(item)
        resources = grouped["resources"]
        for pk, resource in enumerate(resources, start=next_id(Resource)):
            resource["id"] = pk
        for name, model in CHILD_MODELS.items():
            write_rows(model, grouped[name], with_pk=name == "resources")
            self._counts[name] = len(grouped[name])
        write_rows(
            ResourceBeneficiary,
            [
                {
                    "resource_id": r["id"],
                    "person_id": r["holder"],
                    "role": BeneficiaryRole.HOLDER,
                }
                for r in resources
            ],
        )
        owners = {e["id"]: e["reference_professional_id"] for e in self.expedients}
        write_rows(
            AlertDismissal,
            [
                {
                    "kind": AlertKind.RESOURCE_EXPIRED,
                    "object_id": r["id"],
                    "user_id": owners[r["expedient_id"]],
                }
                for r in resources
                if r["dismiss"]
            ],
        )
        if self.without_municipality:
            Person.objects.filter(pk__in=self.without_municipality).update(
                residence_municipality=None
            )
        self._counts["expedients"] = len(self.expedients)

    def counts(self) -> dict[str, int]:
        return self._counts
