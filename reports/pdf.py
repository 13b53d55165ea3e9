"""A produced return as a PDF (fpdf2, built-in fonts, as the plan agreement
and the course certificates are): the variables, then every table, with the
publishable version's hidden figures shown as *."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from casework.plan_pdf import _latin1

from .returns import TOTAL, Produced

HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))


def _number(value) -> str:
    """A count as Catalan reads it (1.250), like the screen."""
    return number_format(value, force_grouping=True)


def _shown(hidden: set, row: str, col: str, value) -> str:
    return "*" if (row, col) in hidden else _number(value)


def return_pdf(
    produced: Produced, area_lines: list[tuple[str, str]], basis: str
) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    criteria = produced.criteria
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, _latin1(str(produced.definition)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    period = _("Period: %(start)s to %(end)s") % {
        "start": criteria.start.strftime("%d/%m/%Y"),
        "end": criteria.end.strftime("%d/%m/%Y"),
    }
    lines = [period, basis]
    if produced.publishable:
        lines.append(_("Publishable version: hidden figures are shown as *."))
    for line in lines:
        pdf.cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if area_lines:
        with pdf.table(col_widths=(60, 150), first_row_as_headings=False) as table:
            for label, value in area_lines:
                table.row([_latin1(label), _latin1(value or "—")])
        pdf.ln(3)
    with pdf.table(
        col_widths=(18, 90, 18, 147), headings_style=HEADINGS, text_align="LEFT"
    ) as table:
        table.row(
            [_("Code"), _("Variable"), _("Value"), _latin1(_("Where it comes from"))]
        )
        for figure in produced.figures:
            value = "*" if figure.value is None else _number(figure.value)
            table.row(
                [figure.code, _latin1(figure.label), value, _latin1(figure.help_text)]
            )
    for produced_table in produced.tables:
        hidden = produced.hidden.get(produced_table.key, set())
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _latin1(produced_table.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        if produced_table.help_text:
            pdf.multi_cell(
                0, 4, _latin1(produced_table.help_text), new_x="LMARGIN", new_y="NEXT"
            )
        cols = produced_table.cols
        with pdf.table(headings_style=HEADINGS) as table:
            table.row(
                [
                    _latin1(produced_table.row_title),
                    *(_latin1(label) for _k, label in cols),
                    _("Total"),
                ]
            )
            for key, label in produced_table.rows:
                table.row(
                    [
                        _latin1(label),
                        *(
                            _shown(hidden, key, col, produced_table.value(key, col))
                            for col, _l in cols
                        ),
                        _shown(hidden, key, TOTAL, produced_table.row_total(key)),
                    ]
                )
            table.row(
                [
                    _("Total"),
                    *(
                        _shown(hidden, TOTAL, col, produced_table.col_total(col))
                        for col, _l in cols
                    ),
                    _shown(hidden, TOTAL, TOTAL, produced_table.total),
                ]
            )
    return bytes(pdf.output())
