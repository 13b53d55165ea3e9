"""Write-side rules of the alerts (style.md G9): preferences, dismissals and the
periodic refresh that tells professionals about new alerts."""

from collections.abc import Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from configuration.models import User

from ..enums import NotificationKind
from ..models.alerts import AlertDismissal, AlertPreference, AlertSnapshot
from ..services import notification_send
from .kinds import DISMISSABLE_KINDS
from .queries import ALERT_TYPES, alert_scope, alert_types_for
from .selectors import alert_ids, enabled_kinds

DISMISS_EVENT = "alert_dismissed"


class AlertNotFound(ObjectDoesNotExist):
    """The alert is not among the user's current alerts (views answer 404)."""


@transaction.atomic
def alert_preferences_save(*, acting_user, enabled: Iterable[str]) -> AlertPreference:
    """Keep the alert types `acting_user` wants; every other kind they get is
    switched off (a kind they may not get is unknown to them)."""
    enabled = set(enabled)
    kinds = [t.kind for t in alert_types_for(acting_user)]
    if enabled - set(kinds):
        raise ValidationError(_("Unknown alert type."))
    preference, _created = AlertPreference.objects.get_or_create(user=acting_user)
    preference.disabled_kinds = [k for k in kinds if k not in enabled]
    preference.save(update_fields=["disabled_kinds", "updated_at"])
    return preference


@transaction.atomic
def alert_dismiss(*, kind: str, object_id: int, acting_user) -> AlertDismissal:
    """Dismiss one alert for good, for everyone (domain.md §4.8), audited on the
    row it is about. Only a current alert of the user's can be dismissed."""
    if kind not in DISMISSABLE_KINDS:
        raise ValidationError(_("This kind of alert cannot be dismissed."))
    row = ALERT_TYPES[kind].rows(alert_scope(acting_user)).filter(pk=object_id).first()
    if row is None:
        raise AlertNotFound
    dismissal, _created = AlertDismissal.objects.get_or_create(
        kind=kind, object_id=row.pk, defaults={"user": acting_user}
    )
    LogEntry.objects.log_create(
        row,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={},
        actor=acting_user,
        additional_data={"event": DISMISS_EVENT, "kind": kind},
    )
    return dismissal


# --- the periodic refresh ------------------------------------------------------------


@dataclass
class RefreshResult:
    professionals: int = 0
    notified: int = 0
    new_alerts: int = 0


def _new_alerts_text(new: dict[str, int]):
    def text():
        kinds = ", ".join(
            f"{ALERT_TYPES[kind].label} ({count})" for kind, count in new.items()
        )
        return _("New alerts: %(kinds)s.") % {"kinds": kinds}

    return text


@transaction.atomic
def alerts_refresh(*, user, now=None) -> dict[str, int]:
    """Count `user`'s alerts of the kinds they want, remember them, and notify
    the ones not found on the previous refresh. Returns the new ones per kind."""
    now = now or timezone.now()
    kinds = enabled_kinds(user)
    scope = alert_scope(user, today=timezone.localdate(now))
    previous = dict(
        AlertSnapshot.objects.filter(user=user, kind__in=kinds).values_list(
            "kind", "object_ids"
        )
    )
    new = {}
    for kind in kinds:
        current, before = alert_ids(scope, kind), set(previous.get(kind, ()))
        if current - before:
            new[kind] = len(current - before)
        if current != before:  # nothing to write when nothing changed
            AlertSnapshot.objects.update_or_create(
                user=user,
                kind=kind,
                defaults={"object_ids": sorted(current), "refreshed_at": now},
            )
    if new:
        link = reverse("helpdesk_alerts:list", args=[next(iter(new))])
        notification_send(
            recipients=[user],
            kind=NotificationKind.NEW_ALERTS,
            text=_new_alerts_text(new),
            link=link if len(new) == 1 else reverse("wagtailadmin_home"),
        )
    return new


def alerts_refresh_all(*, now=None) -> RefreshResult:
    """Refresh every active professional of an area (the `refresh_alerts` command)."""
    result = RefreshResult()
    professionals = User.objects.filter(is_active=True, area__isnull=False)
    for user in professionals.order_by("pk").iterator():
        new = alerts_refresh(user=user, now=now)
        result.professionals += 1
        if new:
            result.notified += 1
            result.new_alerts += sum(new.values())
    return result
