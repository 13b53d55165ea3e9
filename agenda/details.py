"""The Registres' sentence for the agenda's own entry (configuration/audit/
details.py): a booking a coordinator confirmed despite its clashes."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .services.clashes import OVERLAP, OVERRIDE_EVENT


def override_sentence(data: dict, record: str) -> str:
    clashes = data.get("clashes") or []
    if not isinstance(clashes, list) or not clashes:
        return _("Booked despite a clash, confirmed by a coordinator.")
    kinds = [c.get("kind") for c in clashes if isinstance(c, dict)]
    overlaps = kinds.count(OVERLAP)
    others = len(clashes) - overlaps
    parts = []
    if overlaps:
        parts.append(
            ngettext(
                "%(count)s overlapping appointment",
                "%(count)s overlapping appointments",
                overlaps,
            )
            % {"count": overlaps}
        )
    if others:
        parts.append(
            ngettext(
                "%(count)s time outside the working timetable",
                "%(count)s times outside the working timetable",
                others,
            )
            % {"count": others}
        )
    return ngettext(
        "Booked despite a clash, confirmed by a coordinator: %(clashes)s.",
        "Booked despite clashes, confirmed by a coordinator: %(clashes)s.",
        len(clashes),
    ) % {"clashes": ", ".join(parts)}


def register() -> None:
    from configuration.audit.details import register_audit_sentence

    register_audit_sentence(OVERRIDE_EVENT, override_sentence)
