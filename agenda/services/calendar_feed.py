"""The professional's private iCalendar link (agenda/ical.py): made and
revoked by the professional, for their own agenda only."""

import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from casework.services.expedients import ActionNotAllowed

from ..models import CalendarFeed
from ..permissions import KEEP_AGENDA_RIGHT


def token_digest(token: str) -> str:
    """The stored form of a secret: its SHA-256, in hexadecimal."""
    return hashlib.sha256(token.encode()).hexdigest()


def user_can_have_feed(user) -> bool:
    """Only an active professional who keeps an agenda has a link."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.area_id is not None
        and user.has_perm(KEEP_AGENDA_RIGHT)
    )


@transaction.atomic
def calendar_feed_create(*, acting_user) -> str:
    """Make `acting_user` a new secret link, revoking any earlier one, and
    return the secret: it is never shown again (only its digest is kept)."""
    if not user_can_have_feed(acting_user):
        raise ActionNotAllowed(_("Only a professional with an agenda has a link."))
    CalendarFeed.objects.filter(professional=acting_user).delete()
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(
        professional=acting_user, token_hash=token_digest(token)
    )
    return token


@transaction.atomic
def calendar_feed_revoke(*, acting_user) -> bool:
    """Revoke `acting_user`'s link; return whether there was one."""
    deleted, _rows = CalendarFeed.objects.filter(professional=acting_user).delete()
    return bool(deleted)


def feed_owner(token: str):
    """The professional whose link `token` is, if still valid; else None."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=token_digest(token))
        .select_related("professional")
        .first()
    )
    if feed is None or not user_can_have_feed(feed.professional):
        return None
    return feed.professional
