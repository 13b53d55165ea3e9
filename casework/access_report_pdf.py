"""The person's access report as a PDF (fpdf2, built-in fonts as the other
documents: Catalan and Spanish fit in Latin-1)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from fpdf import FPDF

from directory.models import Person

from .access_report import AccessRow
from .plan_pdf import _latin1, write_table

COLUMNS = (  # (heading, width in mm) on a landscape A4 with 15 mm margins
    (gettext_lazy("When"), 32),
    (gettext_lazy("Professional"), 42),
    (gettext_lazy("Team"), 45),
    (pgettext_lazy("audit", "Record"), 75),
    (gettext_lazy("Event"), 33),
    (gettext_lazy("Reason"), 40),
)


def _when(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _row_texts(row: AccessRow) -> tuple[str, ...]:
    return (
        _when(row.when),
        row.professional,
        row.teams or "—",
        row.record,
        row.event,
        row.reason or "—",
    )


def render_access_report(*, person: Person, rows: list[AccessRow], by) -> bytes:
    """Return the report: whose data, who made it and when, one line an entry."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, _latin1(_("Access report")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in (
        _("Person: %(name)s") % {"name": person},
        _("Who consulted or changed this person's data, from the audit trail."),
        _("Made by %(name)s on %(date)s.")
        % {"name": by.get_full_name(), "date": _when(timezone.now())},
    ):
        pdf.multi_cell(0, 5.5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 8)
    write_table(pdf, COLUMNS, (_row_texts(row) for row in rows))
    if not rows:
        pdf.ln(2)
        pdf.cell(0, 6, _latin1(_("The audit trail holds no entry about this person.")))
    return bytes(pdf.output())
