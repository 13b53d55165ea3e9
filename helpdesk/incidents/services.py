"""The lifecycle of a support incident (domain.md §6.2; style.md G9).

open -> updated (support answered) -> resolved -> closed. A reply from the
professional takes an updated or resolved incident back to open; a closed one
takes no more messages. Every step writes one thread message, one audit entry
(the action and the states, never the text: it may name people) and, once the
transaction has committed, tells the other side by notice and e-mail.
"""

from urllib.parse import urlsplit

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import IncidentSide, IncidentState
from ..models import Incident, IncidentMessage
from ..models.incidents import WORK_QUEUE
from .notify import notify_assignee, notify_other_side
from .version import PRODUCT_VERSION

S = IncidentState
INCIDENT_EVENT = "incident"
# The states each kind of step may start from.
PROFESSIONAL_REPLY_FROM = (S.OPEN, S.UPDATED, S.RESOLVED)
SUPPORT_REPLY_FROM = (S.OPEN, S.UPDATED)
RESOLVE_FROM = (S.OPEN, S.UPDATED)
PROFESSIONAL_CLOSE_FROM = (S.OPEN, S.UPDATED, S.RESOLVED)
SUPPORT_CLOSE_FROM = (S.RESOLVED,)


class IncidentNotAllowed(PermissionDenied):
    """The acting user is neither the incident's author nor the support desk."""


def screen_path(url: str) -> str:
    """Keep only the path of an admin screen's URL: its query string may carry
    searched names, and a path outside the admin is none of support's business."""
    path = urlsplit(url or "").path
    return path[:300] if path.startswith("/admin/") else ""


def works_queue(user) -> bool:
    return bool(user.is_active and user.has_perm(WORK_QUEUE))


def side_of(user, incident: Incident) -> str:
    """The author speaks for the professional side; the support desk for the other."""
    if incident.author_id == user.pk:
        return IncidentSide.PROFESSIONAL
    if works_queue(user):
        return IncidentSide.SUPPORT
    raise IncidentNotAllowed(_("Only the author and the support desk may do this."))


def _ensure_state(incident: Incident, allowed) -> None:
    if incident.state not in allowed:
        raise ValidationError(
            _("Not possible while the incident is %(state)s.")
            % {"state": incident.get_state_display().lower()}
        )


def _audit(incident: Incident, acting_user, action: str, **data) -> None:
    LogEntry.objects.log_create(
        incident,
        force_log=True,
        action=LogEntry.Action.CREATE if action == "open" else LogEntry.Action.UPDATE,
        changes={},
        actor=acting_user,
        additional_data={"event": INCIDENT_EVENT, "action": action, **data},
    )


def _step(
    incident: Incident,
    *,
    acting_user,
    side: str,
    action: str,
    new_state: str,
    text: str = "",
    attachment=None,
    internal: bool = False,
    old_state: str | None = None,
) -> IncidentMessage:
    """Write one message (changing the state if `new_state` differs), audit it
    and, unless it is an internal note, tell the other side after commit."""
    old_state = incident.state if old_state is None else old_state
    message = IncidentMessage(
        incident=incident,
        author=acting_user,
        side=side,
        text=text.strip(),
        internal=internal,
        state_from=old_state if new_state != old_state else "",
        state_to=new_state if new_state != old_state else "",
        attachment=attachment or "",
    )
    message.full_clean()
    message.save()
    incident.state = new_state
    incident.save(update_fields=["state", "updated_at"])
    _audit(incident, acting_user, action, state=[old_state, new_state])
    if not internal:
        notify_other_side(incident=incident, message=message)
    return message


def _require_content(text: str, attachment) -> None:
    if not (text or "").strip() and not attachment:
        raise ValidationError(_("Write a message or attach a file."))


@transaction.atomic
def incident_open(
    *,
    acting_user,
    category: str,
    subject: str,
    description: str,
    details: dict | None = None,
    screen_url: str = "",
    attachment=None,
) -> Incident:
    """Open an incident from the screen the professional was on."""
    if not acting_user.has_perm("helpdesk.add_incident"):
        raise IncidentNotAllowed(_("Your role may not open support incidents."))
    incident = Incident(
        area_id=acting_user.area_id,
        author=acting_user,
        category=category,
        subject=subject.strip(),
        description=description.strip(),
        details=details or {},
        screen_url=screen_path(screen_url),
        product_version=PRODUCT_VERSION,
    )
    incident.full_clean()
    incident.save()
    _step(
        incident,
        acting_user=acting_user,
        side=IncidentSide.PROFESSIONAL,
        action="open",
        new_state=S.OPEN,
        attachment=attachment,
        old_state="",
    )
    return incident


@transaction.atomic
def incident_reply(
    *, incident: Incident, acting_user, text: str, attachment=None
) -> IncidentMessage:
    """Answer in the thread: support's answer makes it updated, the
    professional's takes it back to open (also from resolved)."""
    side = side_of(acting_user, incident)
    _require_content(text, attachment)
    if side == IncidentSide.PROFESSIONAL:
        _ensure_state(incident, PROFESSIONAL_REPLY_FROM)
        new_state = S.OPEN
    else:
        _ensure_state(incident, SUPPORT_REPLY_FROM)
        new_state = S.UPDATED
    return _step(
        incident,
        acting_user=acting_user,
        side=side,
        action="reply",
        new_state=new_state,
        text=text,
        attachment=attachment,
    )


@transaction.atomic
def incident_resolve(
    *, incident: Incident, acting_user, text: str = ""
) -> IncidentMessage:
    """The support desk marks the request as done."""
    if side_of(acting_user, incident) != IncidentSide.SUPPORT:
        raise IncidentNotAllowed(_("Only the support desk resolves incidents."))
    _ensure_state(incident, RESOLVE_FROM)
    return _step(
        incident,
        acting_user=acting_user,
        side=IncidentSide.SUPPORT,
        action="resolve",
        new_state=S.RESOLVED,
        text=text,
    )


@transaction.atomic
def incident_close(
    *, incident: Incident, acting_user, text: str = ""
) -> IncidentMessage:
    """Archive it: the professional at any time, the support desk once resolved."""
    side = side_of(acting_user, incident)
    allowed = (
        PROFESSIONAL_CLOSE_FROM
        if side == IncidentSide.PROFESSIONAL
        else SUPPORT_CLOSE_FROM
    )
    _ensure_state(incident, allowed)
    return _step(
        incident,
        acting_user=acting_user,
        side=side,
        action="close",
        new_state=S.CLOSED,
        text=text,
    )


@transaction.atomic
def incident_note(
    *, incident: Incident, acting_user, text: str, attachment=None
) -> IncidentMessage:
    """An internal note of the support desk: the professional never sees it."""
    if not works_queue(acting_user):
        raise IncidentNotAllowed(_("Only the support desk writes internal notes."))
    _require_content(text, attachment)
    return _step(
        incident,
        acting_user=acting_user,
        side=IncidentSide.SUPPORT,
        action="note",
        new_state=incident.state,
        text=text,
        attachment=attachment,
        internal=True,
    )


@transaction.atomic
def incident_assign(*, incident: Incident, acting_user, assignee) -> Incident:
    """Give the incident to a support agent (or to nobody)."""
    if not works_queue(acting_user):
        raise IncidentNotAllowed(_("Only the support desk assigns incidents."))
    if assignee is not None and not works_queue(assignee):
        raise ValidationError(_("Assign it to a member of the support desk."))
    old = incident.assigned_to_id
    incident.assigned_to = assignee
    incident.save(update_fields=["assigned_to", "updated_at"])
    _audit(
        incident,
        acting_user,
        "assign",
        assigned_to=[old, assignee.pk if assignee else None],
        assigned_to_name=str(assignee or ""),  # for the Registres' sentence
    )
    if assignee is not None and assignee.pk != acting_user.pk:
        notify_assignee(incident=incident)
    return incident
