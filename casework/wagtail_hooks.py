"""Register casework's screens: admin viewsets and URLs, the expedient
screen's tabs, the search desk's section and the person record's tab, row
action and button. (Its policies and data-layer plugs: CaseworkConfig.ready.)

Each part lists its own viewsets, URLs and tabs in `casework/viewsets/<part>.py`
(`VIEWSETS`, `URLS`, `TABS`, `MENU_ITEMS`), and each module in the Python module its
declaration names (`ModuleSpec.screens`), so the parts never edit one shared
file.
"""

from collections.abc import Callable
from importlib import import_module

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from directory.desk_sections import DeskSection, register_desk_section
from directory.record_tabs import (
    PERSON_ACTION_HOOK,
    PERSON_RECORD_BUTTON_HOOK,
    PERSON_RECORD_TAB_HOOK,
)

from .desk import find_expedients
from .modules import modules
from .panels import new_expedient_action, traceability_tab
from .tabs import register_tab
from .views import access_report, break_glass, document_generate, expedient_print
from .views import expedient as expedient_screen
from .views.expedient import EXPEDIENT_BUTTON_HOOK
from .viewsets import (
    benefits,
    documents,
    expedients,
    genogram,
    plans,
    record_tabs,
    records,
)

PARTS = (
    expedients,
    records,
    benefits,
    plans,
    documents,
    genogram,
    *(import_module(module.screens) for module in modules() if module.screens),
)

for _part in (expedient_screen, record_tabs, *PARTS):
    for _tab in getattr(_part, "TABS", ()):
        register_tab(_tab)


def module_submenu(label, icon: str, order: int, items) -> Callable[[], MenuItem]:
    """One sidebar entry named after the module, holding its menu items
    (shown when one of them is: Wagtail's SubmenuMenuItem)."""

    def submenu() -> MenuItem:
        return SubmenuMenuItem(
            label, Menu(items=[item() for item in items]), icon_name=icon, order=order
        )

    return submenu


# A module's own menu items (functions returning a MenuItem, `MENU_ITEMS`),
# gathered in a submenu when the part names one (`MENU_GROUP`: label, icon,
# order), so that each module takes one line of the sidebar.
for _part in PARTS:
    _items = getattr(_part, "MENU_ITEMS", ())
    _group = getattr(_part, "MENU_GROUP", None)
    if _group and len(_items) > 1:
        hooks.register("register_admin_menu_item", module_submenu(*_group, _items))
        continue
    for _item in _items:
        hooks.register("register_admin_menu_item", _item)

# The search desk also finds expedients by number, family name or document.
register_desk_section(
    DeskSection(
        key="expedients",
        label=_("Expedients"),
        template="casework/desk_expedients.html",
        find=find_expedients,
    )
)

# The person record's Traceability tab, the desk's "new expedient" action and
# the coordinators' access report (directory.record_tabs).
hooks.register(PERSON_RECORD_TAB_HOOK, traceability_tab)
hooks.register(PERSON_ACTION_HOOK, new_expedient_action)
hooks.register(PERSON_RECORD_BUTTON_HOOK, access_report.access_report_button)
# The expedient screen's "Print the expedient" (casework.expedient_pdf).
hooks.register(EXPEDIENT_BUTTON_HOOK, expedient_print.print_button)


@hooks.register("register_admin_viewset")
def register_casework_viewsets():
    return [viewset for part in PARTS for viewset in part.VIEWSETS]


@hooks.register("register_admin_urls")
def register_casework_urls():
    return [
        url
        for part in (
            *PARTS,
            break_glass,
            access_report,
            expedient_print,
            document_generate,
        )
        for url in part.URLS
    ]
