"""Reactivate a person record recorded as deceased ("Recupera", domain.md §2.4,
§6.3), through the directory's own service."""

from django.db import transaction

from casework.models import Expedient
from configuration.enums import ExpedientState
from directory.models import Person
from directory.services import person_recover

from .common import ensure_coordinator, log_tool

PERSON_RECOVER_TOOL = "person_recover"


def open_expedient_count(person: Person) -> int:
    return Expedient.objects.filter(
        links__person=person, state=ExpedientState.OPEN
    ).count()


@transaction.atomic
def person_reactivate(*, person: Person, acting_user) -> Person:
    """Set a deceased person's record back to active (the date of death goes)."""
    ensure_coordinator(acting_user, area_id=person.area_id)
    person = Person.objects.select_for_update().get(pk=person.pk)
    death_date = person.death_date
    person_recover(person=person, acting_user=acting_user)
    log_tool(
        instance=person,
        tool=PERSON_RECOVER_TOOL,
        acting_user=acting_user,
        death_date=death_date.isoformat() if death_date else None,
    )
    return person
