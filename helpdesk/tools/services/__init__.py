"""The tools' write side: one atomic, audited service per tool (style.md G9)."""

from .common import TOOL_EVENT, ensure_coordinator, log_tool
from .professionals import (
    Holdings,
    holdings,
    professional_holdings_transfer,
    professional_password_reset,
)

__all__ = [
    "TOOL_EVENT",
    "Holdings",
    "ensure_coordinator",
    "holdings",
    "log_tool",
    "professional_holdings_transfer",
    "professional_password_reset",
]
