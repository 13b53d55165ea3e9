"""What every tool service shares: the guard and the summary audit entry."""

from auditlog.models import LogEntry
from django.db import models
from django.utils.translation import gettext as _

from casework.services.expedients import ActionNotAllowed

from ..permissions import user_runs_tools

TOOL_EVENT = "tool"


def ensure_coordinator(acting_user, *, area_id: int) -> None:
    """Only a coordinator of the rows' own area runs a tool on them."""
    if not user_runs_tools(acting_user) or acting_user.area_id != area_id:
        raise ActionNotAllowed(_("Only a coordinator of the area may use this tool."))


def log_tool(*, instance: models.Model, tool: str, acting_user, **data) -> LogEntry:
    """Write the tool's one summary entry about `instance`, beside auditlog's
    entries for each row it changed (what ran, who ran it, the counts)."""
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={},
        actor=acting_user,
        additional_data={"event": TOOL_EVENT, "tool": tool, **data},
    )
