"""The household of an expedient: its linked persons and its housing (domain.md
§3.2, §3.3.2, §4.6)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.models import RelationshipType
from directory.models import Person
from directory.services import person_save

from ..models import Expedient, Housing, LinkedPerson
from .common import ensure_linked, ensure_open, save_versioned
from .expedients import ActionNotAllowed, open_expedients_of

UNLINK_RIGHT = "casework.delete_linkedperson"

# Housing field → person record field, where the names differ.
PERSON_ADDRESS_FIELD = {
    "municipality": "residence_municipality",
    "province": "residence_province",
}


def _check_relationship(expedient: Expedient, relationship) -> None:
    if relationship is None:
        raise ValidationError(
            {"relationship": _("Choose the relationship to the main person.")}
        )
    usable = RelationshipType.objects.filter(pk=relationship.pk, is_active=True)
    if (
        not usable.filter(area__isnull=True).exists()
        and not usable.filter(area_id=expedient.area_id).exists()
    ):
        raise ValidationError(
            {"relationship": _("Choose a relationship from your area's list.")}
        )


def _check_linkable(expedient: Expedient, person: Person) -> None:
    if person.area_id != expedient.area_id:
        raise ValidationError(_("The person belongs to another area."))
    if person.merged_into_id is not None:
        raise ValidationError(_("This person record was merged into another one."))
    if expedient.links.filter(person=person).exists():
        raise ValidationError(
            _("%(person)s is already linked to this expedient.") % {"person": person}
        )


@transaction.atomic
def person_link(
    *, expedient: Expedient, person: Person, relationship, acting_user
) -> LinkedPerson:
    """Link `person` to the expedient with their relationship to the main person.

    The returned link's `open_elsewhere` lists the person's other open
    expedients of the same module: the screen warns about them (it does not
    refuse: a person may be in several households' expedients).
    """
    ensure_open(expedient)
    _check_linkable(expedient, person)
    _check_relationship(expedient, relationship)
    link = LinkedPerson(expedient=expedient, person=person, relationship=relationship)
    link.full_clean()
    link.save()
    link.open_elsewhere = list(
        open_expedients_of(person=person, module=expedient.module, exclude=expedient)
    )
    return link


def _link_of(expedient: Expedient, person: Person) -> LinkedPerson:
    link = expedient.links.select_for_update().filter(person=person).first()
    if link is None:
        ensure_linked(expedient, [person])  # raises with the person's name
    return link


@transaction.atomic
def main_person_set(
    *, expedient: Expedient, person: Person, acting_user, former_relationship=None
) -> LinkedPerson:
    """Make `person` (already linked) the main person; the former main person
    stays linked with `former_relationship` to the new one."""
    ensure_open(expedient)
    link = _link_of(expedient, person)
    if link.is_main:
        return link
    former = expedient.links.select_for_update().filter(is_main=True).first()
    if former is not None:
        former.is_main, former.relationship = False, former_relationship
        former.save()
    link.is_main, link.relationship = True, None
    link.save()
    return link


@transaction.atomic
def person_unlink(
    *, expedient: Expedient, person: Person, acting_user, new_main: Person | None = None
) -> None:
    """Unlink a person (a coordinator's tool, domain.md §4.6). The main person is
    unlinked only naming another linked person as the new main one."""
    if not acting_user.has_perm(UNLINK_RIGHT):
        raise ActionNotAllowed(_("Only a coordinator may unlink a person."))
    ensure_open(expedient)
    link = _link_of(expedient, person)
    if link.is_main:
        if new_main is None or new_main.pk == person.pk:
            raise ValidationError(
                {
                    "new_main": _(
                        "%(person)s is the main person: choose who becomes the "
                        "main person first."
                    )
                    % {"person": person}
                }
            )
        main_person_set(expedient=expedient, person=new_main, acting_user=acting_user)
        link.refresh_from_db()
    link.delete()


@transaction.atomic
def housing_save(
    *, housing: Housing, acting_user, expected_version: int | None = None
) -> Housing:
    """Save the housing tab; a save after someone else's is refused (EditConflict)."""
    ensure_open(housing.expedient)
    housing.full_clean()
    return save_versioned(
        obj=housing, expected_version=expected_version, acting_user=acting_user
    )


def _copy_address(housing: Housing, person: Person) -> None:
    for name in Housing.ADDRESS_FIELDS:
        setattr(person, PERSON_ADDRESS_FIELD.get(name, name), getattr(housing, name))


@transaction.atomic
def housing_copy_address(
    *, expedient: Expedient, acting_user, persons: Iterable[Person] | None = None
) -> list[Person]:
    """Copy the housing address to the records of the linked persons (all, or the
    ones given), each saved through the directory's own service."""
    ensure_open(expedient)
    housing = (
        Housing.objects.select_related("province", "municipality")
        .filter(expedient=expedient)
        .first()
    )
    if housing is None:
        raise ValidationError(_("Record the housing before copying its address."))
    linked = Person.objects.filter(expedient_links__expedient=expedient)
    if persons is not None:
        persons = list(persons)
        if not persons:
            raise ValidationError(_("Choose at least one person."))
        ensure_linked(expedient, persons)
        linked = linked.filter(pk__in=[person.pk for person in persons])
    copied = []
    for person in linked.order_by("pk"):
        _copy_address(housing, person)
        copied.append(person_save(person=person, acting_user=acting_user))
    return copied
