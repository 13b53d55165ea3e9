"""Break-glass: opening a confidential expedient one is not named on.

Only a professional who would see the expedient were it not confidential (same
area, a module of their roles, their territory) may open it, and only with a
reason from `BreakGlassReason` and an explanation. The grant lasts
`LLAR_BREAK_GLASS_HOURS` (8 by default); it is written to the audit trail as
an access with the reason, and, once committed, the expedient's reference
professional and their teams' coordinators are told (casework.signals).
"""

from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from configuration.models import User

from ..details import BREAK_GLASS_EVENT
from ..enums import BreakGlassReason
from ..models import BreakGlassAccess, Expedient
from ..permissions import COORDINATION_RIGHT, user_may_break_glass
from ..signals import break_glass_opened
from .expedients import ActionNotAllowed

DEFAULT_HOURS = 8


def break_glass_hours() -> int:
    return int(getattr(settings, "LLAR_BREAK_GLASS_HOURS", DEFAULT_HOURS))


def expedient_watchers(expedient: Expedient) -> list[User]:
    """The reference professional and the active coordinators of their teams."""
    app_label, codename = COORDINATION_RIGHT.split(".")
    right = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
    reference = expedient.reference_professional
    coordinators = (
        User.objects.filter(
            is_active=True,
            area_id=expedient.area_id,
            teams__in=reference.teams.all(),
        )
        .filter(Q(groups__permissions__in=right) | Q(user_permissions__in=right))
        .exclude(pk=reference.pk)
        .distinct()
        .order_by("pk")
    )
    return [reference, *coordinators]


def _check(reason: str, text: str) -> None:
    errors = {}
    if reason not in BreakGlassReason.values:
        errors["reason"] = _("Choose why you need to open this expedient.")
    if not text.strip():
        errors["text"] = _("Explain why you need to open this expedient.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def break_glass_open(
    *, expedient: Expedient, acting_user, reason: str, text: str
) -> BreakGlassAccess:
    """Let `acting_user` open the confidential `expedient` for a while."""
    if not user_may_break_glass(acting_user, expedient.pk):
        raise ActionNotAllowed(_("You cannot open this expedient."))
    _check(reason, text)
    now = timezone.now()
    access = BreakGlassAccess(
        user=acting_user,
        expedient=expedient,
        reason=reason,
        text=text.strip(),
        created_at=now,
        expires_at=now + timedelta(hours=break_glass_hours()),
    )
    access.full_clean()
    access.save()
    LogEntry.objects.log_create(
        expedient,
        force_log=True,
        content_type=ContentType.objects.get_for_model(Expedient),
        action=LogEntry.Action.ACCESS,
        actor=acting_user,
        changes={},
        additional_data={
            "event": BREAK_GLASS_EVENT,
            "reason": reason,
            "text": access.text,
            "expires_at": access.expires_at.isoformat(),
        },
    )
    recipients = [u for u in expedient_watchers(expedient) if u.pk != acting_user.pk]
    transaction.on_commit(
        lambda: break_glass_opened.send(
            sender=BreakGlassAccess, access=access, recipients=recipients
        )
    )
    return access
