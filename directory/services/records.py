"""Write-side rules of the directory (style.md G9)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.versioning import save_versioned

from ..enums import KinshipKind, PersonStatus
from ..models import Kinship, Person
from .duplicates import duplicates_refresh


@transaction.atomic
def person_save(
    *, person: Person, acting_user, expected_version: int | None = None
) -> Person:
    """Create or update a person record, stamping who created and changed it.

    Version-checked: a save based on `expected_version` (the form's; by default
    the version `person` was read with) after someone else's is refused with
    `EditConflict` instead of reverting what they saved.
    """
    if person.pk is None:
        person.created_by = acting_user
    person.updated_by = acting_user
    person.full_clean()
    save_versioned(
        obj=person, expected_version=expected_version, acting_user=acting_user
    )
    duplicates_refresh(person=person)
    return person


@transaction.atomic
def person_set_deceased(*, person: Person, acting_user, death_date: date) -> Person:
    """Record èxitus: the date and who recorded it."""
    if person.is_deceased:
        raise ValidationError(_("This person is already recorded as deceased."))
    if death_date > date.today():
        raise ValidationError(_("The date of death cannot be in the future."))
    person.status, person.death_date = PersonStatus.DECEASED, death_date
    person.deceased_set_by = acting_user
    return person_save(person=person, acting_user=acting_user)


@transaction.atomic
def person_recover(*, person: Person, acting_user) -> Person:
    """Reactivate a deceased record ("Recupera") to fix it or record what followed."""
    if not person.is_deceased:
        raise ValidationError(_("This person is active."))
    person.status, person.death_date, person.deceased_set_by = (
        PersonStatus.ACTIVE,
        None,
        None,
    )
    return person_save(person=person, acting_user=acting_user)


@transaction.atomic
def kinship_add(
    *,
    person: Person,
    relative: Person,
    kind: str,
    acting_user,
    starts_on=None,
    ends_on=None,
    notes: str = "",
) -> Kinship:
    """Record a relationship between two records of one area."""
    kinship = Kinship(
        person=person,
        relative=relative,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
    )
    return kinship_save(kinship=kinship, acting_user=acting_user)


@transaction.atomic
def kinship_save(
    *, kinship: Kinship, acting_user, expected_version: int | None = None
) -> Kinship:
    """Save a relationship; "child of" is stored as the reverse "parent of".
    Version-checked like the person record (`save_versioned`)."""
    if kinship.person_id == kinship.relative_id:
        raise ValidationError(_("A person cannot be their own relative."))
    if kinship.person.area_id != kinship.relative.area_id:
        raise ValidationError(_("Both persons must belong to the same area."))
    if kinship.kind == KinshipKind.CHILD:
        kinship.person, kinship.relative = kinship.relative, kinship.person
        kinship.kind = KinshipKind.PARENT
    kinship.full_clean()
    save_versioned(
        obj=kinship, expected_version=expected_version, acting_user=acting_user
    )
    return kinship


@transaction.atomic
def person_record_save(
    *, person: Person, acting_user, expected_version: int | None = None
) -> Person:
    """Save a person record as its screen does: a new one joins the acting
    user's area, with them as reference professional unless another is chosen."""
    if person.pk is None:
        person.area_id = person.area_id or acting_user.area_id
        if not person.reference_professional_id:
            person.reference_professional = acting_user
    return person_save(
        person=person, acting_user=acting_user, expected_version=expected_version
    )


@transaction.atomic
def person_extended_save(*, extended, acting_user, expected_version: int | None = None):
    """Save a person's extended block, stamping who created and changed it
    (version-checked like the person record)."""
    if extended._state.adding:
        extended.created_by = acting_user
    extended.full_clean()
    return save_versioned(
        obj=extended, expected_version=expected_version, acting_user=acting_user
    )
