"""Filters of the catalogue listings.

Choices that list other catalogue entries are narrowed to what the user may see:
a plain ModelChoiceFilter would show every area's own entries.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet

from .choices import LabelChoiceFilter
from .enums import CatalogueScope


def visible_choices(model):
    """Return a filter queryset callable: the rows of `model` the user may see."""

    def queryset(request):
        if request is None:
            return model._default_manager.none()
        return model._default_manager.visible_to(request.user)

    return queryset


class CatalogueFilterSet(WagtailFilterSet):
    scope = django_filters.ChoiceFilter(
        label=_("Scope"),
        choices=CatalogueScope.choices,
        method="filter_scope",
        empty_label=pgettext_lazy("scope", "All"),
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    def filter_scope(self, queryset, name, value):
        if value == CatalogueScope.SHARED:
            return queryset.filter(area__isnull=True)
        if value == CatalogueScope.LOCAL:
            return queryset.filter(area__isnull=False)
        return queryset


def catalogue_filterset(model, *field_names: str, **filters) -> type:
    """Return a filter set for `model`: scope and active, plus the given ones.

    `field_names` are plain model fields (choices, years, flags); `filters` are
    ready-made filters, such as choices of other catalogues' visible entries.
    """
    meta = type("Meta", (), {"model": model, "fields": ["is_active", *field_names]})
    attrs = {"Meta": meta, **filters}
    return type(f"{model.__name__}FilterSet", (CatalogueFilterSet,), attrs)


def entry_filter(model, field_name: str, label) -> django_filters.Filter:
    return LabelChoiceFilter(
        field_name=field_name, label=label, queryset=visible_choices(model)
    )
