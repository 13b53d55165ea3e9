"""The calendar's events: what the day, week and month views show (the JSON
the calendar component reads; the view that serves it only parses dates).

Scoped like every screen: only appointments `Appointment.objects.visible_to`
the user, of the professionals asked for. Who attends shows only to those who
may see the persons (their roles read person records, the records are of
their area, and an expedient named on it is not a confidential one they may
not see); everyone else reads "Occupied". On one's own agenda an event is
coloured by its state (the legend: `state_legend`); on others' by the
professional's configured colour. The number of queries does not grow with
the number of events.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from casework.models import Expedient
from directory.models import Person

from .enums import STATE_COLOURS, AppointmentState, AppointmentType
from .models import Appointment, AppointmentPerson, DutySlot
from .permissions import agenda_professionals, bookable_ids, user_sees_persons

# Colours given, in this order, to professionals shown together whose
# configured colour another one already has (most keep the default): a team's
# calendar tells its people apart even before a coordinator sets colours.
PALETTE = (
    "#0b6e4f",
    "#1d5fa8",
    "#a15c00",
    "#7b3fa0",
    "#b3261e",
    "#00838f",
    "#5d4037",
    "#c2185b",
    "#33691e",
    "#283593",
    "#6d4c41",
    "#00695c",
    "#8e24aa",
    "#ef6c00",
    "#455a64",
    "#827717",
)


def professional_colours(professionals: Sequence) -> dict[int, str]:
    """Each professional's colour on a shared calendar: the configured one,
    unless someone shown before them already has it (then the next free
    colour of the palette)."""
    colours: dict[int, str] = {}
    taken: set[str] = set()
    spare = iter(PALETTE)
    # In one order whatever the caller's, so the legend and the events agree.
    for professional in sorted(professionals, key=lambda p: p.pk):
        colour = professional.calendar_colour.lower()
        if colour in taken:  # past the palette, colours repeat
            colour = next((c for c in spare if c not in taken), colour)
        taken.add(colour)
        colours[professional.pk] = colour
    return colours


def state_legend() -> list[dict]:
    """The colours of one's own agenda, for the legend."""
    return [
        {"state": s.value, "label": str(s.label), "colour": STATE_COLOURS[s]}
        for s in AppointmentState
    ]


def _iso(on: date, at) -> str:
    return datetime.combine(on, at).isoformat(timespec="minutes")


def disclosed_ids(user, appointments: Sequence[Appointment]) -> set[int]:
    """The appointments whose persons `user` may see (two queries at most);
    their `attendances` are best prefetched."""
    persons = {
        ap.pk: [a.person_id for a in ap.attendances.all()] for ap in appointments
    }
    expedients = {ap.pk: ap.expedient_id for ap in appointments}
    return _disclosed(user, persons, expedients)


def _disclosed(
    user, persons: dict[int, list[int]], expedients: dict[int, int | None]
) -> set[int]:
    """Of the appointments (their persons' and expedient's ids), those whose
    persons `user` may see: every person visible and no expedient they may not
    open."""
    if not user_sees_persons(user):
        return set()
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in={pk for ids in persons.values() for pk in ids})
        .values_list("pk", flat=True)
    )
    expedient_ids = {pk for pk in expedients.values() if pk}
    open_expedients = (
        set(
            Expedient.objects.disclosable_to(user)
            .filter(pk__in=expedient_ids)
            .values_list("pk", flat=True)
        )
        if expedient_ids
        else set()
    )
    return {
        pk
        for pk, ids in persons.items()
        if all(person in visible for person in ids)
        and (expedients[pk] is None or expedients[pk] in open_expedients)
    }


FIELDS = (
    "pk",
    "date",
    "starts_at",
    "ends_at",
    "state",
    "type",
    "urgent",
    "series_id",
    "expedient_id",
    "version",
)


def calendar_events(
    user, professionals: Sequence, start: date, end: date
) -> list[dict]:
    """The events of `professionals`' agendas from `start` (included) to
    `end` (excluded) that `user` may see, as the calendar reads them.

    Plain rows, not model instances: a busy team's week is 2,000 events, and
    building instances with their prefetched relations took seconds
    (`make bench`, bench_agenda). Four queries whatever the number of events
    (the appointments, who attends, which professionals, the persons' names),
    plus those of `_disclosed` and `bookable_ids`.
    """
    shown = {p.pk: p for p in professionals}
    if not shown or end <= start:
        return []
    own = list(shown) == [user.pk]
    colours = professional_colours(professionals)
    scoped = (
        Appointment.objects.visible_to(user)
        .attended_by(shown)
        .filter(date__gte=start, date__lt=end)
    )
    rows = [
        dict(zip(FIELDS, values, strict=True))
        for values in scoped.order_by("date", "starts_at", "pk").values_list(*FIELDS)
    ]
    if not rows:
        return []
    ids = scoped.values("pk")
    persons: dict[int, list[int]] = {row["pk"]: [] for row in rows}
    for appointment_id, person_id in (
        AppointmentPerson.objects.filter(appointment_id__in=ids)
        .order_by("pk")
        .values_list("appointment_id", "person_id")
    ):
        persons[appointment_id].append(person_id)
    attending: dict[int, set[int]] = {row["pk"]: set() for row in rows}
    for appointment_id, user_id in Appointment.professionals.through.objects.filter(
        appointment_id__in=ids
    ).values_list("appointment_id", "user_id"):
        attending[appointment_id].add(user_id)
    disclosed = _disclosed(user, persons, {r["pk"]: r["expedient_id"] for r in rows})
    names = _names({pk for a, ids_ in persons.items() if a in disclosed for pk in ids_})
    bookable = bookable_ids(user, set().union(*attending.values()))
    labels = {value: str(label) for value, label in AppointmentType.choices}
    occupied = _("Occupied")
    events = []
    for row in rows:
        pk = row["pk"]
        here = attending[pk]
        resources = [p for p in shown if p in here]  # the columns' order
        who = persons[pk]
        kind = labels.get(row["type"], "")
        if not who:  # a reservation names nobody
            title = kind
        elif pk in disclosed:
            title = f"{kind} · {', '.join(names[p] for p in who)}"
        else:
            title = occupied
        events.append(
            {
                "id": pk,
                "title": title,
                "start": _iso(row["date"], row["starts_at"]),
                "end": _iso(row["date"], row["ends_at"]),
                "colour": STATE_COLOURS[AppointmentState(row["state"])]
                if own
                else colours[resources[0]],
                "resourceIds": resources,
                "editable": row["state"] == AppointmentState.PENDING
                and here <= bookable,
                "extendedProps": {
                    "state": row["state"],
                    "type": row["type"],
                    "reservation": not who,
                    "occupied": bool(who) and pk not in disclosed,
                    "urgent": row["urgent"],
                    "recurring": row["series_id"] is not None,
                    "version": row["version"],
                },
            }
        )
    return events


def _names(person_ids: set[int]) -> dict[int, str]:
    """The names the titles show (already checked: `_disclosed`)."""
    if not person_ids:
        return {}
    return {
        person.pk: str(person)
        for person in Person.objects.filter(pk__in=person_ids).only(
            "first_name", "surname1", "surname2"
        )
    }


def duty_slot_events(
    user, professionals: Sequence, start: date, end: date
) -> list[dict]:
    """The duty slots ("espais de permanència") of the professionals whose
    agendas `user` sees, as background events of each day (one query)."""
    shown = agenda_professionals(user).filter(pk__in=[p.pk for p in professionals])
    slots = DutySlot.objects.filter(professional__in=shown).select_related(
        "sector__municipality"
    )
    by_weekday: dict[int, list[DutySlot]] = {}
    for slot in slots:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    days = (start + timedelta(days=n) for n in range((end - start).days))
    return [
        {
            "title": _("Duty slot · %(sector)s") % {"sector": slot.sector},
            "start": _iso(day, slot.starts_at),
            "end": _iso(day, slot.ends_at),
            "resourceIds": [slot.professional_id],
            "display": "background",
        }
        for day in days
        for slot in by_weekday.get(day.weekday(), [])
    ]
