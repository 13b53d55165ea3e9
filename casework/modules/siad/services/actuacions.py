"""Recording a SIAD actuació (domain.md §3.5): the actuació's own fields on
top of the shared ones, with the actuacions' edit window, locks and version
check."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.models import User
from configuration.versioning import save_versioned
from directory.models import Person

from ....models import Expedient
from ....services.common import ensure_linked, ensure_open
from ....services.records import (
    actuacio_lock_reason,
    apply_values,
    check_catalogue,
    ensure_within_edit_window,
)
from ..models import SiadActuacio
from ..permissions import ACTUACIO_ADD_RIGHT, ACTUACIO_CHANGE_RIGHT
from .common import check_professionals, ensure_right, main_person


def _check_entries(actuacio: SiadActuacio, stored: SiadActuacio | None) -> None:
    """Entries are the shared ones or the area's own; an inactive entry may stay
    on an actuació that had it, never be newly chosen."""
    entries = {name: getattr(actuacio, name) for name in SiadActuacio.ENTRY_FIELDS}
    check_catalogue(actuacio.expedient, **entries)
    errors = {
        name: _("This entry is no longer in use: choose another one.")
        for name, entry in entries.items()
        if entry is not None
        and not entry.is_active
        and (stored is None or getattr(stored, f"{name}_id") != entry.pk)
    }
    if errors:
        raise ValidationError(errors)


def _fill_consultation_area(actuacio: SiadActuacio) -> None:
    """A consultation type names its area: fill it in, refuse another one."""
    chosen = actuacio.consultation_type
    if chosen is None:
        return
    if actuacio.consultation_area_id is None:
        actuacio.consultation_area = chosen.consultation_area
    elif chosen.consultation_area_id != actuacio.consultation_area_id:
        raise ValidationError(
            {
                "consultation_type": _(
                    "“%(type)s” is not a consultation type of the area “%(area)s”."
                )
                % {
                    "type": chosen.name,
                    "area": actuacio.consultation_area.name,
                }
            }
        )


def _check_actuacio(actuacio: SiadActuacio, stored: SiadActuacio | None) -> None:
    expedient = actuacio.expedient
    if not (actuacio.topic or "").strip():
        raise ValidationError({"topic": _("Write the topic of the actuació.")})
    actuacio.topic = actuacio.topic.strip()
    if actuacio.responsible_id is None:
        raise ValidationError(
            {"responsible": _("Choose the professional responsible for it.")}
        )
    if stored is None or stored.responsible_id != actuacio.responsible_id:
        check_professionals(expedient.area_id, responsible=actuacio.responsible)
    _fill_consultation_area(actuacio)
    _check_entries(actuacio, stored)
    ensure_within_edit_window(actuacio)


def _actuacio_write(
    actuacio: SiadActuacio,
    *,
    by: User,
    stored: SiadActuacio | None,
    expected_version: int | None,
    related_persons: Iterable[Person] | None,
) -> SiadActuacio:
    expedient = actuacio.expedient
    ensure_open(expedient)
    if related_persons is None:
        related_persons = (
            stored.related_persons.all() if stored else [main_person(expedient)]
        )
    related_persons = list(related_persons)
    ensure_linked(expedient, related_persons)
    _check_actuacio(actuacio, stored)
    actuacio.full_clean()
    save_versioned(obj=actuacio, expected_version=expected_version, acting_user=by)
    actuacio.related_persons.set(related_persons)
    return actuacio


@transaction.atomic
def siad_actuacio_create(
    *,
    by: User,
    expedient: Expedient,
    topic: str,
    related_persons: Iterable[Person] | None = None,
    **values,
) -> SiadActuacio:
    """Record a SIAD actuació in a women's service expedient.

    `values` are its fields: date, time, urgent, hours, channel,
    violence_situation, attending_service, referral_source, consultation_area,
    consultation_type, text and responsible (`by` unless another professional
    of the area who works SIAD is named). The topic is required; a
    consultation type must belong to the consultation area (the area is taken
    from the type when left empty). The actuació concerns the woman unless
    `related_persons` (linked to the expedient) says otherwise.
    """
    ensure_right(
        by,
        expedient,
        ACTUACIO_ADD_RIGHT,
        _("Only the SIAD professionals of this expedient may record its actuacions."),
    )
    values.setdefault("responsible", by)
    actuacio = SiadActuacio(
        expedient=expedient, topic=topic or "", created_by=by, **values
    )
    return _actuacio_write(
        actuacio,
        by=by,
        stored=None,
        expected_version=None,
        related_persons=related_persons,
    )


@transaction.atomic
def siad_actuacio_update(
    *,
    by: User,
    actuacio: SiadActuacio,
    expected_version: int | None = None,
    related_persons: Iterable[Person] | None = None,
    **values,
) -> SiadActuacio:
    """Change a SIAD actuació still inside the area's edit window.

    Refused, as any actuació, once the window after its date has passed, in a
    closed expedient, and for what was recorded before an information transfer;
    a save based on an older version is refused with `EditConflict`.
    `related_persons` None keeps them.
    """
    stored = SiadActuacio.objects.select_related("expedient").get(pk=actuacio.pk)
    ensure_right(
        by,
        stored.expedient,
        ACTUACIO_CHANGE_RIGHT,
        _("Only the SIAD professionals of this expedient may change its actuacions."),
    )
    if reason := actuacio_lock_reason(stored):
        raise ValidationError(reason, code="locked")
    values.pop("expedient", None)  # an actuació moves only with the move tool
    apply_values(actuacio, values)
    return _actuacio_write(
        actuacio,
        by=by,
        stored=stored,
        expected_version=expected_version,
        related_persons=related_persons,
    )
