"""What the helpdesk does when other apps tell it something (connected in
HelpdeskConfig.ready): casework's signals arrive after their transaction
committed, so a rolled-back action notifies nobody."""

from django.utils.translation import gettext as _

from casework.tabs import expedient_url

from .enums import NotificationKind
from .handovers.services import handovers_record
from .services import notification_send


def on_break_glass_opened(sender, *, access, recipients, **kwargs):
    """Tell the reference professional and coordinators who opened it and why
    (the reason from the list, never the free text: it may name people)."""
    expedient = access.expedient

    def text():
        return _(
            "%(professional)s opened confidential expedient %(number)s "
            "(reason: %(reason)s)."
        ) % {
            "professional": access.user.get_full_name() or access.user.get_username(),
            "number": expedient.number,
            "reason": access.get_reason_display(),
        }

    notification_send(
        recipients=recipients,
        kind=NotificationKind.BREAK_GLASS,
        text=text,
        link=expedient_url(expedient.pk),
    )


def on_reference_professional_changed(sender, *, changes, acting_user, **kwargs):
    """Write the handover summaries of the expedients that changed hands."""
    handovers_record(changes=changes, acting_user=acting_user)
