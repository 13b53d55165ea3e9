"""A busy week for the agenda benchmark (`manage.py bench_agenda`).

On the first bench team of the first demo area (`bench_alerts` creates it: 15
social workers and their coordinator, 16 agendas), this week's appointments:
`APPOINTMENTS` in all (2,000 by default), Monday to Friday between 8:00 and
15:00 in slots of 15 to 60 minutes. Four in five are visits with one or two of
the area's generated persons (some with an expedient), the rest reservations
(meetings, documentation, training) shared by two to four of the team; a few
are cancelled, held or missed. Rows go in through COPY on PostgreSQL and one
prepared INSERT elsewhere (bench/people/writer.py), each carrying its own id;
they are marked by `observations = MARK`, and a run first removes the marked
rows of other weeks, then adds only what this week lacks. Reproducible from
the seed.
"""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import connection, transaction
from django.db.models import Max

from agenda.enums import AppointmentState, AppointmentType
from agenda.models import Appointment, AppointmentPerson
from bench.alerts.load import MissingBenchData, demo_areas, team_username
from bench.people.writer import RowWriter
from configuration.models import Team, User
from directory.models import Person

MARK = "bench:agenda"
APPOINTMENTS = 2_000
RESERVATION_TYPES = (
    AppointmentType.TECHNICAL_MEETING,
    AppointmentType.COORDINATION_MEETING,
    AppointmentType.DOCUMENTATION,
    AppointmentType.TRAINING,
)
STATES = (  # (state, weight): most of a week is still to come or was held
    (AppointmentState.PENDING, 70),
    (AppointmentState.HELD, 18),
    (AppointmentState.NO_SHOW, 4),
    (AppointmentState.CANCELLED_BY_PERSON, 4),
    (AppointmentState.CANCELLED_BY_PROFESSIONAL, 4),
)


@dataclass
class BenchTeam:
    team: Team
    members: list[User]  # the 16 agendas, the coordinator last
    coordinator: User
    sector_id: int
    persons: list[int]


def this_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today - timedelta(days=today.weekday())


def bench_team() -> BenchTeam:
    """The first bench team of the first demo area, with its coordinator."""
    area = demo_areas()[0]
    coordinator = User.objects.filter(username=team_username(area, 0, None)).first()
    team = coordinator and coordinator.teams.filter(area=area).first()
    if team is None:
        raise MissingBenchData("No bench team: run `manage.py bench_alerts` first.")
    members = list(
        team.members.filter(is_active=True).order_by("username")
    )  # the coordinator's ".coord" sorts last
    persons = list(
        Person.objects.filter(area=area, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:20_000]
    )
    if len(persons) < 10:
        raise MissingBenchData("The bench persons are missing.")
    return BenchTeam(team, members, coordinator, team.sectors.first().pk, persons)


def bench_appointments(monday: date):
    return Appointment.objects.filter(
        observations=MARK, date__gte=monday, date__lt=monday + timedelta(days=7)
    )


@transaction.atomic
def load_week(count: int = APPOINTMENTS, seed: int = 1) -> tuple[BenchTeam, int]:
    """Make this week hold `count` bench appointments; return the team and how
    many were added."""
    bench = bench_team()
    monday = this_monday()
    Appointment.objects.filter(observations=MARK).exclude(
        pk__in=bench_appointments(monday).values("pk")
    ).delete()
    present = bench_appointments(monday).count()
    if present >= count:
        return bench, 0
    rng = random.Random(f"{seed}:agenda")  # noqa: S311
    first_id = (Appointment.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    appointments, attendances, attending = [], [], []
    professionals = Appointment.professionals.through
    states, weights = zip(*STATES, strict=True)
    for i in range(present, count):
        pk = first_id + i - present
        day = monday + timedelta(days=i % 5)
        start = 8 * 60 + rng.randrange(0, 7 * 60, 15)
        length = rng.choice((15, 30, 30, 45, 60))
        visit = rng.random() < 0.8
        appointments.append(
            {
                "id": pk,
                "area_id": bench.team.area_id,
                "state": rng.choices(states, weights)[0],
                "date": day,
                "starts_at": time(start // 60, start % 60),
                "ends_at": time((start + length) // 60, (start + length) % 60),
                "type": AppointmentType.INTERVIEW
                if visit
                else rng.choice(RESERVATION_TYPES),
                "sector_id": bench.sector_id,
                "team_id": bench.team.pk,
                "observations": MARK,
                "created_by_id": bench.coordinator.pk,
                "updated_by_id": bench.coordinator.pk,
            }
        )
        who = bench.members[i % len(bench.members)]
        size = min(len(bench.members), rng.randint(2, 4))
        together = [who] if visit else rng.sample(bench.members, size)
        if who not in together:
            together[0] = who
        attending += [{"appointment_id": pk, "user_id": u.pk} for u in together]
        if visit:
            for person in rng.sample(bench.persons, rng.choice((1, 1, 1, 2))):
                attendances.append({"appointment_id": pk, "person_id": person})
    writer = RowWriter(Appointment, connection, with_pk=True)
    writer.write(appointments)
    writer.reset_sequence()
    RowWriter(AppointmentPerson, connection).write(attendances)
    RowWriter(professionals, connection).write(attending)
    return bench, count - present
