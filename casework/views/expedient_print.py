"""Print the expedient (`casework_expedient_print`): a form with a checkbox
for each section the user may print (all checked), answered with the PDF.

The expedient is loaded through the scope (404 outside it, confidential ones
by their rule); the sections offered are the tabs the screen shows the user
(casework.expedient_pdf.printable_sections), so a section the role may not
see is neither offered nor accepted."""

from django import forms
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import HeaderButton

from ..expedient_pdf import printable_sections
from ..services.printing import expedient_print
from .expedient_actions import ExpedientActionView


class PrintForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one section.")},
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["sections"]
        field.choices = [(section.key, section.label) for section in sections]
        field.initial = [section.key for section in sections]


class ExpedientPrintView(ExpedientActionView):
    page_title = _("Print the expedient")
    submit_label = _("Print (PDF)")
    form_class = PrintForm

    def allowed(self) -> bool:
        return True  # whoever sees the expedient prints what they see of it

    def get_form_kwargs(self):
        self.sections = printable_sections(self.request.user, self.expedient)
        return {**super().get_form_kwargs(), "sections": self.sections}

    def form_valid(self, form):
        chosen = set(form.cleaned_data["sections"])
        pdf = expedient_print(
            expedient=self.expedient,
            sections=[section for section in self.sections if section.key in chosen],
            acting_user=self.request.user,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"expedient-{self.expedient.number}.pdf".replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def print_button(*, expedient, user) -> HeaderButton:
    return HeaderButton(
        _("Print the expedient"),
        url=reverse("casework_expedient_print", args=[expedient.pk]),
        icon_name="doc-full",
    )


URLS = [
    path(
        "casework/expedients/<int:pk>/print/",
        ExpedientPrintView.as_view(),
        name="casework_expedient_print",
    ),
]
