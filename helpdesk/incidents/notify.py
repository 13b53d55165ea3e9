"""Telling the other side of an incident: a home notice now, an e-mail after commit.

Neither carries the subject or the text (they may name people): only the
incident's number, what happened and the link to the thread.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..enums import IncidentSide, IncidentState, NotificationKind
from ..services import _language_of, notification_send

logger = logging.getLogger(__name__)


def support_agents():
    """Active holders of the queue permission through their roles or directly."""
    app_label, codename = "helpdesk", "work_incident_queue"
    perm = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return get_user_model().objects.filter(perm, is_active=True).distinct()


def _recipients(incident, message) -> list:
    if message.side == IncidentSide.SUPPORT:
        return [incident.author] if incident.author.is_active else []
    assignee = incident.assigned_to
    if assignee is not None and assignee.is_active:
        return [assignee]
    return list(support_agents().exclude(pk=message.author_id))


def _what(message) -> str:
    if message.state_to == IncidentState.RESOLVED:
        return _("it has been resolved")
    if message.state_to == IncidentState.CLOSED:
        return _("it has been closed")
    if message.state_from == "" and message.state_to == IncidentState.OPEN:
        return _("a new incident has been opened")
    if message.side == IncidentSide.SUPPORT:
        return _("the support desk has answered")
    return _("the professional has replied")


def _mail_after_commit(recipients, *, subject, text, path: str) -> None:
    """Queue one e-mail per recipient, each in their own admin language."""
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    for recipient in recipients:
        if not recipient.email:
            continue
        with translation.override(_language_of(recipient)):
            mail = (str(subject()), f"{text()}\n\n{url}")
        transaction.on_commit(lambda r=recipient, m=mail: _send(r, *m))


def _send(recipient, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [recipient.email])
    except Exception:  # the step is committed; a mail server failure is only logged
        logger.exception("Support incident e-mail not sent")


def _tell(recipients, *, incident, kind: str, text) -> None:
    path = reverse("helpdesk_incidents:detail", args=[incident.pk])
    notification_send(recipients=recipients, kind=kind, text=text, link=path)
    _mail_after_commit(
        recipients,
        subject=lambda: _("Support incident #%(number)s") % {"number": incident.pk},
        text=text,
        path=path,
    )


def notify_other_side(*, incident, message) -> None:
    """Tell the author what support did, or support what the author did."""
    kind = (
        NotificationKind.INCIDENT_REPLY
        if message.text or message.attachment
        else NotificationKind.INCIDENT_STATE
    )

    def text():
        return _("Support incident #%(number)s: %(what)s.") % {
            "number": incident.pk,
            "what": _what(message),
        }

    _tell(_recipients(incident, message), incident=incident, kind=kind, text=text)


def notify_assignee(*, incident) -> None:
    def text():
        return _("Support incident #%(number)s has been assigned to you.") % {
            "number": incident.pk
        }

    _tell(
        [incident.assigned_to],
        incident=incident,
        kind=NotificationKind.INCIDENT_STATE,
        text=text,
    )
