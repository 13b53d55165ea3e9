"""Write-side rules of casework (style.md G9): keyword-only, atomic, audited."""

from .common import (
    EditConflict,
    automatic_actuacio,
    ensure_linked,
    ensure_open,
    residence_gate,
    save_versioned,
)
from .expedients import expedient_open, next_number, open_expedients_of

__all__ = [
    "EditConflict",
    "automatic_actuacio",
    "ensure_linked",
    "ensure_open",
    "expedient_open",
    "next_number",
    "open_expedients_of",
    "residence_gate",
    "save_versioned",
]
