"""The coordinators' tools (domain.md §4.5–4.6, §6.3): fixes a coordinator makes
without asking the support desk.

Each tool previews what it will change, asks for confirmation, runs as one
atomic service function (`services/`) and writes, beside auditlog's entries for
every row it changes, one summary entry (`additional_data["event"] == "tool"`).
Only coordinators see the tools, and only for their own area (404 otherwise).
Screens: `views/`, under /admin/eines/ ("Coordination tools" in the menu).
"""
