"""The certificate as a one-page PDF (fpdf2, built-in fonts: no files to ship)."""

import unicodedata

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import Certificate


def _latin1(text: str) -> str:
    """Keep what the built-in PDF fonts can draw; spell out the rest without accents.

    Catalan and Spanish fit in Latin-1 as they are; other scripts lose diacritics
    rather than fail.
    """
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        plain = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in plain if ch.encode("latin-1", "ignore"))


def render_certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(11, 110, 79)
    pdf.set_line_width(1.5)
    pdf.rect(12, 12, 273, 186)
    lines = (
        ("Helvetica", "B", 30, _("Certificate of basic knowledge"), 48),
        ("Helvetica", "", 14, _("Llar awards this certificate to"), 72),
        ("Helvetica", "B", 26, certificate.full_name, 88),
        (
            "Helvetica",
            "",
            14,
            _("for passing the certification quiz of the course"),
            108,
        ),
        ("Helvetica", "B", 18, certificate.course_title, 122),
    )
    for family, style, size, text, y in lines:
        pdf.set_font(family, style, size)
        pdf.set_xy(20, y)
        pdf.cell(257, 12, _latin1(str(text)), align="C")
    issued = date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT")
    pdf.set_font("Helvetica", "", 12)
    for y, text in (
        (150, _("Issued on %(date)s") % {"date": issued}),
        (162, _("Verification code: %(code)s") % {"code": certificate.code}),
        (172, _("Check it at %(url)s") % {"url": verify_url}),
    ):
        pdf.set_xy(20, y)
        pdf.cell(257, 8, _latin1(text), align="C")
    return bytes(pdf.output())
