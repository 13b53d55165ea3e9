"""The agreement document of an intervention plan, as a PDF to sign (fpdf2).

Built-in fonts only (no files to ship), as the course certificates are: Catalan
and Spanish fit in Latin-1; anything else loses its diacritics.
"""

import unicodedata

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import InterventionPlan
from .modules import expedient_title

WIDTH = 180  # printable width of an A4 page with 15 mm margins
SIGNATURE_HEIGHT = 28


# Common signs outside Latin-1, written with the nearest ones inside it.
LATIN1_STANDINS = str.maketrans({"—": "-", "–": "-", "’": "'", "‘": "'", "€": "EUR"})


def _latin1(text) -> str:
    text = str(text).translate(LATIN1_STANDINS)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        plain = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in plain if ch.encode("latin-1", "ignore"))


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def write_table(pdf: FPDF, columns, rows, *, line_height: float = 4.5) -> None:
    """A table with a heading row: `columns` are (heading, width in mm) and
    each of `rows` the texts of one line, in the columns' order."""
    widths = tuple(width for _heading, width in columns)
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=line_height
    ) as table:
        heading = table.row()
        for title, _width in columns:
            heading.cell(_latin1(title))
        for texts in rows:
            cells = table.row()
            for text in texts:
                cells.cell(_latin1(text))


class AgreementPDF(FPDF):
    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("Helvetica", "B", 12)
        self.multi_cell(WIDTH, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 10)

    def para(self, text: str) -> None:
        self.multi_cell(WIDTH, 5.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def signature_box(self, name: str, role: str) -> None:
        if self.get_y() + SIGNATURE_HEIGHT > self.h - self.b_margin:
            self.add_page()
        top = self.get_y()
        self.rect(self.l_margin, top, WIDTH, SIGNATURE_HEIGHT)
        self.set_xy(self.l_margin + 2, top + 2)
        self.cell(WIDTH - 4, 5, _latin1(f"{name} ({role})"))
        self.set_xy(self.l_margin + 2, top + SIGNATURE_HEIGHT - 7)
        self.cell(WIDTH - 4, 5, _latin1(_("Signature and date")))
        self.set_xy(self.l_margin, top + SIGNATURE_HEIGHT + 3)


def agreement_document(area, title: str) -> AgreementPDF:
    """An A4 agreement begun: the area on top, then the document's title."""
    pdf = AgreementPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.para(str(area))
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(WIDTH, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    return pdf


def _objectives(pdf: AgreementPDF, plan: InterventionPlan) -> None:
    pdf.heading(_("Objectives"))
    objectives = list(plan.objectives.prefetch_related("target_persons"))
    if not objectives:
        pdf.para(_("No objectives recorded yet."))
    for number, objective in enumerate(objectives, start=1):
        targets = ", ".join(str(p) for p in objective.target_persons.all())
        lines = [f"{number}. {objective.description}"]
        lines.append(
            _("Type: %(type)s. From %(start)s to %(end)s.")
            % {
                "type": objective.get_type_display(),
                "start": _date(objective.starts_on),
                "end": _date(objective.ends_on),
            }
        )
        if targets:
            lines.append(_("For: %(persons)s") % {"persons": targets})
        pdf.para("\n".join(lines))
        pdf.ln(1)


def render_plan_agreement(plan: InterventionPlan) -> bytes:
    """Return the agreement document: who, what, until when, where to sign."""
    expedient = plan.expedient
    family = expedient_title(expedient)
    pdf = agreement_document(expedient.area, _("Intervention plan agreement"))
    pdf.para(
        _("Expedient %(number)s. Family: %(family)s")
        % {"number": expedient.number, "family": family or "—"}
    )
    pdf.heading(plan.title)
    pdf.para(
        _("Starts on %(start)s; review on %(review)s; expires on %(expiry)s.")
        % {
            "start": _date(plan.starts_on),
            "review": _date(plan.review_on),
            "expiry": _date(plan.expires_on),
        }
    )
    _objectives(pdf, plan)
    pdf.heading(_("Agreements"))
    pdf.para(plan.agreements or "—")
    pdf.heading(_("Signatures"))
    for person in plan.affected_persons.all():
        pdf.signature_box(str(person), _("person affected"))
    for professional in plan.referents.all():
        pdf.signature_box(str(professional), _("referent professional"))
    return bytes(pdf.output())
