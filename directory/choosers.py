"""The person chooser: pick a record of one's own area by searching for it.

Used wherever a form points at a person (kinship, the extended block, and the
expedients to come). It lists nobody until something is typed, and searches with
the desk's own query, so it stays fast at a million records.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from configuration.audit import AuditedChooserMixin
from configuration.scope import ScopedChooserMixin, _scoped

from .search import parse, search_persons


class PersonSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name, surnames or document"),
        widget=forms.TextInput(attrs={"placeholder": _("Name, surnames or document")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q") or ""
        if not parse(query):
            return objects.none()
        self.is_searching, self.search_query = True, query
        return search_persons(objects, query)


class ScopedPersonChoice(ScopedChooserMixin):
    """Only roles that may read person records (404 for the others, e.g. the
    trainee and the support desk); only current records of the area."""

    reader_actions = ("view", "change")

    def choosable(self):
        return super().choosable().current()

    @property
    def columns(self):
        # Two people of one name are told apart by their document.
        return [
            self.title_column,
            Column("document_number", label=_("Document")),
        ]


def _choosable(view_class: type, **attrs) -> type:
    """A view of the modal that shows people: scoped, and audited as the desk."""
    return _scoped(view_class, AuditedChooserMixin, ScopedPersonChoice, **attrs)


class PersonChooserViewSet(ChooserViewSet):
    model = "directory.Person"
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    edit_item_text = _("Open the record")
    per_page = 25
    choose_view_class = _choosable(
        chooser_views.ChooseView, filter_form_class=PersonSearchForm
    )
    choose_results_view_class = _choosable(
        chooser_views.ChooseResultsView, filter_form_class=PersonSearchForm
    )
    chosen_view_class = _choosable(chooser_views.ChosenView)
    chosen_multiple_view_class = _choosable(chooser_views.ChosenMultipleView)
    create_view_class = _scoped(chooser_views.CreateView, ScopedPersonChoice)


person_chooser_viewset = PersonChooserViewSet(
    "person_chooser", url_prefix="directory/choose-person"
)
