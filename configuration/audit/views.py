"""The Registres: the area's audit trail for its coordinators and administrators.

One listing at /admin/registres/ (menu item shown only to holders of
`configuration.view_auditentry`; everyone else is refused), filtered by date
range, event type (the eleven of domain.md §4.9), professional, person and
expedient, paginated, and exported to XLSX through `SafeExportMixin`, which
logs the export itself. There is no add, edit or delete view: nobody changes
an audit entry from the application.
"""

import django_filters
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet

from ..dates import DateFromToRangeFilter
from ..exports import SafeExportMixin, time_zone_name
from ..scope import narrow_chooser_widgets, policy_for
from .events import AuditEvent, event_filter, user_type_id
from .labels import label_own_fields
from .models import AuditEntry
from .subjects import Family, audit_families, entries_about

audit_policy = policy_for(AuditEntry)  # registered by ConfigurationConfig.ready


def area_professionals(request):
    users = get_user_model()._default_manager
    return users.visible_to(request.user) if request else users.none()


def family_filter(key: str, family: Family) -> django_filters.Filter:
    """A filter on one record of the family (a person, an expedient) the user sees."""
    manager = apps.get_model(family.record)._default_manager

    def records(request):
        return manager.visible_to(request.user) if request else manager.none()

    def about(queryset, name, value):
        return queryset.filter(entries_about(key, value.pk))

    return django_filters.ModelChoiceFilter(
        label=family.label,
        queryset=records,
        to_field_name=family.to_field_name,
        widget=family.widget or forms.TextInput,
        method=about,
    )


class AuditFilterSet(WagtailFilterSet):
    timestamp = DateFromToRangeFilter(label=_("Date"))
    event = django_filters.ChoiceFilter(
        label=_("Event"),
        choices=AuditEvent.choices,
        empty_label=_("All"),
        method="filter_event",
    )
    professional = django_filters.ModelChoiceFilter(
        label=_("Professional"),
        queryset=area_professionals,
        method="filter_professional",
    )

    class Meta:
        model = AuditEntry
        fields = ["timestamp"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, family in audit_families().items():
            self.filters[key] = family_filter(key, family)
            self.filters[key].parent = self
            self.filters[key].model = AuditEntry

    @property
    def form(self):
        # The person filter's chooser names only a person the user sees.
        form = super().form
        narrow_chooser_widgets(form)
        return form

    def filter_event(self, queryset, name, value):
        return queryset.filter(event_filter(value))

    def filter_professional(self, queryset, name, value):
        # What they did, and the failed sign-ins on their account.
        return queryset.filter(
            Q(actor=value)
            | Q(actor__isnull=True, content_type_id=user_type_id(), object_id=value.pk)
        )


class RegistresIndexView(SafeExportMixin, IndexView):
    model = AuditEntry
    permission_policy = audit_policy
    any_permission_required = ["view"]
    page_title = _("Registres")
    header_icon = "history"
    index_url_name = "registres:index"
    index_results_url_name = "registres:index_results"
    filterset_class = AuditFilterSet
    paginate_by = 50
    default_ordering = "-timestamp"
    export_filename = "registres"
    list_export = [
        "timestamp",
        "event_label",
        "professional",
        "object_repr",
        "changed_fields",
        "details",
        "remote_addr",
    ]
    export_headings = {
        "timestamp": _("When"),
        "event_label": _("Event"),
        "professional": _("Professional"),
        "object_repr": pgettext_lazy("audit", "Record"),
        "changed_fields": _("Changed fields"),
        "details": _("Details"),
        "remote_addr": _("Address"),
    }

    @cached_property
    def columns(self):
        return [
            Column("timestamp", label=_("When"), sort_key="timestamp"),
            Column("event_label", label=_("Event")),
            Column("professional", label=_("Professional")),
            Column("object_repr", label=pgettext_lazy("audit", "Record")),
            Column("changed_fields", label=_("Changed fields")),
            Column("details", label=_("Details")),
            Column("remote_addr", label=_("Address")),
        ]

    def get_heading(self, queryset, field):
        heading = super().get_heading(queryset, field)
        if field == "timestamp":  # exported in local time, as on the screen
            return f"{heading} ({time_zone_name()})"
        return heading

    def get_base_queryset(self):
        return AuditEntry.objects.visible_to(self.request.user).select_related(
            "actor", "content_type"
        )

    def get_valid_orderings(self):
        return ["timestamp", "-timestamp"]

    def paginate_queryset(self, queryset, page_size):
        paginator, page, entries, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        entries = list(entries)
        label_own_fields(entries)  # the page's own-field labels in one query
        page.object_list = entries
        return paginator, page, entries, is_paginated


class RegistresMenuItem(MenuItem):
    def is_shown(self, request):
        return audit_policy.user_has_permission(request.user, "view")


class RegistresViewSet(ViewSet):
    """Only a listing and its results endpoint: no add, edit or delete URL."""

    icon = "history"
    menu_label = _("Registres")
    menu_order = 9000
    add_to_admin_menu = True
    menu_item_class = RegistresMenuItem

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    def get_urlpatterns(self):
        index = RegistresIndexView.as_view()
        results = RegistresIndexView.as_view(results_only=True)
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
        ]


registres_viewset = RegistresViewSet("registres")
