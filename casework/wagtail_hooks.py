"""Register casework's policies (first) and its admin screens.

Each part lists its own viewsets and URLs in `casework/viewsets/<part>.py`
(`VIEWSETS`, `URLS`), and each module in the Python module its declaration
names (`ModuleSpec.screens`), so the parts never edit one shared file.
"""

from importlib import import_module

from wagtail import hooks

from .modules import modules
from .permissions import register_policies

register_policies()

from .views import access_report, break_glass  # noqa: E402
from .viewsets import benefits, expedients, plans, records  # noqa: E402

PARTS = (
    expedients,
    records,
    benefits,
    plans,
    *(import_module(module.screens) for module in modules() if module.screens),
)


@hooks.register("register_admin_viewset")
def register_casework_viewsets():
    return [viewset for part in PARTS for viewset in part.VIEWSETS]


@hooks.register("register_admin_urls")
def register_casework_urls():
    return [url for part in (*PARTS, break_glass, access_report) for url in part.URLS]
