"""Tràmits and resources (recursos) of an expedient (domain.md §3.3.7, §3.3.8, §4.2).

A tràmit writes its "Tramitació" actuació and, when its type pre-assigns a
benefit, a pre-assigned resource; the tràmit's state then drives that
resource's. Granting a resource writes an automatic actuació. Both are only for
residents of the area (the residence gate, §4.1).
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from configuration.enums import ResourceState, TramitState
from configuration.versioning import save_versioned
from directory.models import Person

from ..enums import AutomaticEvent, BeneficiaryRole
from ..models import Expedient, ProblemRecord, Resource, ResourceBeneficiary, Tramit
from .common import (
    automatic_actuacio,
    ensure_item_changeable,
    ensure_linked,
    ensure_open,
    residence_gate,
)

# What the tràmit's state makes of its resource's (domain.md §3.3.8).
TRAMIT_TO_RESOURCE_STATE = {
    TramitState.PROCESSED: ResourceState.PRE_ASSIGNED,
    TramitState.GRANTED: ResourceState.GRANTED,
    TramitState.DENIED: ResourceState.DENIED,
}


def ensure_catalogue_entry(entry, *, expedient: Expedient, label: str) -> None:
    """A catalogue entry must be shared or the expedient area's own, and active."""
    if entry.area_id not in (None, expedient.area_id) or not entry.is_active:
        raise ValidationError(
            _("Choose an active %(what)s of your area's catalogue.") % {"what": label}
        )


def _stamp(item, acting_user) -> None:
    if item.pk is None:
        item.created_by = acting_user
    item.updated_by = acting_user


# --- resources -----------------------------------------------------------------------


def resource_warnings(*, expedient: Expedient) -> list[str]:
    """Reminders (never blocking) shown when a resource is added (domain.md §4.2)."""
    if ProblemRecord.objects.filter(expedient=expedient).exists():
        return []
    return [
        _(
            "No problem is recorded in expedient %(number)s: record the diagnosis "
            "that justifies this resource."
        )
        % {"number": expedient.number}
    ]


def granted_text(resource: Resource) -> str:
    """What the automatic actuació of a grant says: which resource, for whom
    (its holder), the amount and the period when recorded."""
    parts = [str(resource.benefit)]
    if resource.amount is not None:
        parts.append(f"{formats.number_format(resource.amount, 2)} €")
    if resource.starts_on:
        period = formats.date_format(resource.starts_on, "SHORT_DATE_FORMAT")
        if resource.ends_on:
            period += " – " + formats.date_format(resource.ends_on, "SHORT_DATE_FORMAT")
        parts.append(period)
    return " · ".join(parts)


def _resource_state_moved(
    *, resource: Resource, old_state: int | None, acting_user, persons=()
) -> None:
    """Stamp the date of a new state; the first grant writes its actuació.

    The actuació is written once and kept on `granted_actuacio`: a grant that
    was denied (or withdrawn) and is granted again leaves it as it is, with the
    date and persons of the first grant. It is the system's record of an event
    that did happen then; the audit trail and `state_changed_on` tell when the
    resource was granted again, and moving an actuació's date would rewrite
    what the actuacions tab said.
    """
    if old_state == resource.state:
        return
    resource.state_changed_on = date.today()
    if resource.state == ResourceState.GRANTED and resource.granted_actuacio_id is None:
        resource.granted_actuacio = automatic_actuacio(
            expedient=resource.expedient,
            event=AutomaticEvent.RESOURCE_GRANTED,
            acting_user=acting_user,
            subject=resource.benefit.name,
            text=granted_text(resource),
            persons=persons,
        )


def _check_beneficiaries(
    *,
    expedient: Expedient,
    holder: Person,
    others: Iterable[Person],
    already: frozenset[int] = frozenset(),
) -> list[Person]:
    """Everyone must be linked; whoever is new on the resource must be resident."""
    others = [person for person in others if person.pk != holder.pk]
    persons = [holder, *others]
    ensure_linked(expedient, persons)
    residence_gate(
        expedient=expedient, persons=[p for p in persons if p.pk not in already]
    )
    return others


def _set_beneficiaries(resource: Resource, holder: Person, others: list[Person]):
    """Make the resource's rows the holder and `others`, touching only the rows
    that change: each added or removed row is one audit entry, which the
    expedient's history shows as a person added or removed."""
    wanted = {holder.pk: BeneficiaryRole.HOLDER}
    wanted.update(
        (person.pk, BeneficiaryRole.BENEFICIARY)
        for person in others
        if person.pk != holder.pk
    )
    for row in ResourceBeneficiary.objects.filter(resource=resource):
        if wanted.get(row.person_id) == row.role:
            del wanted[row.person_id]
        else:
            row.delete()  # gone, or its role changes: removed, then added anew
    for person_id, role in wanted.items():
        ResourceBeneficiary(resource=resource, person_id=person_id, role=role).save()


@transaction.atomic
def resource_create(
    *,
    resource: Resource,
    holder: Person,
    beneficiaries: Iterable[Person] = (),
    acting_user,
) -> tuple[Resource, list[str]]:
    """Add `resource` (unsaved, fields filled) with its holder and beneficiaries.

    Returns the resource and the reminders the screen shows (no problem recorded).
    """
    expedient = resource.expedient
    ensure_open(expedient)
    ensure_catalogue_entry(resource.benefit, expedient=expedient, label=_("benefit"))
    others = _check_beneficiaries(
        expedient=expedient, holder=holder, others=beneficiaries
    )
    _stamp(resource, acting_user)
    resource.state_changed_on = date.today()
    resource.full_clean()
    _resource_state_moved(
        resource=resource,
        old_state=None,
        acting_user=acting_user,
        persons=[holder, *others],
    )
    save_versioned(obj=resource, expected_version=None, acting_user=acting_user)
    _set_beneficiaries(resource, holder, others)
    return resource, resource_warnings(expedient=expedient)


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    holder: Person,
    beneficiaries: Iterable[Person] = (),
    expected_version: int | None,
    acting_user,
) -> Resource:
    """Save the changes made to `resource` (versioned) and its beneficiaries.

    Refused in a closed expedient and for a resource recorded before an
    information transfer (its state and beneficiaries included).
    """
    expedient = resource.expedient
    ensure_item_changeable(resource)
    stored = Resource.objects.get(pk=resource.pk)
    if stored.benefit_id != resource.benefit_id:
        ensure_catalogue_entry(
            resource.benefit, expedient=expedient, label=_("benefit")
        )
    others = _check_beneficiaries(
        expedient=expedient,
        holder=holder,
        others=beneficiaries,
        already=frozenset(stored.beneficiary_rows.values_list("person_id", flat=True)),
    )
    _stamp(resource, acting_user)
    resource.full_clean()
    _resource_state_moved(
        resource=resource,
        old_state=stored.state,
        acting_user=acting_user,
        persons=[holder, *others],
    )
    save_versioned(
        obj=resource, expected_version=expected_version, acting_user=acting_user
    )
    _set_beneficiaries(resource, holder, others)
    return resource


# --- tràmits -------------------------------------------------------------------------


def _tramit_resource_follow(*, tramit: Tramit, acting_user) -> None:
    """Move the tràmit's resource to the state its own state implies."""
    resource = Resource.objects.filter(tramit=tramit).first()
    if resource is None:
        return
    new_state = TRAMIT_TO_RESOURCE_STATE[TramitState(tramit.state)]
    if resource.state == new_state:
        return
    old_state = resource.state
    resource.state = new_state
    resource.updated_by = acting_user
    _resource_state_moved(
        resource=resource,
        old_state=old_state,
        acting_user=acting_user,
        persons=[
            row.person for row in resource.beneficiary_rows.select_related("person")
        ],
    )
    save_versioned(obj=resource, expected_version=None, acting_user=acting_user)


def _tramit_pre_assign(*, tramit: Tramit, acting_user) -> Resource | None:
    """A tràmit whose type pre-assigns a benefit adds its resource (held by the
    tràmit's holder), pre-assigned or in the state the tràmit's implies."""
    benefit = tramit.type.pre_assigns
    if benefit is None:
        return None
    resource = Resource(
        expedient=tramit.expedient,
        benefit=benefit,
        tramit=tramit,
        state=ResourceState.PRE_ASSIGNED,
        created_by=acting_user,
        updated_by=acting_user,
    )
    save_versioned(obj=resource, expected_version=None, acting_user=acting_user)
    _set_beneficiaries(resource, tramit.holder, [])
    _tramit_resource_follow(tramit=tramit, acting_user=acting_user)
    return resource


def _check_tramit(tramit: Tramit, *, type_changed: bool, holder_changed: bool):
    expedient = tramit.expedient
    ensure_open(expedient)
    if type_changed:
        ensure_catalogue_entry(tramit.type, expedient=expedient, label=_("tràmit type"))
    if holder_changed:
        ensure_linked(expedient, [tramit.holder])
        residence_gate(expedient=expedient, persons=[tramit.holder])
    tramit.full_clean()


@transaction.atomic
def tramit_create(*, tramit: Tramit, acting_user) -> Tramit:
    """Register `tramit` (unsaved, fields filled): its "Tramitació" actuació and,
    when its type pre-assigns a benefit, the pre-assigned resource (§4.2)."""
    _check_tramit(tramit, type_changed=True, holder_changed=True)
    _stamp(tramit, acting_user)
    tramit.actuacio = automatic_actuacio(
        expedient=tramit.expedient,
        event=AutomaticEvent.TRAMIT,
        acting_user=acting_user,
        text=tramit.type.name,
        on=tramit.processed_on,
        persons=[tramit.holder],
    )
    save_versioned(obj=tramit, expected_version=None, acting_user=acting_user)
    _tramit_pre_assign(tramit=tramit, acting_user=acting_user)
    return tramit


@transaction.atomic
def tramit_update(
    *, tramit: Tramit, expected_version: int | None, acting_user
) -> Tramit:
    """Save the changes to `tramit` (versioned); its resource follows its state.

    Refused in a closed expedient and for a tràmit recorded before an
    information transfer (state changes included).
    """
    ensure_item_changeable(tramit)
    stored = Tramit.objects.get(pk=tramit.pk)
    _check_tramit(
        tramit,
        type_changed=stored.type_id != tramit.type_id,
        holder_changed=stored.holder_id != tramit.holder_id,
    )
    _stamp(tramit, acting_user)
    save_versioned(
        obj=tramit, expected_version=expected_version, acting_user=acting_user
    )
    if not Resource.objects.filter(tramit=tramit).exists():
        _tramit_pre_assign(tramit=tramit, acting_user=acting_user)
    else:
        _tramit_resource_follow(tramit=tramit, acting_user=acting_user)
    return tramit


@transaction.atomic
def tramit_set_state(
    *, tramit: Tramit, state: int, acting_user, expected_version: int | None = None
) -> Tramit:
    """Move `tramit` to `state` (processed, granted, denied) and its resource along."""
    tramit.state = state
    return tramit_update(
        tramit=tramit, expected_version=expected_version, acting_user=acting_user
    )
