"""The genogram-only relatives of an expedient (domain.md §3.3.3): added and
removed by whoever may link persons to it, while it is open. Audited by
auditlog (casework.apps registers GenogramRelative)."""

from auditlog.context import set_actor
from auditlog.signals import accessed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Expedient, GenogramRelative
from .common import ensure_linked, ensure_open


@transaction.atomic
def genogram_relative_add(
    *, expedient: Expedient, relative: GenogramRelative, acting_user
) -> GenogramRelative:
    """Add a relative drawn on this expedient's genogram only; they are related
    to one of its linked persons."""
    ensure_open(expedient)
    relative.expedient = expedient
    if relative.person_id is None:
        raise ValidationError({"person": _("Choose the linked person they relate to.")})
    ensure_linked(expedient, [relative.person])
    relative.full_clean()
    relative.save()
    return relative


@transaction.atomic
def genogram_relative_remove(
    *, expedient: Expedient, relative: GenogramRelative, acting_user
) -> None:
    """Remove a genogram-only relative (the audit trail keeps what they were)."""
    ensure_open(expedient)
    if relative.expedient_id != expedient.pk:
        raise ValidationError(_("This relative belongs to another expedient."))
    relative.delete()


def genogram_read(*, expedient: Expedient, acting_user) -> None:
    """Reading the genogram (the tab or an export) is a read of the expedient."""
    with set_actor(acting_user):
        accessed.send(sender=type(expedient), instance=expedient)
