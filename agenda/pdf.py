"""The agenda's printed papers (fpdf2, as casework/plan_pdf.py): a reminder
of an appointment to hand the person, and a receipt that they attended.

Each ends with its subsector's own text (configuration: Subsector), or a
default when the appointment has no subsector or the subsector none.
Built-in fonts, Latin-1: Catalan and Spanish fit.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF

from casework.plan_pdf import WIDTH, _latin1

from .models import Appointment

COMPRESS = True  # the tests turn it off to read the text


def _persons(appointment: Appointment, *, attended_only: bool) -> str:
    rows = appointment.attendances.all()
    if attended_only:
        rows = [row for row in rows if row.attended is not False]
    return ", ".join(str(row.person) for row in rows)


def _professionals(appointment: Appointment) -> str:
    return ", ".join(str(p) for p in appointment.professionals.all())


class AgendaPDF(FPDF):
    def title_block(self, area, title: str) -> None:
        self.set_font("Helvetica", "", 10)
        self.para(str(area))
        self.set_font("Helvetica", "B", 16)
        self.multi_cell(WIDTH, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 11)
        self.ln(4)

    def para(self, text: str) -> None:
        self.multi_cell(WIDTH, 6, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def line_item(self, label: str, value: str) -> None:
        self.set_font("Helvetica", "B", 11)
        self.cell(45, 7, _latin1(label))
        self.set_font("Helvetica", "", 11)
        self.multi_cell(
            WIDTH - 45, 7, _latin1(value or "—"), new_x="LMARGIN", new_y="NEXT"
        )


def _when(appointment: Appointment) -> str:
    return _("%(date)s, from %(start)s to %(end)s") % {
        "date": date_format(appointment.date, "DATE_FORMAT"),
        "start": appointment.starts_at.strftime("%H:%M"),
        "end": appointment.ends_at.strftime("%H:%M"),
    }


def _document(appointment: Appointment, title: str, persons: str) -> AgendaPDF:
    pdf = AgendaPDF(format="A4")
    pdf.set_compression(COMPRESS)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    pdf.title_block(appointment.area, title)
    pdf.line_item(_("Person"), persons)
    pdf.line_item(_("Date and time"), _when(appointment))
    pdf.line_item(_("Professional"), _professionals(appointment))
    pdf.line_item(_("Type"), appointment.get_type_display())
    if appointment.place:
        pdf.line_item(_("Place"), str(appointment.place))
    sector = str(appointment.subsector or appointment.sector)
    pdf.line_item(_("Sector"), sector)
    pdf.ln(6)
    return pdf


def render_reminder(appointment: Appointment) -> bytes:
    """The reminder of a pending appointment: who, when, with whom, where."""
    pdf = _document(
        appointment,
        _("Appointment reminder"),
        _persons(appointment, attended_only=False),
    )
    subsector = appointment.subsector
    pdf.para(
        (subsector and subsector.reminder_text)
        or _(
            "Please come a few minutes early and bring your identity document. "
            "If you cannot come, let us know as soon as you can."
        )
    )
    return bytes(pdf.output())


def render_receipt(appointment: Appointment) -> bytes:
    """The receipt that the persons who came attended the appointment."""
    persons = _persons(appointment, attended_only=True)
    came = sum(1 for row in appointment.attendances.all() if row.attended is not False)
    pdf = _document(appointment, _("Attendance receipt"), persons)
    pdf.para(
        ngettext(
            "The social services certify that %(persons)s attended the "
            "appointment described above.",
            "The social services certify that %(persons)s attended the "
            "appointment described above.",
            came,
        )
        % {"persons": persons}
    )
    pdf.ln(2)
    subsector = appointment.subsector
    if subsector and subsector.receipt_text:
        pdf.para(subsector.receipt_text)
    pdf.ln(18)
    pdf.para(_("Signature and stamp"))
    pdf.para(date_format(appointment.date, "DATE_FORMAT"))
    return bytes(pdf.output())
