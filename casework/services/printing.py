"""The printed expedient (casework.expedient_pdf): printing is a read of the
whole expedient, so it is written to the audit trail with the sections
printed."""

from auditlog.models import LogEntry
from django.db import transaction

from ..details import EXPEDIENT_PRINT_EVENT
from ..expedient_pdf import Section, render_expedient


@transaction.atomic
def expedient_print(*, expedient, sections: list[Section], acting_user) -> bytes:
    """Return the PDF of `sections` (those `acting_user` may print: the view
    offers no others) and record that they printed it."""
    pdf = render_expedient(expedient=expedient, sections=sections, user=acting_user)
    LogEntry.objects.log_create(
        expedient,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=acting_user,
        changes={},
        additional_data={
            "event": EXPEDIENT_PRINT_EVENT,
            "sections": [section.key for section in sections],
        },
    )
    return pdf
