"""Explotació (domain.md §5.1): the predefined listings in a tree by module,
with one filter bar, their rows paginated and exported as CSV or XLSX.

The listings are declared by the apps (`configuration.explotacio`). Choosing
one runs the listing screen it names, wrapped (`ExplotacioMixin`): its rows
(the model's `visible_to(user)`), columns and export (`SafeExportMixin`: one
audit entry per export, with the criteria and the row count) are that
screen's, its own filters and search box give way to the one bar, and it
shows inside the Explotació page. A listing the user may not run does not
exist for them (404).
"""

from functools import cache

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from configuration.dates import LlarDateField
from configuration.explotacio import get_listing, listings_for, tree_for

from .forms import AreaFiltersForm

TREE_URL_NAME = "reports_explotacio"
LISTING_URL_NAME = "reports_explotacio_listing"
# The source's own arguments the wrapper replaces: its filters and templates.
REPLACED_KWARGS = ("filterset_class", "template_name", "results_template_name")


def user_runs_listings(user) -> bool:
    return bool(listings_for(user))


class BarForm(AreaFiltersForm):
    """The one filter bar: only the filters that apply to the listing, every
    choice narrowed to the user's area (a superuser chooses the area)."""

    active_professionals_only = True

    period_from = LlarDateField(label=_("From"), widget=AdminDateInput, required=False)
    period_to = LlarDateField(label=_("Until"), widget=AdminDateInput, required=False)
    state = forms.TypedChoiceField(label=_("State"), required=False)

    def __init__(self, data=None, *, user, listing):
        super().__init__(data)
        self.user, self.listing = user, listing
        wanted = set(listing.filters)
        if "period" in wanted:
            wanted |= {"period_from", "period_to"}
        if user.area_id is not None:
            wanted.discard("area")  # one's own area, always
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.narrow_choices(self.chosen_area_id())
        if "period_from" in self.fields:
            label = listing.period_label
            self.fields["period_from"].label = _("%(period)s from") % {"period": label}
            self.fields["period_to"].label = _("%(period)s until") % {"period": label}
        if "state" in self.fields:
            choices = listing.state_choices()
            values = {str(value): value for value, _label in choices}
            self.fields["state"].choices = [("", _("All")), *choices]
            self.fields["state"].coerce = lambda raw: values[raw]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error(
                "period_to", _("The end date cannot be before the start date.")
            )
        self.check_subsector(data)
        return data

    def apply(self, queryset):
        """`queryset` narrowed by every filter given (the form is valid)."""
        data, lookups = self.cleaned_data, self.listing.filters
        given = {
            name: data.get(name)
            for name in ("area", "sector", "subsector", "team", "professional", "state")
            if data.get(name) not in (None, "")
        }
        for name, value in given.items():
            queryset = narrow(queryset, lookups[name], value)
        if "period" in lookups:
            lookup = lookups["period"]
            if data.get("period_from"):
                queryset = queryset.filter(**{f"{lookup}__gte": data["period_from"]})
            if data.get("period_to"):
                queryset = queryset.filter(**{f"{lookup}__lte": data["period_to"]})
        return queryset

    def criteria(self) -> dict:
        """What narrowed the rows, as text (the export's audit entry)."""
        return {
            name: value.isoformat() if hasattr(value, "isoformat") else str(value)
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }


def narrow(queryset, lookup, value):
    if callable(lookup):
        return lookup(queryset, value)
    return queryset.filter(**{lookup: value})


class ExplotacioMixin:
    """Put first in a listing screen's bases: the Explotació page around its
    rows, the one bar instead of its filters, its export as it is."""

    listing = None
    template_name = "reports/explotacio/listing.html"
    results_template_name = "reports/explotacio/results.html"
    filterset_class = None
    is_searchable = False

    @cached_property
    def bar(self) -> BarForm:
        return BarForm(self.request.GET, user=self.request.user, listing=self.listing)

    @cached_property
    def bar_errors(self) -> bool:
        return not self.bar.is_valid()

    def get(self, request, *args, **kwargs):
        if self.is_export and self.bar_errors:
            # No file with criteria nobody asked for: the page says what to fix.
            self.is_export = False
            response = super().get(request, *args, **kwargs)
            response.status_code = 400
            return response
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.listing.label

    def get_sheet_title(self):
        from configuration.exports import sheet_title

        return sheet_title(self.listing.label)

    def get_filename(self):
        return f"explotacio-{self.listing.key}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(TREE_URL_NAME), "label": _("Explotació")},
            {"url": "", "label": self.listing.label},
        ]

    def get_index_url(self):
        return reverse(LISTING_URL_NAME, args=[self.listing.key])

    def get_index_results_url(self):
        return self.get_index_url()

    def get_base_queryset(self):
        return self.listing.narrowed(super().get_base_queryset())

    def filter_queryset(self, queryset):
        if self.bar_errors:
            return queryset.none()
        return self.bar.apply(queryset)

    def search_queryset(self, queryset):
        return queryset  # no search box: the listing and the bar say what to list

    @cached_property
    def is_filtering(self):
        return not self.bar_errors and any(self.bar.cleaned_data.values())

    def export_criteria(self) -> dict:
        criteria = {"listing": self.listing.key}
        if not self.bar_errors:
            criteria |= self.bar.criteria()
        return criteria

    @cached_property
    def header_buttons(self):
        return []  # the listing's own (a new record…) belong to its screen

    @cached_property
    def header_more_buttons(self):
        return []  # the downloads sit beside the bar

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listing"] = self.listing
        context["bar"] = self.bar
        context["tree"] = tree_for(self.request.user)
        context["media"] += self.bar.media
        if not self.bar_errors:
            context["csv_url"] = self.get_export_url("csv")
            context["xlsx_url"] = self.get_export_url("xlsx")
        return context


def source_view(source: str):
    """The index view class a listing's source names, with its arguments."""
    target = import_string(source)
    if isinstance(target, type):
        return target, {}
    if not hasattr(target, "get_index_view_kwargs"):
        return target.view_class, {}  # a listing viewset of one view
    # A model viewset: its index view with the arguments it is built with.
    view_class = target.index_view_class
    kwargs = {**target.get_common_view_kwargs(), **target.get_index_view_kwargs()}
    return view_class, {
        key: value
        for key, value in kwargs.items()
        if hasattr(view_class, key) and value is not target.UNDEFINED
    }


@cache
def listing_view(key: str):
    """The wrapped listing screen of `key` (built once)."""
    listing = get_listing(key)
    view_class, kwargs = source_view(listing.source)
    wrapped = type(
        f"Explotacio{view_class.__name__}",
        (ExplotacioMixin, view_class),
        {"listing": listing, "__module__": __name__},
    )
    kwargs = {k: v for k, v in kwargs.items() if k not in REPLACED_KWARGS}
    return wrapped.as_view(**kwargs)


def run_listing(request, key: str):
    listing = get_listing(key)
    if listing is None or not listing.may_run(request.user):
        raise Http404
    return listing_view(key)(request)


class TreeView(WagtailAdminTemplateMixin, TemplateView):
    """The tree of the listings the user may run, by module."""

    template_name = "reports/explotacio/tree.html"
    page_title = _("Explotació")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not user_runs_listings(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tree"] = tree_for(self.request.user)
        return context
