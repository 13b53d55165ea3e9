"""The rules of the child and adolescent protection (EAIA) module (domain.md
§3.7): opening and editing the cover, the Evolució periods and the EAIA
actuacions. Keyword-only, atomic, audited (every row written here is in the
audit trail: registration.py), plain data in.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from configuration.models import ActuacioPlace, ActuacioType, Sector, User
from configuration.versioning import save_versioned
from directory.enums import KinshipKind
from directory.models import Kinship, Person

from ...enums import Module
from ...models import Expedient, LinkedPerson
from ...services.common import ensure_item_changeable, ensure_linked, ensure_open
from ...services.expedients import (
    ActionNotAllowed,
    expedient_open,
    expedient_update,
    opening_sector,
)
from ...services.records import (
    apply_values,
    check_catalogue,
    ensure_within_edit_window,
)
from .enums import EaiaPhase
from .models import ChildProtectionCase, EaiaActuacio, EaiaEvolution
from .permissions import (
    ACTUACIO_ADD_RIGHT,
    ACTUACIO_CHANGE_RIGHT,
    EAIA_CHANGE_RIGHT,
    EVOLUTION_ADD_RIGHT,
    EVOLUTION_CHANGE_RIGHT,
    EVOLUTION_DELETE_RIGHT,
    eaia_professionals,
    user_can_open_eaia,
    user_can_work_eaia,
    visible_eaia_cases,
)

# --- common checks ------------------------------------------------------------


def ensure_eaia(expedient: Expedient) -> ChildProtectionCase:
    """The EAIA row of `expedient`; anything else is refused."""
    if expedient.module != Module.EAIA:
        raise ValidationError(
            _("Only a child protection expedient records Evolució and EAIA actuacions.")
        )
    if isinstance(expedient, ChildProtectionCase):
        return expedient
    return ChildProtectionCase.objects.get(pk=expedient.pk)


def ensure_right(by: User, expedient: Expedient, right: str) -> None:
    ensure_eaia(expedient)
    if not user_can_work_eaia(by, expedient, right):
        raise ActionNotAllowed(
            _("Only the EAIA professionals of this expedient may change it.")
        )


def check_professionals(area_id: int, **named: User | None) -> None:
    allowed = eaia_professionals(area_id)
    errors = {
        field: _("Choose an active professional of the area who works EAIA.")
        for field, user in named.items()
        if user is not None and not allowed.filter(pk=user.pk).exists()
    }
    if errors:
        raise ValidationError(errors)


def main_person(expedient: Expedient) -> Person:
    return (
        LinkedPerson.objects.select_related("person")
        .get(expedient=expedient, is_main=True)
        .person
    )


# --- the cover ------------------------------------------------------------------


@transaction.atomic
def open_child_protection_expedient(
    *,
    by: User,
    person: Person,
    sector: Sector | None = None,
    on: date | None = None,
    **cover,
) -> ChildProtectionCase:
    """Open an EAIA expedient with `person` (the child) as its main person.

    Only EAIA technicians and coordinators open one. `cover` holds the cover's
    fields (priority, priority_since, answer_within_six_months, case_origin,
    the DGAIA/SAIA report and synthesis dates and author, subsector, reference
    team and professionals, confidential, external_reference). The sector
    defaults to the one of the child's municipality of residence, the
    reference professional to `by`, who must work EAIA. Its phase is Alta
    until Evolució records its first administrative situation.
    """
    allowed, reason = user_can_open_eaia(by)
    if not allowed:
        raise ActionNotAllowed(reason)
    cover.setdefault("reference_professional", by)
    if not by.is_superuser:
        check_professionals(
            by.area_id,
            reference_professional=cover["reference_professional"],
            co_reference_professional=cover.get("co_reference_professional"),
        )
    sector = opening_sector(person=person, area_id=person.area_id, sector=sector)
    case = ChildProtectionCase(
        area_id=person.area_id if by.is_superuser else by.area_id,
        module=Module.EAIA,
        sector=sector,
        phase=EaiaPhase.REGISTERED,
        **cover,
    )
    return expedient_open(case=case, main_person=person, acting_user=by, on=on)


@transaction.atomic
def child_protection_cover_update(
    *,
    by: User,
    case: ChildProtectionCase,
    expected_version: int | None = None,
    **values,
) -> ChildProtectionCase:
    """Change the cover's fields (`values`); the sector and subsector move only
    by the information transfer, the phase only with Evolució."""
    ensure_right(by, case, EAIA_CHANGE_RIGHT)
    for name in ("phase", "sector", "subsector", "area", "module", "state"):
        if name in values:
            raise ValidationError(_("This field is not changed on the cover."))
    apply_values(case, values)
    return expedient_update(
        case=case, acting_user=by, expected_version=expected_version
    )


# --- Evolució: contiguous periods --------------------------------------------------


def relink_periods(expedient_id: int) -> str:
    """Make each period end the day the next one starts, the latest open-ended,
    and the expedient Obert while it has a period (Alta with none); return the
    phase. Rows whose end changes are saved one by one, so the trail records
    each."""
    rows = list(
        EaiaEvolution.objects.filter(expedient_id=expedient_id).order_by(
            "starts_on", "pk"
        )
    )
    following = [row.starts_on for row in rows[1:]] + [None]
    for row, ends_on in zip(rows, following, strict=False):
        if row.ends_on != ends_on:
            row.ends_on = ends_on
            row.save(update_fields=["ends_on", "updated_at"])
    phase = EaiaPhase.OPEN if rows else EaiaPhase.REGISTERED
    case = ChildProtectionCase.objects.get(pk=expedient_id)
    if case.phase != phase:
        case.phase = phase
        case.save(update_fields=["phase", "updated_at"])
    return phase


def _lock_expedient(expedient: Expedient) -> ChildProtectionCase:
    """Hold the expedient while its periods are re-linked (two inserts at once
    would each see the other's neighbours stale)."""
    case = ChildProtectionCase.objects.select_for_update().get(pk=expedient.pk)
    ensure_open(case)
    return case


def _write_period(period: EaiaEvolution, *, by: User, expected_version) -> str:
    period.administrative_situation = (period.administrative_situation or "").strip()
    for n in (1, 2, 3):
        name = f"other_team_{n}"
        setattr(period, name, getattr(period, name).strip())
    period.full_clean()
    save_versioned(obj=period, expected_version=expected_version, acting_user=by)
    phase = relink_periods(period.expedient_id)
    period.refresh_from_db()
    return phase


@transaction.atomic
def eaia_evolution_add(*, by: User, expedient: Expedient, **values) -> EaiaEvolution:
    """Record a period of the child's situation: `values` are starts_on,
    expedient_type, territoriality, administrative_situation and up to three
    other EAIA teams (other_team_N, other_team_N_role). Its end is the next
    period's start; the period it falls inside now ends the day it starts.
    The first one opens the expedient (Obert)."""
    ensure_right(by, expedient, EVOLUTION_ADD_RIGHT)
    case = _lock_expedient(expedient)
    period = EaiaEvolution(
        expedient=case, person=main_person(case), created_by=by, **values
    )
    phase = _write_period(period, by=by, expected_version=None)
    if isinstance(expedient, ChildProtectionCase):
        expedient.phase = phase  # the caller's copy reads as stored
    return period


@transaction.atomic
def eaia_evolution_update(
    *,
    by: User,
    period: EaiaEvolution,
    expected_version: int | None = None,
    **values,
) -> EaiaEvolution:
    """Change a period; moving its start re-links it and its neighbours."""
    ensure_right(by, period.expedient, EVOLUTION_CHANGE_RIGHT)
    _lock_expedient(period.expedient)
    ensure_item_changeable(period)
    if "ends_on" in values:
        raise ValidationError(
            {"ends_on": _("A period ends the day the next one starts.")}
        )
    apply_values(period, values)
    _write_period(period, by=by, expected_version=expected_version)
    return period


@transaction.atomic
def eaia_evolution_delete(*, by: User, period: EaiaEvolution) -> None:
    """Delete a period: the one before it then runs until the next one."""
    ensure_right(by, period.expedient, EVOLUTION_DELETE_RIGHT)
    _lock_expedient(period.expedient)
    ensure_item_changeable(period)
    expedient_id = period.expedient_id
    period.delete()
    relink_periods(expedient_id)


# --- EAIA actuacions ----------------------------------------------------------------


def sibling_expedients(*, by: User, expedient: Expedient) -> list[ChildProtectionCase]:
    """The open EAIA expedients, other than `expedient`, whose child is a
    sibling of its child (a running kinship typed as siblings, either way) and
    which `by` may record actuacions in, oldest first."""
    child = main_person(expedient)
    today = date.today()
    running = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    siblings = Kinship.objects.filter(running, kind=KinshipKind.SIBLING)
    sibling_ids = set(
        siblings.filter(person=child).values_list("relative_id", flat=True)
    ) | set(siblings.filter(relative=child).values_list("person_id", flat=True))
    sibling_ids.discard(child.pk)
    if not sibling_ids:
        return []
    cases = (
        visible_eaia_cases(by)
        .open()
        .filter(links__is_main=True, links__person_id__in=sibling_ids)
        .exclude(pk=expedient.pk)
        .order_by("pk")
        .distinct()
    )
    return list(cases) if by.has_perm(ACTUACIO_ADD_RIGHT) else []


def _check_actuacio(actuacio: EaiaActuacio) -> None:
    actuacio.topic = (actuacio.topic or "").strip()
    errors = {}
    if not actuacio.topic:
        errors["topic"] = _("Write the topic of the actuació.")
    if actuacio.place_id is None:
        errors["place"] = _("Choose the place of the actuació.")
    if actuacio.type_id is None:
        errors["type"] = _("Choose the type of the actuació.")
    if not actuacio.thematic_scope:
        errors["thematic_scope"] = _("Choose the thematic scope of the actuació.")
    if actuacio.responsible_id is None:
        errors["responsible"] = _("Choose the professional responsible for it.")
    if errors:
        raise ValidationError(errors)
    check_catalogue(actuacio.expedient, place=actuacio.place, type=actuacio.type)
    ensure_within_edit_window(actuacio)


def _save_actuacio(
    actuacio: EaiaActuacio, *, by: User, expected_version, persons: list[Person]
) -> EaiaActuacio:
    ensure_open(actuacio.expedient)
    ensure_linked(actuacio.expedient, persons)
    _check_actuacio(actuacio)
    actuacio.full_clean()
    save_versioned(obj=actuacio, expected_version=expected_version, acting_user=by)
    actuacio.related_persons.set(persons)
    return actuacio


@transaction.atomic
def eaia_actuacio_create(
    *,
    by: User,
    expedient: Expedient,
    topic: str,
    place: ActuacioPlace | None,
    type: ActuacioType | None,  # noqa: A002 (the model's field name)
    thematic_scope: str,
    to_siblings: bool = False,
    related_persons: Iterable[Person] | None = None,
    **values,
) -> EaiaActuacio:
    """Record an EAIA actuació. Place, topic, type and thematic scope are
    required; `values` are date, time, hours, text and responsible (`by`
    unless another). With `to_siblings` the same actuació is written once in
    each sibling's open EAIA expedient (`sibling_expedients`), about that
    sibling, in the same transaction: all of them or none."""
    ensure_right(by, expedient, ACTUACIO_ADD_RIGHT)
    values.setdefault("responsible", by)
    if values["responsible"] is not None and values["responsible"] != by:
        check_professionals(expedient.area_id, responsible=values["responsible"])
    fields = {
        "topic": topic or "",
        "place": place,
        "type": type,
        "thematic_scope": thematic_scope,
        **values,
    }
    persons = list(related_persons or [main_person(expedient)])
    first = EaiaActuacio(expedient=expedient, created_by=by, **fields)
    _save_actuacio(first, by=by, expected_version=None, persons=persons)
    if to_siblings:
        for case in sibling_expedients(by=by, expedient=expedient):
            copy = EaiaActuacio(
                expedient=case, created_by=by, copied_from=first, **fields
            )
            _save_actuacio(
                copy, by=by, expected_version=None, persons=[main_person(case)]
            )
    return first


@transaction.atomic
def eaia_actuacio_update(
    *,
    by: User,
    actuacio: EaiaActuacio,
    expected_version: int | None = None,
    related_persons: Iterable[Person] | None = None,
    **values,
) -> EaiaActuacio:
    """Change one EAIA actuació (its copies in the siblings' expedients are
    theirs to change), within the edit window and before any transfer."""
    ensure_right(by, actuacio.expedient, ACTUACIO_CHANGE_RIGHT)
    ensure_item_changeable(actuacio)
    values.pop("to_siblings", None)
    responsible = values.get("responsible")
    if responsible is not None and responsible.pk != actuacio.responsible_id:
        check_professionals(actuacio.expedient.area_id, responsible=responsible)
    ensure_within_edit_window(actuacio)  # the date it had
    apply_values(actuacio, values)
    persons = list(related_persons or actuacio.related_persons.all())
    return _save_actuacio(
        actuacio, by=by, expected_version=expected_version, persons=persons
    )
