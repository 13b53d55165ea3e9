"""Recording actuacions and demandes in an expedient (domain.md §3.3.4–3.3.5,
§4.1, §4.7); problemàtiques are in `problems.py`, with the helpers below.

Each item has plain keyword-only functions (`<item>_create`, `<item>_update`,
`<item>_save` for an instance a screen has filled, and for problems
`problem_extend` / `problem_reopen`); no service takes a form: the screens'
adapters in casework/viewsets/saving.py unpack theirs. Edits go through
`save_versioned`, so a save made after someone else's is refused with what
they changed.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from configuration.models import AreaSettings
from configuration.versioning import save_versioned
from directory.models import Person

from ..enums import ActuacioOrigin
from ..models import Actuacio, Demand, Expedient
from .common import (
    UNKNOWN,
    ensure_item_changeable,
    ensure_linked,
    ensure_open,
    item_lock_reason,
    residence_gate,
)

DEFAULT_EDIT_DAYS = AreaSettings._meta.get_field("actuacio_edit_days").default


class BeneficiaryMode(models.TextChoices):
    """Who a demand is for (Hèstia: "Titular", a selection, "Tots")."""

    HOLDER = "holder", gettext_lazy("The main person only")
    SOME = "some", gettext_lazy("Some linked persons")
    ALL = "all", gettext_lazy("All linked persons")


def beneficiaries_for(
    *, expedient: Expedient, mode: str, chosen: Iterable[Person] = ()
) -> list[Person]:
    """Return the persons `mode` names: the main person, `chosen` or all linked."""
    links = expedient.links.select_related("person")
    if mode == BeneficiaryMode.HOLDER:
        return [link.person for link in links if link.is_main]
    if mode == BeneficiaryMode.ALL:
        return [link.person for link in links]
    return list(chosen)


def require_persons(persons: list[Person], field: str) -> None:
    if not persons:
        raise ValidationError({field: _("Choose at least one person.")})


def check_catalogue(expedient: Expedient, **entries) -> None:
    """Catalogue entries must be shared or of the expedient's own area."""
    errors = {
        name: _("Choose an entry of this area's catalogue.")
        for name, entry in entries.items()
        if entry is not None and entry.area_id not in (None, expedient.area_id)
    }
    if errors:
        raise ValidationError(errors)


def apply_values(obj: models.Model, values: dict) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


# --- actuacions ----------------------------------------------------------------------

ACTUACIO_REQUIRED = ("type", "place", "topic", "responsible")


def actuacio_edit_days(area_id: int) -> int:
    """Return how many days after its date an actuació of the area stays editable."""
    days = (
        AreaSettings.objects.filter(area_id=area_id)
        .values_list("actuacio_edit_days", flat=True)
        .first()
    )
    return DEFAULT_EDIT_DAYS if days is None else days


def actuacio_editable_until(on: date, *, edit_days: int) -> date:
    return on + timedelta(days=edit_days)


def actuacio_lock_reason(
    actuacio: Actuacio,
    *,
    edit_days: int | None = None,
    today: date | None = None,
    transferred_at=UNKNOWN,
) -> str:
    """Return why nobody may change `actuacio` now, or "" when it may be changed.

    Automatic actuacions are the system's record of an event; a manual one is
    read-only for everyone (coordinators too) once the area's edit deadline
    after its date has passed (domain.md §2.4, §4.7), nothing in a closed
    expedient is changed, and nothing recorded before an information transfer
    to another sector (`transferred_at`, read from the trail when not given).
    """
    if actuacio.origin == ActuacioOrigin.AUTOMATIC:
        return _(
            "This actuació was written automatically when %(event)s; it cannot "
            "be edited."
        ) % {"event": actuacio.get_event_display().lower()}
    if reason := item_lock_reason(actuacio, transferred_at=transferred_at):
        return reason
    if edit_days is None:
        edit_days = actuacio_edit_days(actuacio.expedient.area_id)
    until = actuacio_editable_until(actuacio.date, edit_days=edit_days)
    if (today or date.today()) > until:
        return _(
            "This actuació is read-only: an actuació can be changed for %(days)s "
            "days after its date, until %(until)s."
        ) % {"days": edit_days, "until": date_format(until, "SHORT_DATE_FORMAT")}
    return ""


def _check_actuacio(actuacio: Actuacio, persons: list[Person], professionals) -> None:
    expedient = actuacio.expedient
    errors = {
        name: _("This field is required for an actuació recorded by hand.")
        for name in ACTUACIO_REQUIRED
        if not getattr(actuacio, name if name == "topic" else f"{name}_id")
    }
    if errors:
        raise ValidationError(errors)
    check_catalogue(expedient, type=actuacio.type, place=actuacio.place)
    staff = [actuacio.responsible, *professionals]
    if any(user.area_id != expedient.area_id for user in staff):
        raise ValidationError(_("Choose professionals of the expedient's area."))
    ensure_within_edit_window(actuacio)
    ensure_linked(expedient, persons)


def ensure_within_edit_window(actuacio: Actuacio) -> None:
    """Refuse recording or moving an actuació to a date past the area's edit
    window (domain.md §4.7)."""
    edit_days = actuacio_edit_days(actuacio.expedient.area_id)
    if actuacio_editable_until(actuacio.date, edit_days=edit_days) < date.today():
        raise ValidationError(
            {
                "date": _(
                    "An actuació can only be recorded or changed within %(days)s "
                    "days of its date."
                )
                % {"days": edit_days}
            }
        )


def _actuacio_write(
    actuacio: Actuacio,
    *,
    acting_user,
    expected_version: int | None,
    related_persons: Iterable[Person] | None,
    attendee_persons: Iterable[Person] | None,
    attendee_professionals: Iterable | None,
) -> Actuacio:
    if actuacio.pk is not None:
        stored = Actuacio.objects.select_related("expedient").get(pk=actuacio.pk)
        if reason := actuacio_lock_reason(stored):
            raise ValidationError(reason, code="locked")
        related_persons = listed_or_current(
            actuacio, "related_persons", related_persons
        )
        attendee_persons = listed_or_current(
            actuacio, "attendee_persons", attendee_persons
        )
        attendee_professionals = listed_or_current(
            actuacio, "attendee_professionals", attendee_professionals
        )
    else:
        actuacio.origin = ActuacioOrigin.MANUAL
        actuacio.created_by = acting_user
    ensure_open(actuacio.expedient)
    related_persons, attendee_persons = list(related_persons), list(attendee_persons)
    attendee_professionals = list(attendee_professionals)
    _check_actuacio(
        actuacio, [*related_persons, *attendee_persons], attendee_professionals
    )
    actuacio.full_clean()
    save_versioned(
        obj=actuacio, expected_version=expected_version, acting_user=acting_user
    )
    actuacio.related_persons.set(related_persons)
    actuacio.attendee_persons.set(attendee_persons)
    actuacio.attendee_professionals.set(attendee_professionals)
    return actuacio


def listed_or_current(
    obj: models.Model, field: str, given: Iterable | None
) -> Iterable:
    return getattr(obj, field).all() if given is None else given


@transaction.atomic
def actuacio_create(
    *,
    expedient: Expedient,
    acting_user,
    related_persons: Iterable[Person] = (),
    attendee_persons: Iterable[Person] = (),
    attendee_professionals: Iterable = (),
    **values,
) -> Actuacio:
    """Record a manual actuació (type, place, topic and responsible required).

    `values` are Actuacio fields: type, place, topic, responsible, date, time,
    hours, text. Persons must be linked to the expedient; professionals must
    be of its area; the expedient must be open.
    """
    actuacio = Actuacio(expedient=expedient, **values)
    return _actuacio_write(
        actuacio,
        acting_user=acting_user,
        expected_version=None,
        related_persons=related_persons,
        attendee_persons=attendee_persons,
        attendee_professionals=attendee_professionals,
    )


@transaction.atomic
def actuacio_update(
    *,
    actuacio: Actuacio,
    acting_user,
    expected_version: int | None = None,
    related_persons: Iterable[Person] | None = None,
    attendee_persons: Iterable[Person] | None = None,
    attendee_professionals: Iterable | None = None,
    **values,
) -> Actuacio:
    """Change a manual actuació still inside its edit window (None: keep a list)."""
    apply_values(actuacio, values)
    return actuacio_save(
        actuacio=actuacio,
        acting_user=acting_user,
        expected_version=expected_version,
        related_persons=related_persons,
        attendee_persons=attendee_persons,
        attendee_professionals=attendee_professionals,
    )


@transaction.atomic
def actuacio_save(
    *,
    actuacio: Actuacio,
    acting_user,
    expected_version: int | None = None,
    related_persons: Iterable[Person] | None = None,
    attendee_persons: Iterable[Person] | None = None,
    attendee_professionals: Iterable | None = None,
) -> Actuacio:
    """Record `actuacio` (unsaved) or save the changes made to it (versioned).

    None keeps a stored actuació's list (a new one starts empty); the rules
    are those of `actuacio_create` and `actuacio_update`.
    """
    new = actuacio.pk is None
    return _actuacio_write(
        actuacio,
        acting_user=acting_user,
        expected_version=expected_version,
        related_persons=() if new and related_persons is None else related_persons,
        attendee_persons=() if new and attendee_persons is None else attendee_persons,
        attendee_professionals=(
            () if new and attendee_professionals is None else attendee_professionals
        ),
    )


# --- demandes ------------------------------------------------------------------------


def _demand_write(
    demand: Demand,
    *,
    acting_user,
    expected_version: int | None,
    beneficiaries: Iterable[Person] | None,
) -> Demand:
    expedient = demand.expedient
    ensure_open(expedient)
    if demand.pk is None:
        demand.created_by = acting_user
    else:
        ensure_item_changeable(demand)
    beneficiaries = list(listed_or_current(demand, "beneficiaries", beneficiaries))
    require_persons(beneficiaries, "beneficiaries")
    check_catalogue(expedient, type=demand.type)
    if demand.actuacio_id and demand.actuacio.expedient_id != expedient.pk:
        raise ValidationError(
            {"actuacio": _("Choose an actuació of the same expedient.")}
        )
    ensure_linked(expedient, beneficiaries)
    residence_gate(expedient=expedient, persons=beneficiaries)
    demand.full_clean()
    save_versioned(
        obj=demand, expected_version=expected_version, acting_user=acting_user
    )
    demand.beneficiaries.set(beneficiaries)
    return demand


@transaction.atomic
def demand_create(
    *,
    expedient: Expedient,
    acting_user,
    beneficiaries: Iterable[Person],
    **values,
) -> Demand:
    """Record a demand (type, date asked, optional related actuació).

    Every beneficiary must be linked and live in the area (the residence gate);
    a demand has no end date and is never closed (domain.md §3.3.5).
    """
    demand = Demand(expedient=expedient, **values)
    return _demand_write(
        demand,
        acting_user=acting_user,
        expected_version=None,
        beneficiaries=beneficiaries,
    )


@transaction.atomic
def demand_update(
    *,
    demand: Demand,
    acting_user,
    expected_version: int | None = None,
    beneficiaries: Iterable[Person] | None = None,
    **values,
) -> Demand:
    """Change a demand (beneficiaries None: keep them)."""
    apply_values(demand, values)
    return demand_save(
        demand=demand,
        acting_user=acting_user,
        expected_version=expected_version,
        beneficiaries=beneficiaries,
    )


@transaction.atomic
def demand_save(
    *,
    demand: Demand,
    acting_user,
    expected_version: int | None = None,
    beneficiaries: Iterable[Person] | None = None,
) -> Demand:
    """Record `demand` (unsaved) or save the changes made to it (versioned);
    beneficiaries None keeps a stored demand's."""
    return _demand_write(
        demand,
        acting_user=acting_user,
        expected_version=expected_version,
        beneficiaries=()
        if demand.pk is None and beneficiaries is None
        else beneficiaries,
    )
