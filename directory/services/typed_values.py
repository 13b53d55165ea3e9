"""Typed street types and mother tongues become catalogue entries (issue 17.5).

Before the TipusVia and LlenguaMaterna catalogues, both were free text. The
migration kept that text in `street_type_text` / `mother_tongue_text`; when the
support desk imports a list, every typed value that names one of its entries (by
code or name, whatever the case) is moved onto the entry. Text naming nothing
stays, shown read-only on the record.
"""

from django.db import transaction

from configuration.models import MotherTongue, StreetType

from ..models import Person, PersonExtended

TYPED_FIELDS = {
    StreetType: (Person, "street_type"),
    MotherTongue: (PersonExtended, "mother_tongue"),
}


@transaction.atomic
def typed_values_map(*, catalogue: type) -> int:
    """Move typed values onto `catalogue`'s entries; return how many rows moved.

    A bulk update of records' legacy column, not a person's edit: auditlog sees
    no change of what the record means, only of where it is kept.
    """
    if catalogue not in TYPED_FIELDS:
        return 0
    model, field = TYPED_FIELDS[catalogue]
    entries = {}
    for pk, code, name in catalogue.objects.values_list("pk", "code", "name"):
        entries[code.casefold()] = entries[name.casefold()] = pk
    typed = model._base_manager.exclude(**{f"{field}_text": ""})
    moved = 0
    for value in typed.values_list(f"{field}_text", flat=True).distinct():
        pk = entries.get(value.strip().casefold())
        if pk is not None:
            moved += typed.filter(**{f"{field}_text": value}).update(
                **{f"{field}_id": pk, f"{field}_text": ""}
            )
    return moved


def on_catalogue_imported(sender, **kwargs) -> None:
    typed_values_map(catalogue=sender)
