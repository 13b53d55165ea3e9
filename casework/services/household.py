"""The household of an expedient: its linked persons and its housing (domain.md
§3.2, §3.3.2, §4.6)."""

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from configuration.models import RelationshipType, StreetType
from configuration.versioning import save_versioned
from directory.models import Person
from directory.services import person_save

from ..enums import ActuacioOrigin, BeneficiaryRole
from ..models import (
    Actuacio,
    Demand,
    Expedient,
    Housing,
    InterventionPlan,
    LinkedPerson,
    PlanObjective,
    ProblemRecord,
    ResourceBeneficiary,
    Tramit,
)
from ..permissions import UNLINK_RIGHT
from .common import ensure_linked, ensure_open
from .expedients import ActionNotAllowed, open_expedients_of

# Housing field → person record field, where the names differ.
PERSON_ADDRESS_FIELD = {
    "municipality": "residence_municipality",
    "province": "residence_province",
}


# "Persona principal" in the official relationship list (Hèstia's parentiu
# codes): what the main person is (`LinkedPerson.is_main`), never the
# relationship of another linked person to them.
MAIN_PERSON_RELATIONSHIP_CODE = "8"


def relationships_to_the_main_person(user):
    """The relationship types a linked person may have (the drop-down)."""
    return (
        RelationshipType.objects.visible_to(user)
        .active()
        .exclude(code=MAIN_PERSON_RELATIONSHIP_CODE, area__isnull=True)
    )


def _check_relationship(expedient: Expedient, relationship) -> None:
    if relationship is None:
        raise ValidationError(
            {"relationship": _("Choose the relationship to the main person.")}
        )
    if relationship.area_id is None and (
        relationship.code == MAIN_PERSON_RELATIONSHIP_CODE
    ):
        raise ValidationError(
            {"relationship": _("Choose how this person is related to the main person.")}
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
    # Confidential ones the user may not see are not even named.
    link.open_elsewhere = list(
        open_expedients_of(
            person=person, module=expedient.module, exclude=expedient
        ).disclosable_to(acting_user)
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


# What an item naming the person is called in the refusal, in this order.
NAMED_ON = {
    "demand": ngettext_lazy("%(count)d demand", "%(count)d demands", "count"),
    "problem": ngettext_lazy("%(count)d problem", "%(count)d problems", "count"),
    BeneficiaryRole.HOLDER: ngettext_lazy(
        "%(count)d resource (holder)", "%(count)d resources (holder)", "count"
    ),
    BeneficiaryRole.BENEFICIARY: ngettext_lazy(
        "%(count)d resource (beneficiary)",
        "%(count)d resources (beneficiary)",
        "count",
    ),
    "tramit": ngettext_lazy(
        "%(count)d tràmit (holder)", "%(count)d tràmits (holder)", "count"
    ),
    "actuacio": ngettext_lazy("%(count)d actuació", "%(count)d actuacions", "count"),
    "plan": ngettext_lazy(
        "%(count)d intervention plan", "%(count)d intervention plans", "count"
    ),
    "objective": ngettext_lazy(
        "%(count)d plan objective", "%(count)d plan objectives", "count"
    ),
}


def _naming_counts(expedient: Expedient, person: Person) -> Counter:
    """How many of the expedient's items of each kind name `person`.

    Automatic actuacions are left out: they are the system's record of an event
    (the opening one names the first main person) and nobody can edit them; the
    tràmit or resource behind one is counted itself.
    """
    in_actuacio = Q()
    for relation in (Actuacio.related_persons, Actuacio.attendee_persons):
        rows = relation.through.objects.filter(person=person)
        in_actuacio |= Q(pk__in=rows.values("actuacio_id"))
    querysets = {
        "demand": Demand.objects.filter(beneficiaries=person),
        "problem": ProblemRecord.objects.filter(beneficiaries=person),
        "tramit": Tramit.objects.filter(holder=person),
        "actuacio": Actuacio.objects.filter(in_actuacio, origin=ActuacioOrigin.MANUAL),
        "plan": InterventionPlan.objects.filter(affected_persons=person),
    }
    counts = Counter(
        {
            kind: rows.filter(expedient=expedient).count()
            for kind, rows in querysets.items()
        }
    )
    counts["objective"] = PlanObjective.objects.filter(
        plan__expedient=expedient, target_persons=person
    ).count()
    counts.update(
        ResourceBeneficiary.objects.filter(
            resource__expedient=expedient,
            resource__deleted_at__isnull=True,  # a join skips the live manager
            person=person,
        ).values_list("role", flat=True)
    )
    return counts


def person_still_named(*, expedient: Expedient, person: Person) -> str:
    """Say which items of the expedient still name `person` ("" when none).

    A person named on an item must be linked to its expedient, so these block
    unlinking; the message tells the coordinator what to change first.
    """
    counts = _naming_counts(expedient, person)
    items = [
        words % {"count": counts[kind]}
        for kind, words in NAMED_ON.items()
        if counts[kind]
    ]
    if not items:
        return ""
    return _(
        "%(person)s is still named on %(items)s of this expedient: remove them "
        "from those items (or correct the items) before unlinking them."
    ) % {"person": person, "items": ", ".join(items)}


def _check_unlinkable(
    expedient: Expedient, person: Person, *, is_main: bool, new_main
) -> None:
    """The main person needs a successor, and no item may still name the person;
    both problems are reported at once."""
    errors = {}
    if is_main and (new_main is None or new_main.pk == person.pk):
        errors["new_main"] = _(
            "%(person)s is the main person: choose who becomes the main person first."
        ) % {"person": person}
    still_named = person_still_named(expedient=expedient, person=person)
    if still_named:
        errors[NON_FIELD_ERRORS] = still_named
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_unlink(
    *, expedient: Expedient, person: Person, acting_user, new_main: Person | None = None
) -> None:
    """Unlink a person (a coordinator's tool, domain.md §4.6). The main person is
    unlinked only naming another linked person as the new main one, and nobody
    still named on an item of the expedient is unlinked."""
    if not acting_user.has_perm(UNLINK_RIGHT):
        raise ActionNotAllowed(_("Only a coordinator may unlink a person."))
    ensure_open(expedient)
    link = _link_of(expedient, person)
    _check_unlinkable(expedient, person, is_main=link.is_main, new_main=new_main)
    if link.is_main:
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


def _street_type_entry(typed: str) -> StreetType | None:
    """The TipusVia entry the housing's typed street type names (by code or
    name, any case), or None."""
    typed = typed.strip()
    if not typed:
        return None
    return (
        StreetType.objects.filter(Q(code__iexact=typed) | Q(name__iexact=typed))
        .order_by("pk")
        .first()
    )


def _copy_address(
    housing: Housing, person: Person, street_type: StreetType | None
) -> None:
    for name in Housing.ADDRESS_FIELDS:
        if name == "street_type":
            # The person's street type is a catalogue entry; the housing's is
            # typed: the matching entry, else the typed text kept readable.
            person.street_type = street_type
            person.street_type_text = (
                "" if person.street_type else housing.street_type.strip()
            )
            continue
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
    street_type = _street_type_entry(housing.street_type)  # once, not per person
    for person in linked.order_by("pk"):
        _copy_address(housing, person, street_type)
        copied.append(person_save(person=person, acting_user=acting_user))
    return copied
