"""Write-side rules of the helpdesk (style.md G9)."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification


def _language_of(user) -> str:
    """The recipient's chosen admin language, else the site's (not the sender's)."""
    from wagtail.users.models import UserProfile

    chosen = (
        UserProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return chosen or settings.LANGUAGE_CODE


@transaction.atomic
def notification_send(*, recipients: Iterable, kind: str, text, link: str = ""):
    """One notice per recipient, its text in the recipient's admin language.

    `text` is a callable returning the (translated) text, called once per
    recipient with their language active.
    """
    notices = []
    for recipient in recipients:
        with translation.override(_language_of(recipient)):
            notices.append(
                Notification(
                    recipient=recipient, kind=kind, text=str(text()), link=link
                )
            )
    return Notification.objects.bulk_create(notices)


@transaction.atomic
def notification_mark_read(*, notification: Notification, acting_user) -> Notification:
    if notification.recipient_id != acting_user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
