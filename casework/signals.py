"""Signals casework sends for the apps above it (architecture.md: nothing
imports helpdesk, so helpdesk listens here).

`break_glass_opened(sender=BreakGlassAccess, access=…, recipients=[users])`
is sent once the break-glass transaction has committed: the recipients are the
expedient's reference professional and the coordinators who share a team with
them (casework.services.break_glass).

`reference_professional_changed(sender=Expedient, changes=[ReferenceChange],
acting_user=…)` is sent once the transaction that changed the reference
professional of one or more existing expedients has committed: the cover edit
sends one change, the coordinators' transfer of a professional's holdings one
per expedient it moved (casework.services.expedients.reference_changes_announce).
Opening an expedient is not a change; a save that keeps the same professional
sends nothing.
"""

from dataclasses import dataclass

from django.dispatch import Signal

break_glass_opened = Signal()
reference_professional_changed = Signal()


@dataclass(frozen=True)
class ReferenceChange:
    """One expedient whose reference professional went from one to another."""

    expedient_id: int
    from_professional_id: int | None
    to_professional_id: int
