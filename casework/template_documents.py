"""An area's document template filled for one person of an expedient
(configuration.DocumentTemplate, domain.md §3.3.8, §3.3.10), written as a PDF
(fpdf2, as the other printed documents: casework/plan_pdf.py) and, for a
template the professional completes, as a DOCX (python-docx: Word is what the
areas' offices open and what the Hèstia forms were; the upload check already
knows the format by its content).

Both are written from the same structure (configuration.placeholders.blocks):
headings and paragraphs of plain text, the placeholders already filled. No
text of the template is ever evaluated.
"""

import io

from docx import Document as DocxDocument
from docx.shared import Pt

from configuration.placeholders import blocks

from .plan_pdf import AgreementPDF, _latin1


def render_template_pdf(*, area: str, title: str, text: str) -> bytes:
    """The filled text as an A4 PDF: the area on top, the title, then the
    headings and paragraphs."""
    pdf = AgreementPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "", 9)
    pdf.set_text_color(90)
    pdf.multi_cell(width, 5, _latin1(area), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(width, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for kind, content in blocks(text):
        if kind == "heading":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 7, _latin1(content), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(width, 5.5, _latin1(content), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def render_template_docx(*, area: str, title: str, text: str) -> bytes:
    """The filled text as a DOCX the professional completes in a word
    processor: the same headings and paragraphs as the PDF."""
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.core_properties.title = title
    document.core_properties.author = area
    header = document.sections[0].header.paragraphs[0]
    header.text = area
    document.add_heading(title, level=1)
    for kind, content in blocks(text):
        if kind == "heading":
            document.add_heading(content, level=2)
        else:
            paragraph = document.add_paragraph()
            for number, line in enumerate(content.split("\n")):
                if number:
                    paragraph.add_run().add_break()  # the template's own line breaks
                paragraph.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
