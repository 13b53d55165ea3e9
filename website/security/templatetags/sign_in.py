from axes.models import AccessAttempt
from django import template
from django.conf import settings
from django.db.models import Sum

register = template.Library()


@register.simple_tag
def sign_in_failures(professional) -> dict:
    """Return the failed sign-ins django-axes counts for `professional`, and
    whether they reach the lock."""
    total = AccessAttempt.objects.filter(
        username=professional.get_username()
    ).aggregate(total=Sum("failures_since_start"))["total"]
    count = total or 0
    return {"count": count, "locked": count >= settings.AXES_FAILURE_LIMIT}


@register.simple_tag
def second_factor_of(professional):
    """Return the professional's confirmed authenticator device, or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=professional, confirmed=True).first()
