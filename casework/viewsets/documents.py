"""An expedient's documents (domain.md §3.3.10): the Documents tab, the add,
edit and read screens, the listing with filters, and the download.

A document is filed from its expedient (`?expedient=<pk>`, casework.viewsets.
base); its file is checked by content and size on the form and again by the
service, and kept in the private storage. The file is served only by
`document_download`, to whoever may see the document (its expedient's scope,
confidential ones included: 404 otherwise), as an audited read. The rules
live in casework/services/documents.py.
"""

import django_filters
from django import forms
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column

from configuration.choices import LabelChoiceFilter
from configuration.dates import DateFromToRangeFilter
from configuration.filters import visible_choices
from configuration.models import DocumentKind
from configuration.scope import _scoped, policy_for
from configuration.uploads import DOCUMENT_KINDS, KINDS, validate_document_upload
from configuration.wording import MASCULINE
from directory.models import Person

from .. import services
from ..models import Document
from ..models.documents import DOCUMENT_ITEMS
from ..tabs import ExpedientTab, item_tab_context
from .base import ExpedientItemForm, ItemRightHereMixin
from .record_forms import ExpedientItemFilterSet, active_or_current
from .records import RecordViewSet, checkboxes, names_column

TAB_ROWS = 50
ACCEPT = ",".join(
    f".{extension}" for key in DOCUMENT_KINDS for extension in KINDS[key].extensions
)


class DocumentFileField(forms.FileField):
    """The document's file: the documents' own check (not the record files'
    one that ScopedAdminForm adds to plain file fields)."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("File"),
            validators=[validate_document_upload],
            widget=forms.FileInput(attrs={"accept": ACCEPT}),
            help_text=_("PDF, JPEG, PNG, DOCX or ODT, checked by its content."),
            **kwargs,
        )


def item_choices(expedient) -> list:
    """The expedient's items a document may hang off, grouped by kind."""
    groups = [("", _("None"))]
    querysets = {
        "actuacio": expedient.actuacions.filter(siad__isnull=True),
        "resource": expedient.resources.select_related("benefit"),
        "tramit": expedient.tramits.select_related("type"),
        "plan": expedient.plans.all(),
    }
    for name, _tab in DOCUMENT_ITEMS:
        field = Document._meta.get_field(name)
        rows = [(f"{name}:{row.pk}", str(row)) for row in querysets[name]]
        if rows:
            groups.append((capfirst(str(field.verbose_name)), rows))
    return groups


class DocumentForm(ExpedientItemForm):
    """Title, kind, date, persons (of the linked ones), the item it hangs off,
    and the file (only when it is filed: a file is never replaced)."""

    file = DocumentFileField()
    item = forms.ChoiceField(
        label=_("Item it belongs to"),
        required=False,
        help_text=_("An actuació, resource, tràmit or plan of this expedient."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active_or_current(self, "kind")
        self.fields["persons"].required = False
        if self.instance.pk is not None:
            del self.fields["file"]
        if self.expedient is not None:
            self.fields["item"].choices = item_choices(self.expedient)
        for name, _tab in DOCUMENT_ITEMS:
            pk = getattr(self.instance, f"{name}_id", None)
            if pk:
                self.fields["item"].initial = f"{name}:{pk}"

    def clean(self):
        data = super().clean()
        chosen = data.get("item") or ""
        kind, _sep, pk = chosen.partition(":")
        for name, _tab in DOCUMENT_ITEMS:
            setattr(self.instance, f"{name}_id", int(pk) if name == kind else None)
        return data


def document_save_form(*, form, acting_user):
    return services.document_save(
        document=form.instance,
        acting_user=acting_user,
        expected_version=form.cleaned_data.get("expected_version"),
        persons=form.cleaned_data.get("persons", ()),
    )


class DocumentFilterSet(ExpedientItemFilterSet):
    """Kind, date and, on one expedient's listing, the person concerned; the
    search box looks in the titles."""

    date = DateFromToRangeFilter(label=_("Date"))
    kind = LabelChoiceFilter(label=_("Type"), queryset=visible_choices(DocumentKind))
    person = django_filters.ModelChoiceFilter(
        field_name="persons",
        label=_("Person concerned"),
        queryset=Person.objects.none(),
    )

    class Meta:
        model = Document
        fields: list = []

    def __init__(self, *args, expedient=None, **kwargs):
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        if expedient is None and request is not None:
            pk = request.GET.get("expedient")
            expedient = int(pk) if pk and pk.isdigit() else None
        if expedient is None:
            # Every person of the area would be too long a list: the person
            # filter is offered on one expedient's documents.
            del self.filters["person"]
            return
        self.filters["person"].queryset = Person.objects.filter(
            expedient_links__expedient=expedient
        ).order_by("surname1", "first_name", "pk")


def download_url(document) -> str:
    return reverse("casework_document_download", args=[document.pk])


def download_link(document) -> str:
    return format_html(
        '<a href="{}" download>{}</a>', download_url(document), _("Download")
    )


def item_label(document) -> str:
    item = document.item
    return str(item) if item is not None else "—"


ITEM_RELATED = ("actuacio", "resource__benefit", "tramit__type", "plan", "template")


class DocumentViewSet(RecordViewSet):
    model = Document
    noun_gender = MASCULINE
    icon = "doc-full"
    tab_key = "documents"
    base_form_class = DocumentForm
    create_service = staticmethod(document_save_form)
    edit_service = staticmethod(document_save_form)
    filterset_class = DocumentFilterSet
    search_fields = ["title"]
    panels = [
        FieldPanel("file"),
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("date"),
        checkboxes("persons"),
        FieldPanel("item"),
    ]
    list_display = [
        Column("expedient", label=_("Expedient")),
        "date",
        "title",
        "kind",
        names_column("persons", _("Persons concerned")),
        Column("item", label=_("Item"), accessor=item_label),
        Column("download", label=_("File"), accessor=download_link),
    ]
    # The stored file name says nothing: the read screen names the file as it
    # was given, and the Documents tab and the listing download it.
    inspect_view_fields = [
        "expedient",
        "title",
        "kind",
        "date",
        "persons",
        "original_name",
        "template",
        "actuacio",
        "resource",
        "tramit",
        "plan",
        "created_by",
        "created_at",
    ]
    list_export = ["expedient", "date", "title", "kind", "persons", "original_name"]
    export_person_fields = ("persons",)
    list_select_related = ("expedient", "kind", *ITEM_RELATED)
    list_prefetch_related = ("persons",)

    @property
    def add_view_class(self):
        # A module's own document right files only in its expedients.
        return _scoped(super().add_view_class, ItemRightHereMixin)


document_viewset = DocumentViewSet(
    "documents", url_prefix="casework/documents", url_namespace="casework_documents"
)


# --- the download -------------------------------------------------------------------


def document_download(request, pk: int) -> FileResponse:
    """The document's file, for whoever may see the document (404 otherwise:
    another area, out of territory, a confidential expedient not theirs, a
    role without documents, a deleted document); an audited read."""
    visible = policy_for(Document).instances_user_has_permission_for(
        request.user, "view"
    )
    document = get_object_or_404(visible, pk=pk)
    handle = services.document_read(document=document, acting_user=request.user)
    name = document.original_name or document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the tab -------------------------------------------------------------------------


def documents_tab_context(*, request, expedient) -> dict:
    queryset = expedient.documents.select_related(
        "kind", *ITEM_RELATED
    ).prefetch_related("persons")
    filters = DocumentFilterSet(
        request.GET or None, queryset=queryset, request=request, expedient=expedient.pk
    )
    query = (request.GET.get("q") or "").strip()
    queryset = filters.qs if filters.is_bound and filters.is_valid() else queryset
    if query:
        queryset = queryset.filter(title__icontains=query)
    context = item_tab_context(
        request,
        expedient,
        queryset=queryset,
        namespace="casework_documents",
        model="document",
        limit=TAB_ROWS,
        inspect=True,
    )
    for row in context["rows"]:
        row.download_url = download_url(row)
    if context["add_url"]:  # who may file documents may generate them
        context["generate_url"] = reverse(
            "casework_document_generate", args=[expedient.pk]
        )
    context.update(filter_form=filters.form, query=query)
    return context


TABS = [
    ExpedientTab(
        key="documents",
        label=_("Documents"),
        order=95,
        template="casework/tabs/documents.html",
        context=documents_tab_context,
        permission="casework.view_document",
    )
]
VIEWSETS: list = [document_viewset]
URLS: list = [
    path(
        "casework/documents/<int:pk>/download/",
        document_download,
        name="casework_document_download",
    )
]
