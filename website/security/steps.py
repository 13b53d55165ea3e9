"""What a professional must still do after their password before working.

Planned once at sign-in (the `user_logged_in` signal) and kept in the session, so
ordinary requests cost no query; a pending step is checked against the database
only while it is pending.

1. VERIFY: they have a TOTP app, so they type its code (every sign-in).
2. ENROL: their roles see personal data and OTP_REQUIRED_FOR_PERSONAL_DATA is on,
   but they have no TOTP app yet.
3. PASSWORD: their password is older than PASSWORD_EXPIRY_DAYS.
"""

from django.conf import settings
from django_otp import user_has_device

from configuration.roles import ROLES_BY_NAME

from .passwords import password_expired

SESSION_KEY = "llar_sign_in_steps"
VERIFY, ENROL, PASSWORD = "verify", "enrol", "password"


def sees_personal_data(user) -> bool:
    """Return whether any of `user`'s roles (groups) sees personal data."""
    if user.is_superuser:
        return True
    names = user.groups.values_list("name", flat=True)
    return any(
        ROLES_BY_NAME[name].sees_personal_data
        for name in names
        if name in ROLES_BY_NAME
    )


def second_factor_required(user) -> bool:
    return settings.OTP_REQUIRED_FOR_PERSONAL_DATA and sees_personal_data(user)


def sign_in_steps(user) -> list[str]:
    """Return the steps `user` has to take after their password, in order."""
    steps = []
    if user_has_device(user, confirmed=True):
        steps.append(VERIFY)
    elif second_factor_required(user):
        steps.append(ENROL)
    if password_expired(user):
        steps.append(PASSWORD)
    return steps


def plan_sign_in_steps(sender, request, user, **kwargs) -> None:
    """Store the steps in the new session (receiver of `user_logged_in`)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = sign_in_steps(user)


def step_done(step: str, request) -> bool:
    if step in (VERIFY, ENROL):
        return request.user.is_verified()
    return not password_expired(request.user)


def pending_step(request) -> str | None:
    """Return the first step still to take, forgetting the ones now done."""
    steps = request.session.get(SESSION_KEY)
    if not steps:
        return None
    while steps and step_done(steps[0], request):
        steps = steps[1:]
        request.session[SESSION_KEY] = steps
    return steps[0] if steps else None
