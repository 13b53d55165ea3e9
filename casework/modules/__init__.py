"""The kinds of expedient (domain.md §3.3), each declared once.

A module is a subpackage `casework/modules/<key>/` with:
- `models.py`: its child table of `Expedient` (multi-table inheritance), with
  only the module's own fields;
- `module.py`: `MODULE = ModuleSpec(...)`, what the rest of Llar reads about it:
  labels, rights, screens, alert kinds and listings;
and one entry in `MODULES` below. `CaseworkConfig.ready()` registers every
entry (`load_modules`); `casework.models` imports each module's models. Scope,
the expedient screen, the person's Traçabilitat tab, the search desk, the
history, the audit trail and the coordinators' tools read the registry
(`get_module`, `modules`, `modules_openable_by`), so no other file names a
module. See docs/architecture.md, "Adding a casework module".

This package imports no model: `module.py` names models and screens by their
dotted path, resolved when first used.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from importlib import import_module

from django.apps import apps
from django.db.models import Q
from django.utils.module_loading import import_string

# One entry per module, in the order screens offer them.
MODULES: list[str] = [
    "casework.modules.ssb",
    "casework.modules.sad",
    "casework.modules.siad",
    "casework.modules.immigration",
    "casework.modules.eaia",
]


def everyone(user) -> Q:
    """The module-scope check of a module whose rows territory alone decides."""
    return Q()


@dataclass(frozen=True)
class ModuleAlert:
    """An alert kind a module adds to the home panel ("Alertes i tasques").

    `rows` is the dotted path of `rows(expedients, *, today) -> QuerySet`: the
    kind's alerts among `expedients` (a queryset of expedient pks or a list of
    them), oldest first; `expedients` the dotted path of `expedients(user) ->
    QuerySet` of the pks whose alerts of this kind `user` gets. Only those with
    `permission` (and superusers) get the kind: it is not offered, counted nor
    listed to anybody else. `expedient` names the row's expedient ("" when
    the row is the expedient), `tab` the expedient tab an alert opens and
    `describe` the dotted path of `describe(row) -> str`.
    """

    key: str
    label: str
    rows: str
    expedients: str
    permission: str
    describe: str
    tab: str
    expedient: str = ""

    def may_see(self, user) -> bool:
        return bool(
            getattr(user, "is_active", False)
            and (user.is_superuser or user.has_perm(self.permission))
        )


@dataclass(frozen=True)
class ModuleSpec:
    """What one kind of expedient is, declared once.

    Rights are Django permission names; `visible_filter(user)` is the module's
    own scope, a second check beside area and territory (domain.md §2.4):
    `Q()` when territory alone decides.
    """

    key: str  # a casework.enums.Module value
    model: str  # "app_label.Model": the child table of Expedient
    related_name: str  # Expedient → child accessor ("basic_case")
    new_label: str  # the Traçabilitat tab's and desk's "new expedient" action
    # Who may open, read, change, reopen and approve its expedients.
    open_permission: str
    view_permission: str
    change_permission: str
    reopen_permission: str = ""
    approve_permission: str = ""
    # Who closes its expedients; empty: the roles of direct care
    # (casework.permissions.user_can_close).
    close_permission: str = ""
    visible_filter: Callable[..., Q] = everyone
    # The create view (opened with ?person=<pk>), the module's listings (URL
    # names of their index views) and the Python module holding its admin
    # screens (`VIEWSETS`, `URLS`, collected by casework.wagtail_hooks).
    add_url_name: str = ""
    # The cover's edit view (URL name, args [pk]); none: the cover has no
    # fields of its own to edit, and the cover tab offers no "Edit".
    edit_url_name: str = ""
    listings: tuple[str, ...] = ()
    # Dotted path of the module's Explotació listings (a tuple of
    # configuration.explotacio.Listing), registered by casework's ready().
    explotacio: str = ""
    screens: str = ""
    # Screens: the expedient screen's tabs (casework.tabs keys), the cover
    # panels (dotted path of a function returning the edit handler's panels),
    # the person's search-desk row action.
    tabs: tuple[str, ...] = ()
    # How the module's own tabs print with the expedient (casework.
    # expedient_pdf): tab key -> dotted path of `print_x(pdf, *, expedient,
    # user)`. The shared tabs (cover, persons, documents, history…) print by
    # themselves; a tab with no printer is not offered.
    print_sections: dict[str, str] = field(default_factory=dict)
    cover_panels: str = ""
    # The cover tab's rows of the module's own fields (a template of <tr>s,
    # given `expedient`); none: the cover shows only what every module shares.
    cover_rows: str = ""
    on_desk: bool = False
    # The title shown beside the number (family name), and its normalised copy
    # the search desk matches words against.
    title_field: str = ""
    title_search_field: str = ""
    # Cover fields whose value follows an item's rows (the stage follows the
    # plans): hidden in the History from those who may not read that item.
    follows: dict[str, str] = field(default_factory=dict)
    # auditlog: fields of the child table that are no news (normalised copies).
    audit_exclude: tuple[str, ...] = ()
    # The coordinators' family transfer: whether it applies, and which module
    # fields the new expedient copies.
    family_transfer: bool = False
    transfer_fields: tuple[str, ...] = ()
    # The module every professional who holds expedients holds (receivers of a
    # departing professional's holdings are checked against it when there are
    # none).
    primary: bool = False
    # The module's own kinds of the home panel's alerts (helpdesk.alerts
    # reads them with its own kinds).
    alert_kinds: tuple[ModuleAlert, ...] = ()
    # Rights of the module's own that let its professionals record and change
    # an item in its expedients only (casework.permissions.ModuleItemPolicy,
    # MODULE_ITEM_RIGHTS): tràmits; documents (file, generate from a template,
    # change what is said of them). Empty: the item follows the roles' rights
    # alone.
    tramit_permission: str = ""
    document_permission: str = ""

    @property
    def label(self) -> str:
        from ..enums import Module

        return Module(self.key).label

    def get_model(self):
        return apps.get_model(self.model)

    def printer(self, tab: str) -> Callable | None:
        """The function printing the module's own `tab`, or None."""
        path = self.print_sections.get(tab)
        return import_string(path) if path else None

    def panels(self) -> list:
        return import_string(self.cover_panels)() if self.cover_panels else []

    def may_open(self, user) -> bool:
        return user.has_perm(self.open_permission)

    def may_read(self, user) -> bool:
        return user.has_perm(self.view_permission)

    def may_change(self, user) -> bool:
        return user.has_perm(self.change_permission)

    def may_reopen(self, user) -> bool:
        return bool(self.reopen_permission and user.has_perm(self.reopen_permission))

    def may_approve(self, user) -> bool:
        return bool(self.approve_permission and user.has_perm(self.approve_permission))

    def case_of(self, expedient):
        """The module row of `expedient` (itself when it is one), or None."""
        if isinstance(expedient, self.get_model()):
            return expedient
        return getattr(expedient, self.related_name, None)

    def title(self, expedient) -> str:
        case = self.case_of(expedient) if self.title_field else None
        return getattr(case, self.title_field, "") if case is not None else ""

    def title_matches(self, word: str, *, anywhere: bool = False) -> Q | None:
        """Rows whose title has a word starting with `word` (search desk), or
        holds `word` `anywhere` (the coordinators' tools)."""
        if not self.title_search_field:
            return None
        column = f"{self.related_name}__{self.title_search_field}"
        if anywhere:
            return Q(**{f"{column}__contains": word})
        return Q(**{f"{column}__startswith": word}) | Q(
            **{f"{column}__contains": f" {word}"}
        )


_REGISTRY: dict[str, ModuleSpec] = {}


def register_module(spec: ModuleSpec) -> None:
    _REGISTRY[spec.key] = spec


def load_modules() -> None:
    """Register every module of `MODULES` (CaseworkConfig.ready; again, at no
    cost, by whatever reads the registry first, should that come earlier)."""
    for path in MODULES:
        spec = import_module(f"{path}.module").MODULE
        _REGISTRY.setdefault(spec.key, spec)


def get_module(key: str) -> ModuleSpec | None:
    if not _REGISTRY:
        load_modules()
    return _REGISTRY.get(key)


def modules() -> list[ModuleSpec]:
    if not _REGISTRY:
        load_modules()
    return list(_REGISTRY.values())


def module_of_model(model) -> ModuleSpec | None:
    """The module whose child table is `model` (or a subclass of it)."""
    return next((m for m in modules() if issubclass(model, m.get_model())), None)


def primary_module() -> ModuleSpec:
    return next(m for m in modules() if m.primary)


def modules_readable_by(user) -> list[ModuleSpec]:
    return [module for module in modules() if module.may_read(user)]


def modules_openable_by(user) -> list[ModuleSpec]:
    """The modules whose expedients `user` may open ("Nou expedient"): those
    with an opening screen."""
    return [
        module for module in modules() if module.add_url_name and module.may_open(user)
    ]


def module_alerts() -> list[ModuleAlert]:
    """Every module's alert kinds, in the order of the modules."""
    return [alert for module in modules() for alert in module.alert_kinds]


def module_models() -> list:
    return [module.get_model() for module in modules()]


def expedient_title(expedient) -> str:
    """The title its module gives `expedient` (the family name), or ""."""
    module = get_module(expedient.module)
    return module.title(expedient) if module else ""


def title_matches(word: str, *, anywhere: bool = False) -> Q:
    """Expedients of any module whose title has a word starting with `word`
    (or holding it `anywhere`)."""
    found = [m.title_matches(word, anywhere=anywhere) for m in modules()]
    matches = [match for match in found if match is not None]
    return reduce(operator.or_, matches) if matches else Q(pk__in=[])


def title_related() -> list[str]:
    """The child tables to select_related when showing titles."""
    return [m.related_name for m in modules() if m.title_field]
