"""Generate a document from one of the area's templates (`casework_document_
generate`, the Documents tab's "Generate a document"): choose the template and
the person, and the PDF (and, for a template to complete, the DOCX) is filed
in the expedient (casework.services.templates).

The expedient is loaded through the scope (404 outside it); whoever may file
documents in it may generate them (the roles' document rights, or a module's
own in its expedients: casework.permissions.user_can_file_document).
Editing the templates is the coordinators' (the catalogue screen of
configuration).
"""

from django import forms
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import Person

from ..permissions import user_can_file_document
from ..services.templates import document_generate, templates_for
from .expedient_actions import ExpedientActionView


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.to_complete:
            return gettext("%(name)s (PDF and editable DOCX)") % {"name": obj.name}
        return obj.name


class GenerateForm(forms.Form):
    template = TemplateChoiceField(
        label=_("Template"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a template.")},
    )
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("The person the document is about: their data fill it."),
        error_messages={"required": _("Choose a person.")},
    )

    def __init__(self, *args, expedient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates_for(expedient)
        self.fields["person"].queryset = Person.objects.filter(
            expedient_links__expedient=expedient
        ).order_by("-expedient_links__is_main", "surname1", "first_name", "pk")
        main = self.fields["person"].queryset.first()
        self.fields["person"].initial = main.pk if main else None  # the main person


class DocumentGenerateView(ExpedientActionView):
    page_title = _("Generate a document")
    submit_label = _("Generate and file")
    form_class = GenerateForm
    tab = "documents"

    def allowed(self) -> bool:
        # The role's document rights, or the module's own in its expedients.
        return self.expedient.is_open and user_can_file_document(
            self.request.user, self.expedient
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expedient": self.expedient}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["form"].fields["template"].queryset.exists():
            context["notice"] = gettext(
                "This area has no document templates yet: a coordinator adds "
                "them under Catalogues, Document templates."
            )
        return context

    def act(self, form) -> str:
        documents = document_generate(
            expedient=self.expedient,
            acting_user=self.request.user,
            **form.cleaned_data,
        )
        if len(documents) > 1:
            message = gettext(
                "“%(title)s” generated and filed in the expedient, with its "
                "editable copy."
            )
        else:
            message = gettext("“%(title)s” generated and filed in the expedient.")
        return message % {"title": documents[0].title}


URLS = [
    path(
        "casework/expedients/<int:pk>/documents/generate/",
        DocumentGenerateView.as_view(),
        name="casework_document_generate",
    ),
]
