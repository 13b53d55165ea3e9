"""Write side of the handovers (style.md G9): record them when casework says
the reference professional changed, and let the receiver acknowledge them.

Decisions (issue #7):
- Only a real change makes a handover: casework announces nothing when the
  professional stays the same, nor when an expedient is opened.
- Closed expedients get none (the transfer tool may move them): nothing in
  them is pending, and their history records the change.
- Someone who makes themselves the reference professional still gets the
  handover, as a summary of what they take on, but no home notice: they know.
- A change announced after a later one (two commits racing) writes nothing:
  the expedient's current reference professional got their own handover.
"""

from collections import defaultdict

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casework.history import HANDOVER_EVENT  # the entry its History shows
from casework.models import Expedient
from casework.services.expedients import ActionNotAllowed
from casework.signals import ReferenceChange
from configuration.models import User

from ..enums import NotificationKind
from ..models import Handover
from ..services import notification_send
from .summary import summary_snapshots


def _still_current(changes: list[ReferenceChange]):
    """Lock the changed expedients; keep the changes of the open ones whose
    reference professional is still the receiver (the last change of each),
    and their numbers by expedient id."""
    latest = {change.expedient_id: change for change in changes}
    locked = (
        Expedient.objects.select_for_update()
        .open()
        .filter(pk__in=list(latest))
        .order_by("pk")
        .values_list("pk", "reference_professional_id", "number")
    )
    kept = [
        (latest[pk], number)
        for pk, reference, number in locked
        if latest[pk].to_professional_id == reference
    ]
    return [c for c, _n in kept], {c.expedient_id: n for c, n in kept}


def _handovers_to(receiver, changes: list[ReferenceChange], acting_user):
    snapshots = summary_snapshots(
        receiver=receiver, expedient_ids=[c.expedient_id for c in changes]
    )
    return [
        Handover(
            expedient_id=change.expedient_id,
            from_professional_id=change.from_professional_id,
            to_professional=receiver,
            changed_by=acting_user,
            summary=snapshots[change.expedient_id],
        )
        for change in changes
    ]


def _notice_text(professional: str, count: int, number: str) -> str:
    if count == 1:
        return _(
            "%(professional)s made you the reference professional of "
            "expedient %(number)s: read its handover summary."
        ) % {"professional": professional, "number": number}
    return ngettext(
        "%(professional)s made you the reference professional of "
        "%(count)d expedient: read its handover summary.",
        "%(professional)s made you the reference professional of "
        "%(count)d expedients: read their handover summaries.",
        count,
    ) % {"professional": professional, "count": count}


def _notify(handovers: list[Handover], numbers: dict[int, str], acting_user) -> None:
    """One notice per receiver: the handover itself, or the list when the
    transfer tool handed over several at once."""
    by_receiver = defaultdict(list)
    for handover in handovers:
        if handover.to_professional_id != acting_user.pk:
            by_receiver[handover.to_professional].append(handover)
    name = acting_user.get_full_name() or acting_user.get_username()
    pending_url = reverse("helpdesk_handovers:index") + "?state=pending"
    for receiver, theirs in by_receiver.items():
        count, first = len(theirs), theirs[0]
        number = numbers[first.expedient_id]
        notification_send(
            recipients=[receiver],
            kind=NotificationKind.HANDOVER,
            text=lambda count=count, number=number: _notice_text(name, count, number),
            link=first.get_absolute_url() if count == 1 else pending_url,
        )


@transaction.atomic
def handovers_record(*, changes: list[ReferenceChange], acting_user) -> list[Handover]:
    """Write the handover of each changed expedient (superseding its open
    one) and tell each receiver; runs after the change has committed. The
    queries are the same for one expedient or a transfer of hundreds."""
    current, numbers = _still_current(changes)
    by_receiver = defaultdict(list)
    for change in current:
        by_receiver[change.to_professional_id].append(change)
    receivers = User.objects.in_bulk(list(by_receiver))
    Handover.objects.filter(
        expedient_id__in=[c.expedient_id for c in current]
    ).pending().update(superseded_at=timezone.now())
    handovers = [
        handover
        for receiver_id, theirs in by_receiver.items()
        for handover in _handovers_to(receivers[receiver_id], theirs, acting_user)
    ]
    created = Handover.objects.bulk_create(handovers)
    _notify(created, numbers, acting_user)
    return created


@transaction.atomic
def handover_acknowledge(*, handover: Handover, acting_user) -> Handover:
    """The receiving professional says they have read the summary. Only they
    may, only while they see the expedient, and only once; a superseded
    handover is replaced by the newer one, which is the one to acknowledge."""
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if locked.to_professional_id != acting_user.pk:
        raise ActionNotAllowed(
            _("Only the receiving professional acknowledges a handover.")
        )
    visible = Expedient.objects.visible_to(acting_user)
    if not visible.filter(pk=locked.expedient_id).exists():
        raise ActionNotAllowed(_("You no longer see this expedient."))
    if locked.acknowledged_at is not None:
        raise ValidationError(_("This handover was already acknowledged."))
    if locked.superseded_at is not None:
        raise ValidationError(
            _("A later change replaced this handover: acknowledge the newer one.")
        )
    locked.acknowledged_at = timezone.now()
    locked.save(update_fields=["acknowledged_at"])
    LogEntry.objects.log_create(
        locked.expedient,
        force_log=True,
        content_type=ContentType.objects.get_for_model(Expedient),
        action=LogEntry.Action.UPDATE,
        actor=acting_user,
        changes={},
        additional_data={
            "event": HANDOVER_EVENT,
            "handover": locked.pk,
            "from_professional": locked.from_professional_id,
            "to_professional": locked.to_professional_id,
            # The name the Registres' sentence gives (helpdesk/details.py).
            "from_name": str(locked.from_professional or ""),
        },
    )
    handover.acknowledged_at = locked.acknowledged_at
    return locked
