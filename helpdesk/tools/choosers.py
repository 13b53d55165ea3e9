"""The expedient chooser of the coordinators' tools (Wagtail's chooser modal).

A coordinator finds the expedient a tool is about by its number, its family
name or the name of a person linked to it, among the expedients the tools may
reach (`tool_expedients`: their area, as they see it); the target of a move
is chosen among the open ones. Anyone but a coordinator gets 404, and a pk
outside that scope is refused by the modal's views and by the forms' fields
alike. The widget is not registered for every expedient foreign key.
"""

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from casework.desk import expedient_number
from casework.models import LinkedPerson
from casework.modules import expedient_title, title_matches, title_related
from configuration.audit import AuditedChooserMixin
from configuration.scope import ScopedChooserMixin, ScopedChooserWidget, _scoped
from directory.normalise import search_words

from .permissions import tool_expedients
from .views.base import CoordinatorOnlyMixin


def search_expedients(queryset: QuerySet, text: str) -> QuerySet:
    """The expedients of `queryset` whose number contains `text` ("2026/42"
    is 2026/00042, as at the search desk), or whose family name, or one
    linked person's name, holds every word of it."""
    text = text.strip()
    text = expedient_number(text) or text
    words = search_words(text)
    named = LinkedPerson.objects.filter(expedient=OuterRef("pk"))
    family = Q()
    for word in words:
        named = named.filter(person__search_name__contains=word)
        family &= title_matches(word, anywhere=True)
    match = Q(number__icontains=text)
    if words:
        match |= family | Q(Exists(named))
    return queryset.filter(match)


class ExpedientSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Number, family name or a linked person's name"),
        widget=forms.TextInput(
            attrs={"placeholder": _("Number, family name or a linked person's name")}
        ),
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if not query:
            return objects
        self.is_searching, self.search_query = True, query
        return search_expedients(objects, query)


def main_person(expedient) -> str:
    return ", ".join(str(link.person) for link in expedient.main_links)


def family_name(expedient) -> str:
    return expedient_title(expedient)


class ToolExpedientChoice(CoordinatorOnlyMixin, ScopedChooserMixin):
    """Only coordinators; only the expedients their tools reach (open ones
    with `open_only`); one query per page however many rows it shows."""

    open_only = False

    def choosable(self):
        rows = tool_expedients(self.request.user)
        return rows.open() if self.open_only else rows

    def get_object_list(self):
        mains = LinkedPerson.objects.filter(is_main=True).select_related("person")
        return (
            self.choosable()
            .select_related(*title_related(), "sector__municipality")
            .prefetch_related(Prefetch("links", queryset=mains, to_attr="main_links"))
        )

    @property
    def title_column(self):
        column = super().title_column
        column.label = _("Number")
        return column

    @property
    def columns(self):
        return [
            self.title_column,
            Column("family", label=_("Family name"), accessor=family_name),
            Column("main", label=_("Main person"), accessor=main_person),
            Column("sector", label=_("Sector"), accessor="sector"),
            Column("state", label=_("State"), accessor="get_state_display"),
        ]


def scoped_widget(viewset: ChooserViewSet):
    """A chooser widget of `viewset` for a form field narrowed to a scope."""
    bases = (ScopedChooserWidget, viewset.widget_class)
    return type("ScopedExpedientChooser", bases, {})


def _choosable(view_class: type, **attrs) -> type:
    # What the modal lists and picks names expedients and their persons: audited.
    return _scoped(view_class, AuditedChooserMixin, ToolExpedientChoice, **attrs)


class ToolExpedientChooserViewSet(ChooserViewSet):
    model = "casework.Expedient"
    icon = "folder-open-inverse"
    choose_one_text = _("Choose an expedient")
    choose_another_text = _("Choose another expedient")
    per_page = 20
    register_widget = False  # only the tools' forms use it
    open_only = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        search = {"filter_form_class": ExpedientSearchForm, "open_only": self.open_only}
        self.choose_view_class = _choosable(chooser_views.ChooseView, **search)
        self.choose_results_view_class = _choosable(
            chooser_views.ChooseResultsView, **search
        )
        only = {"open_only": self.open_only}
        self.chosen_view_class = _choosable(chooser_views.ChosenView, **only)
        self.chosen_multiple_view_class = _choosable(
            chooser_views.ChosenMultipleView, **only
        )


class OpenExpedientChooserViewSet(ToolExpedientChooserViewSet):
    open_only = True


expedient_chooser = ToolExpedientChooserViewSet(
    "tool_expedient_chooser", url_prefix="eines/choose-expedient"
)
open_expedient_chooser = OpenExpedientChooserViewSet(
    "tool_open_expedient_chooser", url_prefix="eines/choose-open-expedient"
)
