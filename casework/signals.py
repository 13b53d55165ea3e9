"""Signals casework sends for the apps above it (architecture.md: nothing
imports helpdesk, so helpdesk listens here).

`break_glass_opened(sender=BreakGlassAccess, access=…, recipients=[users])`
is sent once the break-glass transaction has committed: the recipients are the
expedient's reference professional and the coordinators who share a team with
them (casework.services.break_glass).
"""

from django.dispatch import Signal

break_glass_opened = Signal()
