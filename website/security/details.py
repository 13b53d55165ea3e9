"""The Registres' sentences for the security changes to an account
(configuration/audit/details.py): an unlock, a reset of two-step verification
and an enrolment. Each entry is about the professional's account (`record`)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

UNLOCK_EVENT = "sign_in_unlock"
RESET_EVENT = "second_factor_reset"
ENROLLED_EVENT = "second_factor_enrolled"


def unlock_sentence(data: dict, record: str) -> str:
    if data.get("attempts_cleared", 1):
        return _("Unlocked the sign-in of %(record)s.") % {"record": record}
    return _("Asked to unlock the sign-in of %(record)s, which was not locked.") % {
        "record": record
    }


def reset_sentence(data: dict, record: str) -> str:
    removed = data.get("devices_removed", 1)
    if not removed:
        return _(
            "Reset the two-step verification of %(record)s, who had none set up."
        ) % {"record": record}
    return ngettext(
        "Reset the two-step verification of %(record)s "
        "(%(count)s authenticator app removed).",
        "Reset the two-step verification of %(record)s "
        "(%(count)s authenticator apps removed).",
        removed,
    ) % {"record": record, "count": removed}


def enrolled_sentence(data: dict, record: str) -> str:
    return _("Turned on two-step verification with an authenticator app.")


def register() -> None:
    from configuration.audit.details import register_audit_sentence

    register_audit_sentence(UNLOCK_EVENT, unlock_sentence)
    register_audit_sentence(RESET_EVENT, reset_sentence)
    register_audit_sentence(ENROLLED_EVENT, enrolled_sentence)
