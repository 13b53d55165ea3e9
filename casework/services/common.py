"""Pieces every casework service shares: version checks, the residence gate,
automatic actuacions and the guards on closed expedients (domain.md §4)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from configuration.models import ActuacioType, Sector

from ..enums import ActuacioOrigin, AutomaticEvent
from ..models import Actuacio, Expedient

# The automatic actuació of a registered tràmit is of this type (domain.md §3.3.4):
# the shared official entry of the closed list, code 5 "Tramitació".
TRAMITACIO_CODE = "5"
TRAMITACIO_NAME = "Tramitació"

AUTOMATIC_TOPICS = {
    AutomaticEvent.OPENED: "Obertura de l'expedient",
    AutomaticEvent.CLOSED: "Tancament de l'expedient",
    AutomaticEvent.REOPENED: "Reobertura de l'expedient",
    AutomaticEvent.TRAMIT: "Tramitació",
    AutomaticEvent.RESOURCE_GRANTED: "Recurs concedit",
}


class EditConflict(ValidationError):
    """Someone else saved the row after this form was loaded.

    `changes` lists (field verbose name, value now stored) so the screen can
    show what the other person changed; `row` (model label, pk) and
    `current_version` let the screen offer the form again at the stored
    version, so that a second, deliberate save goes through.
    """

    def __init__(
        self,
        *,
        changes: list[tuple[str, str]],
        changed_by: str = "",
        current_version: int | None = None,
        row: tuple[str, object] | None = None,
    ):
        self.changes = changes
        self.changed_by = changed_by
        self.current_version = current_version
        self.row = row
        message = _(
            "Someone else saved this record while you were editing it; your "
            "changes were not saved. Review what changed and edit it again."
        )
        super().__init__(message, code="conflict")


def _display(obj: models.Model, field: models.Field) -> str:
    if field.many_to_many:
        return ", ".join(str(o) for o in getattr(obj, field.name).all())
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.name)
    return "" if value is None else str(value)


def save_versioned(
    *, obj: models.Model, expected_version: int | None, acting_user
) -> models.Model:
    """Save `obj` only if nobody saved it since `expected_version` was read.

    The update is a compare-and-set on `version` inside the caller's
    transaction, so of two simultaneous saves exactly one wins; the other gets
    `EditConflict` naming the fields whose stored value differs from its form.
    New rows (no pk) are inserted with version 1.
    """
    if hasattr(obj, "updated_by_id"):
        obj.updated_by = acting_user
    if obj.pk is None or obj._state.adding:
        obj.version = 1
        obj.save()
        return obj
    model = type(obj)
    if expected_version is None:
        expected_version = obj.version
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=models.F("version") + 1
    )
    if not updated:
        stored = model._default_manager.get(pk=obj.pk)
        changes = [
            (str(field.verbose_name), _display(stored, field))
            for field in model._meta.concrete_fields
            if field.editable
            and not field.primary_key
            and getattr(stored, field.attname) != getattr(obj, field.attname)
        ]
        raise EditConflict(
            changes=changes,
            changed_by=str(getattr(stored, "updated_by", "") or ""),
            current_version=stored.version,
            row=(model._meta.label, obj.pk),
        )
    obj.version = expected_version + 1
    obj.save()
    return obj


def ensure_open(expedient: Expedient) -> None:
    if not expedient.is_open:
        raise ValidationError(
            _("Expedient %(number)s is closed: nothing in it can be changed.")
            % {"number": expedient.number}
        )


def ensure_linked(expedient: Expedient, persons: Iterable) -> None:
    """Every person must be linked to the expedient."""
    linked = set(expedient.links.values_list("person_id", flat=True))
    strangers = [person for person in persons if person.pk not in linked]
    if strangers:
        raise ValidationError(
            _("%(names)s is not linked to expedient %(number)s.")
            % {
                "names": ", ".join(str(p) for p in strangers),
                "number": expedient.number,
            }
        )


def area_municipality_ids(area_id: int) -> set[int]:
    return set(
        Sector.objects.filter(area_id=area_id).values_list("municipality_id", flat=True)
    )


def residence_gate(*, expedient: Expedient, persons: Iterable) -> None:
    """Demandes, problemàtiques, recursos and tràmits are only for residents.

    Each person must live in one of the area's municipalities (the person
    record's municipality of residence); otherwise only actuacions can be
    recorded (domain.md §4.1). The message names the person and the field.
    """
    municipalities = area_municipality_ids(expedient.area_id)
    problems = []
    for person in persons:
        if person.residence_municipality_id is None:
            problems.append(
                _(
                    "%(person)s has no municipality of residence: fill in "
                    "“municipality of residence” on their person record."
                )
                % {"person": person}
            )
        elif person.residence_municipality_id not in municipalities:
            problems.append(
                _(
                    "%(person)s lives in %(municipality)s, outside this area: "
                    "only actuacions can be recorded for them. If they have moved "
                    "here, correct “municipality of residence” on their person "
                    "record."
                )
                % {"person": person, "municipality": person.residence_municipality}
            )
    if problems:
        raise ValidationError(problems, code="residence")


def tramitacio_type() -> ActuacioType:
    """Return the shared "Tramitació" actuació type, adding it if it is missing.

    The closed list of actuació types is data (seeded by the demo or imported),
    but a tràmit's actuació must always have its type, whatever the catalogue
    holds: an empty or partly imported catalogue gets the official entry here.
    get_or_create survives two tràmits adding it at once (the shared-code
    constraint makes the second insert fail and fetch the first one's row).
    """
    type_, _created = ActuacioType.objects.get_or_create(
        code=TRAMITACIO_CODE,
        area=None,
        defaults={"name": TRAMITACIO_NAME, "sort_order": int(TRAMITACIO_CODE)},
    )
    return type_


def automatic_actuacio(
    *,
    expedient: Expedient,
    event: str,
    acting_user,
    text: str = "",
    on=None,
    persons: Iterable = (),
) -> Actuacio:
    """Write the automatic actuació that records `event` (domain.md §4.2)."""
    type_ = tramitacio_type() if event == AutomaticEvent.TRAMIT else None
    actuacio = Actuacio(
        expedient=expedient,
        origin=ActuacioOrigin.AUTOMATIC,
        event=event,
        type=type_,
        topic=AUTOMATIC_TOPICS[AutomaticEvent(event)],
        text=text,
        responsible=acting_user,
        created_by=acting_user,
        updated_by=acting_user,
    )
    if on is not None:
        actuacio.date = on
    actuacio.save()
    persons = list(persons)
    if persons:
        actuacio.related_persons.set(persons)
    return actuacio
