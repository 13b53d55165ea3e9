"""The search desk (cercador): the first screen when a citizen arrives.

One box (`?q=`) for names and documents, filters for the rest, results best match
first with age, status and expedients, and from there: open a record, create one
pre-filled with what was searched, or export the results (streamed, audited).
The query itself is `directory.search.search_persons` (full-text, never
`icontains`).

The area's own fields of the extended block (issue #22, form "person") are
filters and export columns here too, for the roles that read the extended
block: a filter asks the JSON column of the record's PersonExtended row (a
join only when it is used), the export reads it in the same query as the rest.
The Explotació listings of person records reuse this view, so their exports
have the columns too.
"""

from collections import Counter
from urllib.parse import urlencode

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from configuration.audit import log_search
from configuration.custom_columns import CustomColumnsExportMixin
from configuration.custom_filters import CustomFieldFilterSetMixin
from configuration.dates import DateFilter
from configuration.export_plan import ChunkQuery, ChunkValues, choice_label
from configuration.exports import SafeExportMixin
from configuration.models import Municipality, User
from configuration.scope import ScopedListingMixin, policy_for

from .desk_sections import found_sections
from .enums import PersonStatus
from .identity import normalise_document, read_document
from .links import expedient_links
from .models import Person
from .paginator import CappedPaginator
from .permissions import user_sees_sensitive_data
from .record_tabs import person_actions
from .search import parse, search_persons

# What the results and their export show, and nothing else of the record: a
# third of the columns to read, convert and send (and no sensitive ones).
DESK_FIELDS = (
    "area_id",
    "first_name",
    "surname1",
    "surname2",
    "search_name",
    "document_number",
    "health_card",
    "birth_date",
    "death_date",
    "status",
    "residence_municipality__code",
    "residence_municipality__name",
    "reference_professional__username",
    "reference_professional__first_name",
    "reference_professional__last_name",
)


def area_municipalities(request):
    if request is None or request.user.area_id is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(sectors__area_id=request.user.area_id)


def area_professionals(request):
    if request is None:
        return User.objects.none()
    return User.objects.visible_to(request.user).filter(is_active=True)


# The extended block's configurable fields: the form and where the values are.
PERSON_FORM = "person"
PERSON_EXTRA = "extended__extra"


class SearchDeskFilterSet(CustomFieldFilterSetMixin, WagtailFilterSet):
    custom_form = PERSON_FORM
    custom_path = PERSON_EXTRA

    birth_date = DateFilter(label=_("Birth date"))
    health_card = django_filters.CharFilter(
        label=_("Health card (CIP)"), method="filter_health_card"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=PersonStatus.choices,
        empty_label=pgettext_lazy("status", "All"),
    )
    residence_municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality of residence"), queryset=area_municipalities
    )
    reference_professional = django_filters.ModelChoiceFilter(
        label=_("Reference professional"), queryset=area_professionals
    )

    class Meta:
        model = Person
        fields = [
            "birth_date",
            "health_card",
            "status",
            "residence_municipality",
            "reference_professional",
        ]

    def filter_health_card(self, queryset, name, value):
        return queryset.filter(health_card=normalise_document(value))

    def custom_fields_readable(self, user) -> bool:
        return user_sees_sensitive_data(user)


def expedient_counts(user) -> ChunkValues:
    """`expedient_count` for a chunk of persons at once: one grouped query per
    expedient link instead of a subquery per person (the export's)."""
    queries = []
    for link in expedient_links():
        rows = link.model.objects.all()
        if link.counted is not None:
            rows = rows.filter(link.counted(user))
        per_person = (
            rows.order_by()
            .values_list(link.field)
            .annotate(n=Count(link.expedient, distinct=True))
        )
        queries.append(ChunkQuery(per_person, link.field))

    def read(pks: list) -> dict:
        counts = Counter()
        for query in queries:
            counts.update(dict(query.rows(pks)))
        return counts

    return ChunkValues(read, default=0)


def expedient_count(user):
    """Count the person's expedients `user` may know of through every
    registered expedient link (its `counted(user)` condition)."""
    total = Value(0, output_field=IntegerField())
    for link in expedient_links():
        rows = link.model.objects.filter(**{link.field: OuterRef("pk")})
        if link.counted is not None:
            rows = rows.filter(link.counted(user))
        per_person = (
            rows.order_by()
            .values(link.field)
            .annotate(n=Count(link.expedient, distinct=True))
            .values("n")
        )
        total = total + Coalesce(Subquery(per_person), 0)
    return total


class SearchDeskView(
    CustomColumnsExportMixin, ScopedListingMixin, SafeExportMixin, IndexView
):
    model = Person
    custom_form = PERSON_FORM
    custom_path = PERSON_EXTRA
    page_title = _("Search desk")
    results_template_name = "directory/search_desk_results.html"
    header_icon = "search"
    index_url_name = "directory_search"
    index_results_url_name = "directory_search_results"
    add_url_name = "person:add"
    edit_url_name = "person:inspect"  # the name opens the record (read view)
    filterset_class = SearchDeskFilterSet
    search_fields = ["search_name"]  # enables the box; the query is search_persons
    audit_searches = False  # get_context_data logs the search with its filters
    list_select_related = ("residence_municipality", "reference_professional")
    paginate_by = 25
    paginator_class = CappedPaginator
    export_filename = "persones"
    list_export = [
        "surname1",
        "surname2",
        "first_name",
        "document_number",
        "health_card",
        "birth_date",
        "status",
        "residence_municipality",
        "reference_professional",
        "expedients",
    ]
    export_headings = {"expedients": _("Expedients")}

    @cached_property
    def permission_policy(self):
        return policy_for(Person)

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "name",
                label=_("Name"),
                accessor="full_name",
                url_name=self.edit_url_name,
            ),
            Column("document_number", label=_("Document")),
            Column("birth_date", label=_("Birth date")),
            Column("age", label=_("Age")),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda person: person.is_deceased,
            ),
            Column("residence_municipality", label=_("Municipality")),
            Column("reference_professional", label=_("Reference professional")),
            Column("expedients", label=_("Expedients")),
        ]

    def get_list_more_buttons(self, instance):
        # Only what other apps offer (e.g. a new expedient), as visible buttons
        # beside the name (which opens the record), never hidden in a menu.
        return [
            ListingButton(
                action.label,
                url=action.url,
                icon_name=action.icon_name,
                priority=action.priority,
            )
            for action in person_actions(person=instance, user=self.request.user)
        ]

    @cached_property
    def has_criteria(self) -> bool:
        return bool(parse(self.search_query)) or self.is_filtering

    def get_base_queryset(self):
        queryset = super().get_base_queryset().current().only(*DESK_FIELDS)
        if self.is_export and self.fast_export:
            return queryset  # the export counts them a chunk at a time
        return queryset.annotate(expedients=expedient_count(self.request.user))

    def export_value_sources(self) -> dict:
        # (the configurable fields' columns: read as keys of the JSON column)
        sources = dict(super().export_value_sources())
        return sources | {
            "expedients": expedient_counts(self.request.user),
            # as the listing shows it ("Actiu", "Èxitus"), not its stored code
            "status": choice_label(Person, "status"),
        }

    def to_row_dict(self, item) -> dict:
        # The instances' path shows the status as the values' path does.
        return super().to_row_dict(item) | {"status": item.get_status_display()}

    def custom_fields_readable(self, user) -> bool:
        return user_sees_sensitive_data(user)

    def search_queryset(self, queryset):
        if not self.has_criteria:
            return queryset.none()  # the desk starts empty: nobody is listed unasked
        queryset = search_persons(queryset, self.search_query)
        if self.is_explicitly_ordered:
            queryset = self.order_queryset(queryset)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A search that listed people is a read of them: one entry per page shown.
        log_search(
            user=self.request.user,
            model=Person,
            shown=len(context["object_list"]),
            page=context["page_obj"].number if context["page_obj"] else 1,
            criteria=self.export_criteria(),
        )
        # Expedients and other things found by number, name or document.
        context["desk_sections"] = found_sections(
            user=self.request.user, query=self.search_query or ""
        )
        return context

    def get_valid_orderings(self):
        return ["search_name", "-search_name", "birth_date", "-birth_date"]

    def order_queryset(self, queryset):
        """The chosen order, ties broken by the record's id: people with the
        same name or birth date (or none) keep one order from page to page and
        in every export (PostgreSQL returns ties in any order)."""
        ordered = super().order_queryset(queryset)
        if self.ordering and ordered.query.order_by:
            return ordered.order_by(*ordered.query.order_by, "pk")
        return ordered

    @cached_property
    def document_hint(self) -> str:
        """Say which letter a DNI or NIE typed without it, or with a wrong one,
        has: the results include the record under the right letter."""
        typed = parse(self.search_query).document
        reading = read_document(typed) if typed else None
        if reading is None or not reading.corrected:
            return ""
        values = {"typed": typed, "document": reading.corrected}
        if reading.letter_missing:
            return (
                _(
                    "%(typed)s has no letter: with its letter it is %(document)s. "
                    "Records under either are listed."
                )
                % values
            )
        return (
            _(
                "The letter of %(typed)s is wrong: it must be %(document)s. "
                "Records under %(document)s are listed."
            )
            % values
        )

    @cached_property
    def no_results_message(self):
        if not self.has_criteria:
            return _(
                "Type a name, surnames or an identity document, or use the filters."
            )
        return _("Nobody matches. Check the spelling, or create a new record.")

    @cached_property
    def can_add(self) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, "add")

    @cached_property
    def header_buttons(self):
        buttons = []
        if self.can_add:
            buttons.append(
                HeaderButton(
                    _("New person record"),
                    url=self.prefilled_add_url(),
                    icon_name="plus",
                )
            )
        return buttons

    def prefilled_add_url(self) -> str:
        """The add form, pre-filled with what was searched (names, document, date)."""
        initial = initial_from_search(self.search_query or "")
        if birth_date := self.request.GET.get("birth_date"):
            initial["birth_date"] = birth_date
        url = reverse(self.add_url_name)
        return f"{url}?{urlencode(initial)}" if initial else url

    def export_criteria(self) -> dict:
        criteria = {"q": self.search_query or ""}
        if self.filters is not None and self.filters.is_valid():
            criteria |= {
                name: str(value)
                for name, value in self.filters.form.cleaned_data.items()
                if value not in (None, "")
            }
        return criteria


def initial_from_search(text: str) -> dict[str, str]:
    """Split a search into add-form fields: the document, then the name words as
    people usually type them at the desk (first surname, second surname, name)."""
    initial: dict[str, str] = {}
    parsed = parse(text)
    if parsed.document:
        initial["document_number"] = parsed.document
    words = [w for w in text.split() if not any(ch.isdigit() for ch in w)]
    if parsed.document:
        words = [w for w in words if len(w) > 1]  # a lone check letter
    if words:
        initial["surname1"] = words[0]
    if len(words) > 1:
        initial["surname2"] = words[1]
    if len(words) > 2:
        initial["first_name"] = " ".join(words[2:])
    return initial


class PersonIndexRedirect(View):
    """The person listing is the search desk: one way to find people."""

    def get(self, request, *args, **kwargs):
        url = reverse("directory_search")
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)
