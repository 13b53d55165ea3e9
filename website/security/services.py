"""Write-side operations of sign-in security (style.md G9), each audited."""

from auditlog.models import LogEntry
from axes.utils import reset as axes_reset
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from configuration.models import User

from .details import ENROLLED_EVENT, RESET_EVENT, UNLOCK_EVENT

TOTP_DEVICE_NAME = "Llar"


def _audit(*, professional: User, acting_user: User, event: str, **data) -> LogEntry:
    """Record a security change to `professional`'s account in the audit trail."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(professional.pk),
        object_id=professional.pk,
        object_repr=str(professional),
        action=LogEntry.Action.UPDATE,
        actor=acting_user,
        changes={},
        additional_data={"event": event, **data},
    )


@transaction.atomic
def sign_in_unlock(*, professional: User, acting_user: User) -> int:
    """Forget `professional`'s failed sign-ins, unlocking the account at once.

    Returns how many attempt records were cleared (0: it was not locked).
    """
    cleared = axes_reset(username=professional.get_username())
    _audit(
        professional=professional,
        acting_user=acting_user,
        event=UNLOCK_EVENT,
        attempts_cleared=cleared,
    )
    return cleared


@transaction.atomic
def second_factor_reset(*, professional: User, acting_user: User) -> int:
    """Remove `professional`'s authenticator devices (a lost or changed phone).

    Their next sign-in asks for the password only, and then for a new
    enrolment where the second factor is required. Nobody resets their own:
    whoever still signs in with it can enrol a new phone themselves, and a
    stolen session must not be able to drop the second factor. Returns how
    many devices were removed (0: none was set up).
    """
    if professional.pk == acting_user.pk:
        raise ValidationError(
            _("Ask a coordinator or an administrator to reset your own.")
        )
    removed, _detail = TOTPDevice.objects.filter(user=professional).delete()
    _audit(
        professional=professional,
        acting_user=acting_user,
        event=RESET_EVENT,
        devices_removed=removed,
    )
    return removed


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """Return the unconfirmed TOTP device being enrolled, made on the first visit.

    The same secret is shown until it is confirmed, so reloading the page does not
    invalidate a code the professional has already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=TOTP_DEVICE_NAME, confirmed=False
    )


def totp_enrol_confirm(*, device: TOTPDevice, token: str, acting_user: User):
    """Confirm an enrolment with a code from the app; refuse a wrong code.

    The code is checked before the transaction, so a wrong one still counts
    towards django-otp's throttle.
    """
    if device.user_id != acting_user.pk or device.confirmed:
        raise ValidationError(_("This enrolment is no longer valid. Start again."))
    if not device.verify_token(token):
        raise ValidationError(_("The code is not right. Type the current code."))
    with transaction.atomic():
        return _confirm(device=device, acting_user=acting_user)


def _confirm(*, device: TOTPDevice, acting_user: User) -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=acting_user).exclude(pk=device.pk).delete()
    _audit(
        professional=acting_user,
        acting_user=acting_user,
        event=ENROLLED_EVENT,
    )
    return device
