"""The predefined listings of Explotació (domain.md §5.1), declared once each.

A listing is a `Listing`: its name, the group of the tree it sits in (person
records, basic social services, agenda, and each specialised module), the
right that lets a role run it, the listing screen it reuses (its scoped rows,
columns and CSV/XLSX export: a viewset or an index view, by dotted path), its
own fixed criteria (`narrow`: the deceased, the expedients past their term)
and which filters of the one filter bar apply to it, each with the lookup it
narrows the rows by.

Each app declares its listings beside its screens (`<app>/explotacio.py`, a
`LISTINGS` tuple) and registers them from its `AppConfig.ready()`; casework
modules name theirs in `ModuleSpec.explotacio`. The registry lives here, in
the app every other imports, so that no app needs to import the reports app;
`reports/explotacio.py` shows them.

Rows always start from the source's own queryset, which is the model's
`visible_to(user)`: a listing adds criteria, never rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# The tree's groups, in the order the screen shows them (domain.md §5.1).
GROUPS: tuple[tuple[str, object], ...] = (
    ("persons", _("Person records")),
    ("ssb", _("Basic social services")),
    ("agenda", _("Agenda")),
    ("sad", _("Home care (SAD)")),
    ("siad", _("Women's service (SIAD)")),
    ("immigration", _("Immigration")),
    ("eaia", _("Child protection (EAIA)")),
)
GROUP_KEYS = tuple(key for key, _label in GROUPS)

# The filter bar, in the order it shows them. "period" filters a date (or a
# date-time, with a `__date` lookup) from/until, both days included.
BAR_FILTERS = (
    "area",
    "sector",
    "subsector",
    "team",
    "professional",
    "period",
    "state",
)

# A filter narrows rows by a lookup ("expedient__sector"), or by a function
# `f(queryset, value) -> queryset` when one lookup cannot say it.
Lookup = str | Callable[[QuerySet, object], QuerySet]


@dataclass(frozen=True)
class Listing:
    key: str  # unique, in URLs: letters, digits and hyphens
    label: object
    group: str  # a key of GROUPS
    # The Django permission a role needs to run it (superusers run all).
    permission: str
    # Dotted path of the listing screen it reuses: a viewset instance (its
    # index view and the view's arguments) or an index view class.
    source: str
    # The bar's filters that apply: {filter: lookup}; see BAR_FILTERS.
    filters: dict[str, Lookup] = field(default_factory=dict)
    # The period's label ("Date", "Opened"), said on the bar.
    period_label: object = _("Period")
    # The states offered by the "state" filter: a choices list, or the dotted
    # path of a function returning one.
    states: object = ()
    # Dotted path of `f(queryset) -> queryset`: the listing's own criteria.
    narrow: str = ""
    description: object = ""

    def __post_init__(self):
        if self.group not in GROUP_KEYS:
            raise ValueError(f"Unknown Explotació group {self.group!r}.")
        unknown = set(self.filters) - set(BAR_FILTERS)
        if unknown:
            raise ValueError(f"Unknown filters {sorted(unknown)} in {self.key!r}.")

    def may_run(self, user) -> bool:
        return bool(
            getattr(user, "is_authenticated", False)
            and user.is_active
            and (user.is_superuser or user.has_perm(self.permission))
        )

    def state_choices(self) -> list:
        states = self.states
        if isinstance(states, str):
            states = import_string(states)()
        return list(states)

    def narrowed(self, queryset: QuerySet) -> QuerySet:
        return import_string(self.narrow)(queryset) if self.narrow else queryset


_REGISTRY: dict[str, Listing] = {}


def register_listings(listings) -> None:
    """Register `listings` (each app's `ready()`); a key is registered once."""
    for listing in listings:
        if listing.key in _REGISTRY and _REGISTRY[listing.key] != listing:
            raise ValueError(f"Explotació listing {listing.key!r} registered twice.")
        _REGISTRY[listing.key] = listing


def all_listings() -> list[Listing]:
    """Every listing, by group in the tree's order, then as registered."""
    order = {key: index for index, key in enumerate(GROUP_KEYS)}
    return sorted(_REGISTRY.values(), key=lambda listing: order[listing.group])


def get_listing(key: str) -> Listing | None:
    return _REGISTRY.get(key)


def listings_for(user) -> list[Listing]:
    return [listing for listing in all_listings() if listing.may_run(user)]


def tree_for(user) -> list[tuple[str, object, list[Listing]]]:
    """The groups holding a listing `user` may run, each with those listings."""
    runnable = listings_for(user)
    return [
        (key, label, found)
        for key, label in GROUPS
        if (found := [listing for listing in runnable if listing.group == key])
    ]
