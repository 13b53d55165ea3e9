"""Write-side rules of the women's service (SIAD) module (domain.md §3.5).

Keyword-only, atomic, with the acting professional as `by`. Every write goes
through `save_versioned` (a stale second save is refused with `EditConflict`)
and lands in the audit trail through the models' registration
(registration.py). Refusals are `ActionNotAllowed` for who may act and
`ValidationError` (with a sentence, per field where one is at fault) for what
they asked.

- `open_womens_service_expedient`: a new SIAD expedient of one woman;
  `siad_cover_update`: its cover (external reference, co-reference
  professional, the area's own fields).
- `siad_actuacio_create` / `siad_actuacio_update`: its actuacions.
- `siad_training_assign` / `siad_training_update`: a training resource of the
  area's catalogue given to the woman; `siad_session_record` /
  `siad_session_update`: each session and whether she attended.
"""

from .actuacions import siad_actuacio_create, siad_actuacio_update
from .opening import open_womens_service_expedient, siad_cover_update
from .training import (
    siad_session_record,
    siad_session_update,
    siad_training_assign,
    siad_training_update,
)

__all__ = [
    "open_womens_service_expedient",
    "siad_actuacio_create",
    "siad_actuacio_update",
    "siad_cover_update",
    "siad_session_record",
    "siad_session_update",
    "siad_training_assign",
    "siad_training_update",
]
