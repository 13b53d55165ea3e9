"""Demo agenda: visits booked by the front desk for the demo social worker
and social educator, within their working timetables, from two weeks back to
two weeks ahead; the past ones with their outcome (held, not held, did not
come, cancelled by the person), a weekly team meeting booked by the
coordinator, and the subsectors' texts for the printed papers. Everything
goes through the agenda's services. Generated people only; runs once per
area (skipped when the area already has appointments, so `seed_demo` stays
re-runnable).
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from configuration.demo_registry import DemoContext, demo_step
from configuration.models import ActuacioPlace, Area, Sector, Subsector, User

from .enums import AppointmentScope, AppointmentState, AppointmentType

AREA = "NORD"
WEEKS_BACK = 2
WEEKS_AHEAD = 2
# professional, municipality code of the sector, weekdays, start hours of the
# visits of each of those days (all within configuration/demo.py's timetables)
VISITS = (
    ("treballadora", "49", (0, 1, 3, 4), ((9, 0), (10, 0), (12, 0))),
    ("treballadora", "114", (2,), ((10, 0),)),
    ("educador", "49", (0, 2, 4), ((10, 30), (11, 30))),
    ("educador", "114", (1, 3), ((16, 0),)),
)
VISIT_MINUTES = 45
MEETING = (0, time(13, 0), time(14, 0), "49")  # Mondays, in Cardedeu
SUBSECTOR_TEXTS = {
    "Nucli antic": (
        "Serveis socials de Cardedeu, carrer Major, 1. Si no podeu venir, "
        "truqueu al 938 000 000 de 9 a 14 h.",
        "Aquest justificant és vàlid per a l'empresa o el centre educatiu.",
    ),
}


@demo_step(order=50)
def seed_agenda(ctx: DemoContext) -> None:
    from .models import Appointment

    area = Area.objects.get(code=AREA)
    _subsector_texts(ctx, area)
    if Appointment.objects.filter(area=area).exists():
        ctx.counts["unchanged"] += 1
        return
    front_desk = User.objects.get(username="auxiliar")
    persons = _persons(area)
    place = (
        ActuacioPlace.objects.filter(Q(area=area) | Q(area__isnull=True))
        .order_by("pk")
        .first()
    )
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    n = 0
    for week in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
        start = monday + timedelta(weeks=week)
        _meeting(ctx, area, start)
        for username, code, weekdays, hours in VISITS:
            professional = User.objects.get(username=username)
            sector = Sector.objects.get(area=area, municipality__code=code)
            subsector = Subsector.objects.filter(sector=sector).order_by("pk").first()
            for weekday in weekdays:
                for hour, minute in hours:
                    on = start + timedelta(days=weekday)
                    visit = _visit(
                        front_desk,
                        professional,
                        persons[n % len(persons)],
                        sector,
                        on,
                        time(hour, minute),
                        n=n,
                        place=place,
                        subsector=subsector,
                    )
                    ctx.counts["created"] += 1
                    if on < today:
                        _outcome(visit, professional, front_desk, n)
                    n += 1


def _subsector_texts(ctx: DemoContext, area: Area) -> None:
    for name, (reminder, receipt) in SUBSECTOR_TEXTS.items():
        for subsector in Subsector.objects.filter(sector__area=area, name=name):
            ctx.upsert(
                Subsector,
                {"pk": subsector.pk},
                {"reminder_text": reminder, "receipt_text": receipt},
            )


def _persons(area: Area) -> list:
    """The demo persons of the households the area attends (generated)."""
    from directory.models import Person

    return [
        person
        for person in Person.objects.filter(area=area, merged_into__isnull=True)
        .filter(expedient_links__isnull=False)
        .distinct()
        .order_by("pk")
        if not person.is_deceased
    ]


def _visit(front_desk, professional, person, sector, on: date, at: time, **kw):
    from . import services
    from .services import Details

    n = kw["n"]
    end = (datetime.combine(on, at) + timedelta(minutes=VISIT_MINUTES)).time()
    details = Details(
        type=AppointmentType.INTERVIEW if n % 6 else AppointmentType.ACCOMPANIMENT,
        place=kw["place"],
        scope=AppointmentScope.FIRST_INTERVIEW
        if n % 5 == 0
        else AppointmentScope.FOLLOW_UP,
        urgent=n % 11 == 0,
        subsector=kw["subsector"] if sector.municipality.code == "49" else None,
    )
    return services.book_appointment(
        acting_user=front_desk,
        professionals=[professional],
        persons=[person],
        sector=sector,
        on=on,
        starts_at=at,
        ends_at=end,
        details=details,
    )


def _outcome(visit, professional, front_desk, n: int) -> None:
    """Most visits were held; some the person missed, cancelled, or were not held."""
    from . import services

    if n % 9 == 4:
        services.cancel(appointment=visit, acting_user=front_desk, by_person=True)
        return
    if n % 5 == 2:
        state = AppointmentState.NO_SHOW
    elif n % 13 == 7:
        state = AppointmentState.NOT_HELD
    else:
        state = AppointmentState.HELD
    services.record_outcome(appointment=visit, acting_user=professional, state=state)


def _meeting(ctx: DemoContext, area: Area, week_start: date) -> None:
    """The Cardedeu-Llinars team's weekly coordination meeting."""
    from . import services
    from .services import Details

    weekday, starts_at, ends_at, code = MEETING
    on = week_start + timedelta(days=weekday)
    coordinator = User.objects.get(username="coordinadora")
    team = coordinator.teams.filter(name="Equip territorial Cardedeu-Llinars").first()
    meeting = services.book_reservation(
        acting_user=coordinator,
        professionals=list(
            User.objects.filter(username__in=("treballadora", "educador"))
        ),
        sector=Sector.objects.get(area=area, municipality__code=code),
        on=on,
        starts_at=starts_at,
        ends_at=ends_at,
        details=Details(type=AppointmentType.COORDINATION_MEETING, team=team),
    )
    ctx.counts["created"] += 1
    if on < timezone.localdate():
        services.record_outcome(
            appointment=meeting, acting_user=coordinator, state=AppointmentState.HELD
        )
