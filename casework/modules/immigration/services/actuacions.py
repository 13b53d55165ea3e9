"""Recording an immigration actuació (domain.md §3.6): the module's fields on
top of the shared ones, with the actuacions' edit window, locks and version
check."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.models import User
from configuration.versioning import save_versioned
from directory.models import Person

from ....models import Expedient, LinkedPerson
from ....services.common import ensure_linked, ensure_open
from ....services.records import (
    actuacio_lock_reason,
    apply_values,
    ensure_within_edit_window,
)
from ..models import ImmigrationActuacio
from ..permissions import ACTUACIO_ADD_RIGHT, ACTUACIO_CHANGE_RIGHT
from .common import check_professionals, ensure_right


def _check_entries(actuacio: ImmigrationActuacio, stored) -> None:
    """Projects and courses are the area's own; an inactive one may stay on an
    actuació that had it, never be newly chosen."""
    errors = {}
    for name in ImmigrationActuacio.ENTRY_FIELDS:
        entry = getattr(actuacio, name)
        if entry is None:
            continue
        if entry.area_id != actuacio.expedient.area_id:
            errors[name] = _("Choose an entry of this area's catalogue.")
        elif not entry.is_active and (
            stored is None or getattr(stored, f"{name}_id") != entry.pk
        ):
            errors[name] = _("This entry is no longer in use: choose another one.")
    if errors:
        raise ValidationError(errors)


def _check_actuacio(actuacio: ImmigrationActuacio, stored) -> None:
    if not (actuacio.topic or "").strip():
        raise ValidationError({"topic": _("Write the topic of the actuació.")})
    actuacio.topic = actuacio.topic.strip()
    if actuacio.responsible_id is None:
        raise ValidationError(
            {"responsible": _("Choose the professional responsible for it.")}
        )
    if stored is None or stored.responsible_id != actuacio.responsible_id:
        check_professionals(
            actuacio.expedient.area_id, responsible=actuacio.responsible
        )
    _check_entries(actuacio, stored)
    ensure_within_edit_window(actuacio)


def _write(
    actuacio: ImmigrationActuacio,
    *,
    by: User,
    stored: ImmigrationActuacio | None,
    expected_version: int | None,
    related_persons: Iterable[Person] | None,
) -> ImmigrationActuacio:
    expedient = actuacio.expedient
    ensure_open(expedient)
    if related_persons is None:
        related_persons = (
            stored.related_persons.all()
            if stored
            else [LinkedPerson.objects.get(expedient=expedient, is_main=True).person]
        )
    related_persons = list(related_persons)
    ensure_linked(expedient, related_persons)
    _check_actuacio(actuacio, stored)
    actuacio.full_clean()
    save_versioned(obj=actuacio, expected_version=expected_version, acting_user=by)
    actuacio.related_persons.set(related_persons)
    return actuacio


@transaction.atomic
def immigration_actuacio_create(
    *,
    by: User,
    expedient: Expedient,
    topic: str,
    related_persons: Iterable[Person] | None = None,
    **values,
) -> ImmigrationActuacio:
    """Record an actuació in an immigration expedient.

    `values` are its fields: date, time, hours, project, type (action type),
    course (action or course), itinerary_informed, referral_source, text and
    responsible (`by` unless another professional of the area who works
    immigration is named). The topic is required; the area's edit deadline
    applies to its date. It concerns the main person unless `related_persons`
    (linked to the expedient) says otherwise.
    """
    ensure_right(
        by,
        expedient,
        ACTUACIO_ADD_RIGHT,
        _(
            "Only the immigration professionals of this expedient may record its "
            "actuacions."
        ),
    )
    values.setdefault("responsible", by)
    actuacio = ImmigrationActuacio(
        expedient=expedient, topic=topic or "", created_by=by, **values
    )
    return _write(
        actuacio,
        by=by,
        stored=None,
        expected_version=None,
        related_persons=related_persons,
    )


@transaction.atomic
def immigration_actuacio_update(
    *,
    by: User,
    actuacio: ImmigrationActuacio,
    expected_version: int | None = None,
    related_persons: Iterable[Person] | None = None,
    **values,
) -> ImmigrationActuacio:
    """Change an immigration actuació still inside the area's edit window.

    Refused once the window after its date has passed, in a closed expedient,
    and for what was recorded before an information transfer; a save based on
    an older version is refused with `EditConflict`.
    """
    stored = ImmigrationActuacio.objects.select_related("expedient").get(pk=actuacio.pk)
    ensure_right(
        by,
        stored.expedient,
        ACTUACIO_CHANGE_RIGHT,
        _(
            "Only the immigration professionals of this expedient may change its "
            "actuacions."
        ),
    )
    if reason := actuacio_lock_reason(stored):
        raise ValidationError(reason, code="locked")
    values.pop("expedient", None)
    apply_values(actuacio, values)
    return _write(
        actuacio,
        by=by,
        stored=stored,
        expected_version=expected_version,
        related_persons=related_persons,
    )
