"""Write-side rules of the immigration and citizenship module (domain.md §3.6).

Keyword-only, atomic, with the acting professional as `by`. Every write goes
through `save_versioned` (a stale second save is refused with `EditConflict`)
and lands in the audit trail. Refusals are `ActionNotAllowed` for who may act
and `ValidationError` (per field where one is at fault) for what they asked.

- `open_immigration_expedient`: a new immigration expedient of one person;
  `immigration_cover_update`: its process start date and external reference.
- `immigration_actuacio_create` / `immigration_actuacio_update`: its actuacions.
- first-reception training: `immigration_enrol` (own course),
  `immigration_accredit` (external evidence), `immigration_class_record` and
  `immigration_attendance_register` (the 75% rule marks completion),
  `immigration_reception_update` (certificate date, signed application).
"""

from .actuacions import immigration_actuacio_create, immigration_actuacio_update
from .opening import immigration_cover_update, open_immigration_expedient
from .training import (
    attended_hours,
    immigration_accredit,
    immigration_attendance_register,
    immigration_class_record,
    immigration_enrol,
    immigration_reception_update,
)

__all__ = [
    "attended_hours",
    "immigration_accredit",
    "immigration_attendance_register",
    "immigration_class_record",
    "immigration_enrol",
    "immigration_reception_update",
    "immigration_actuacio_create",
    "immigration_actuacio_update",
    "immigration_cover_update",
    "open_immigration_expedient",
]
