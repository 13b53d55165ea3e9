"""The tools' write side: one atomic, audited service per tool (style.md G9)."""

from .common import TOOL_EVENT, ensure_coordinator, log_tool
from .deletion import (
    deleted_items,
    item_lines,
    items_delete,
    items_delete_check,
    items_restore,
    items_restore_check,
    live_items,
)
from .expedients import (
    FAMILY_TRANSFER_TOOL,
    expedient_family_transfer,
    expedient_information_transfer,
    family_links,
    recorded_counts,
)
from .items import ITEM_MODELS, items_check, items_move
from .persons import open_expedient_count, person_reactivate
from .professionals import (
    Holdings,
    holdings,
    professional_holdings_transfer,
    professional_password_reset,
)

__all__ = [
    "open_expedient_count",
    "person_reactivate",
    "ITEM_MODELS",
    "items_check",
    "items_move",
    "deleted_items",
    "item_lines",
    "items_delete",
    "items_delete_check",
    "items_restore",
    "items_restore_check",
    "live_items",
    "FAMILY_TRANSFER_TOOL",
    "expedient_family_transfer",
    "expedient_information_transfer",
    "family_links",
    "recorded_counts",
    "TOOL_EVENT",
    "Holdings",
    "ensure_coordinator",
    "holdings",
    "log_tool",
    "professional_holdings_transfer",
    "professional_password_reset",
]
