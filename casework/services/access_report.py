"""The person's access report (casework.access_report): making it is itself a
read of the person's data, so it is written to the audit trail."""

from auditlog.models import LogEntry
from django.db import transaction

from directory.models import Person

from ..access_report import person_access_rows
from ..access_report_pdf import render_access_report
from ..details import ACCESS_REPORT_EVENT


@transaction.atomic
def access_report_make(*, person: Person, acting_user) -> bytes:
    """Return the PDF and record that `acting_user` made it."""
    rows = person_access_rows(person)
    pdf = render_access_report(person=person, rows=rows, by=acting_user)
    LogEntry.objects.log_create(
        person,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=acting_user,
        changes={},
        additional_data={"event": ACCESS_REPORT_EVENT, "rows": len(rows)},
    )
    return pdf
