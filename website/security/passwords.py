"""Password expiry: the date of each change, and whether a password is too old."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from .models import PasswordChange


class PasswordChangeStamp:
    """A password "validator" that validates nothing and records each change.

    Django calls `password_changed()` of every AUTH_PASSWORD_VALIDATORS entry when
    a user with a new password is saved: the account screen, a coordinator
    setting it, the password reset and `changepassword` all pass through here.
    """

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is not None and user.pk is not None:
            PasswordChange.objects.update_or_create(
                user=user, defaults={"changed_at": timezone.now()}
            )

    def get_help_text(self) -> str:
        days = settings.PASSWORD_EXPIRY_DAYS
        if not days:
            return ""
        return ngettext(
            "You will be asked to choose a new password after %(days)d day.",
            "You will be asked to choose a new password after %(days)d days.",
            days,
        ) % {"days": days}


def password_expired(user) -> bool:
    """Return whether `user` must choose a new password before going on.

    A password never changed since this rule arrived counts from the day the
    account was created.
    """
    days = settings.PASSWORD_EXPIRY_DAYS
    if not days or not user.has_usable_password():
        return False
    changed_at = (
        PasswordChange.objects.filter(user=user)
        .values_list("changed_at", flat=True)
        .first()
    ) or user.date_joined
    return changed_at + timedelta(days=days) <= timezone.now()
