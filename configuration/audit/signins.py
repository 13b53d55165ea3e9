"""Sign-ins, sign-outs and failed sign-ins, in the one audit trail.

Each is an access entry on the professional's account, with the remote address.
A failed attempt stores what was typed as the username (a professional's login,
cut to the username's length), the account it names if there is one, and never
the password. A wrong second-factor code is a failed sign-in of the account
whose password was right (`step`: second_factor). A sign-in counts when it came
through a view: the test client's `force_login` and shell logins are not
someone signing in.
"""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out
from django.contrib.auth.signals import user_login_failed

from .events import SIGN_IN_EVENT, SIGN_IN_FAILED_EVENT, SIGN_OUT_EVENT, user_type_id

USERNAME_LENGTH = 150
SECOND_FACTOR_STEP = "second_factor"


def _through_a_view(request) -> bool:
    return getattr(request, "resolver_match", None) is not None


def _remote_addr(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def log_sign_event(*, user, event: str, request, **data) -> LogEntry:
    """Write one sign-in, sign-out or failed-step entry for `user` (`data`
    joins the event in additional_data)."""
    return LogEntry.objects.create(
        content_type_id=user_type_id(),
        object_pk=str(user.pk),
        object_id=user.pk,
        object_repr=user.get_username(),
        action=LogEntry.Action.ACCESS,
        actor=user,
        changes={},
        remote_addr=_remote_addr(request),
        additional_data={"event": event, **data},
    )


def log_failed_sign_in(*, username: str, request) -> LogEntry:
    """Write one entry for a refused sign-in, on the named account if it exists."""
    typed = str(username or "")[:USERNAME_LENGTH]
    account = (
        get_user_model()._default_manager.filter(username=typed).first()
        if typed
        else None
    )
    return LogEntry.objects.create(
        content_type_id=user_type_id(),
        object_pk=str(account.pk) if account else "",
        object_id=account.pk if account else None,
        object_repr=typed,
        action=LogEntry.Action.ACCESS,
        changes={},
        remote_addr=_remote_addr(request) if request is not None else None,
        additional_data={"event": SIGN_IN_FAILED_EVENT, "username": typed},
    )


def log_failed_second_factor(*, user, request) -> LogEntry:
    """Write one entry for a wrong second-factor code: a failed sign-in of
    `user` (the password was right), shown with the other failed sign-ins."""
    return log_sign_event(
        user=user,
        event=SIGN_IN_FAILED_EVENT,
        request=request,
        username=user.get_username(),
        step=SECOND_FACTOR_STEP,
    )


def on_sign_in(sender, request, user, **kwargs):
    if _through_a_view(request):
        log_sign_event(user=user, event=SIGN_IN_EVENT, request=request)


def on_sign_out(sender, request, user, **kwargs):
    if user is not None and _through_a_view(request):
        log_sign_event(user=user, event=SIGN_OUT_EVENT, request=request)


def on_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD, "")
    log_failed_sign_in(username=username, request=request)


def connect_sign_in_signals() -> None:
    user_logged_in.connect(on_sign_in, dispatch_uid="llar_audit_sign_in")
    user_logged_out.connect(on_sign_out, dispatch_uid="llar_audit_sign_out")
    user_login_failed.connect(on_failed_sign_in, dispatch_uid="llar_audit_failed")
