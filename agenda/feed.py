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

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from casework.models import Expedient
from directory.models import Person

from .enums import STATE_COLOURS, AppointmentState
from .models import Appointment, AppointmentPerson, DutySlot
from .permissions import agenda_professionals, bookable_ids, user_sees_persons


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
    if not user_sees_persons(user):
        return set()
    person_ids = {a.person_id for ap in appointments for a in ap.attendances.all()}
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in=person_ids)
        .values_list("pk", flat=True)
    )
    expedient_ids = {ap.expedient_id for ap in appointments if ap.expedient_id}
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
        ap.pk
        for ap in appointments
        if all(a.person_id in visible for a in ap.attendances.all())
        and (ap.expedient_id is None or ap.expedient_id in open_expedients)
    }


def _title(appointment: Appointment, disclosed: bool) -> str:
    kind = appointment.get_type_display()
    persons = [str(a.person) for a in appointment.attendances.all()]
    if not persons:  # a reservation names nobody
        return kind
    if not disclosed:
        return _("Occupied")
    return f"{kind} · {', '.join(persons)}"


def calendar_events(
    user, professionals: Sequence, start: date, end: date
) -> list[dict]:
    """The events of `professionals`' agendas from `start` (included) to
    `end` (excluded) that `user` may see, as the calendar reads them."""
    shown = {p.pk: p for p in professionals}
    if not shown or end <= start:
        return []
    own = list(shown) == [user.pk]
    appointments = list(
        Appointment.objects.visible_to(user)
        .attended_by(shown)
        .filter(date__gte=start, date__lt=end)
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=AppointmentPerson.objects.select_related("person").order_by(
                    "pk"
                ),
            ),
            "professionals",
        )
        .order_by("date", "starts_at", "pk")
    )
    disclosed = disclosed_ids(user, appointments)
    attending = {p.pk for ap in appointments for p in ap.professionals.all()}
    bookable = bookable_ids(user, attending)
    return [
        _event(appointment, shown, own, appointment.pk in disclosed, bookable)
        for appointment in appointments
    ]


def _event(appointment, shown, own, disclosed, bookable) -> dict:
    attending = [p.pk for p in appointment.professionals.all()]
    resources = [pk for pk in shown if pk in attending]  # the columns' order
    if own:
        colour = STATE_COLOURS[AppointmentState(appointment.state)]
    else:
        colour = shown[resources[0]].calendar_colour
    editable = appointment.state == AppointmentState.PENDING and all(
        pk in bookable for pk in attending
    )
    return {
        "id": appointment.pk,
        "title": _title(appointment, disclosed),
        "start": _iso(appointment.date, appointment.starts_at),
        "end": _iso(appointment.date, appointment.ends_at),
        "colour": colour,
        "resourceIds": resources,
        "editable": editable,
        "extendedProps": {
            "state": appointment.state,
            "type": appointment.type,
            "reservation": not appointment.attendances.all(),
            "occupied": not disclosed and bool(appointment.attendances.all()),
            "urgent": appointment.urgent,
            "recurring": appointment.recurring,
        },
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
