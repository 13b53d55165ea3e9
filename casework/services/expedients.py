"""Opening expedients, numbering them and linking persons (domain.md §3.2–3.3)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.enums import ExpedientState
from directory.models import Person

from ..enums import AutomaticEvent, Module
from ..models import BasicCase, Expedient, ExpedientSequence, LinkedPerson
from .common import automatic_actuacio


def next_number(*, area_id: int, year: int) -> str:
    """Return the area's next expedient number for `year`, e.g. ``2026/00042``.

    The sequence row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite
    serialises writers), so two professionals opening expedients at the same
    moment get two numbers. Must run inside the caller's transaction.
    """
    ExpedientSequence.objects.get_or_create(area_id=area_id, year=year)
    sequence = ExpedientSequence.objects.select_for_update().get(
        area_id=area_id, year=year
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{year}/{sequence.last_number:05d}"


@transaction.atomic
def expedient_open(
    *, case: Expedient, main_person: Person, acting_user, on: date | None = None
) -> Expedient:
    """Open a new expedient (any module) with its main person.

    Numbers it, stamps who opened it, links the main person and writes the
    automatic opening actuació. `case` is an unsaved module row (e.g.
    `BasicCase`) with its cover fields filled in.
    """
    on = on or date.today()
    if case.pk is not None:
        raise ValidationError(_("This expedient is already open."))
    if isinstance(case, BasicCase):
        case.module = Module.SSB
    if not case.module:
        raise ValidationError(_("Choose the module of the expedient."))
    if main_person.area_id != case.area_id:
        raise ValidationError(_("The person belongs to another area."))
    if main_person.merged_into_id is not None:
        raise ValidationError(_("This person record was merged into another one."))
    case.state = ExpedientState.OPEN
    case.state_date = on
    case.created_by = case.updated_by = acting_user
    case.number = "-"  # validated below, numbered last so errors waste no number
    case.full_clean(exclude=["number"])
    case.number = next_number(area_id=case.area_id, year=on.year)
    case.save()
    LinkedPerson.objects.create(expedient=case, person=main_person, is_main=True)
    automatic_actuacio(
        expedient=case,
        event=AutomaticEvent.OPENED,
        acting_user=acting_user,
        on=on,
        persons=[main_person],
    )
    return case


def open_expedients_of(*, person: Person, module: str, exclude=None):
    """Open expedients of `module` that `person` is linked to (for the warning)."""
    queryset = Expedient.objects.filter(
        links__person=person, module=module, state=ExpedientState.OPEN
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset
