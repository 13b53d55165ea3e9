"""URLs of the coordinators' tools, under /admin/eines/ (namespace helpdesk_tools).

A tool about one row starts with a screen to choose it (`<tool>_pick`) and
works at `<kind>/<pk>/<tool>/`, which answers 404 outside the coordinator's scope.
"""

from django.urls import path

from .views import deletion, items, persons
from .views import expedients as exp
from .views import professionals as pro
from .views.index import ToolsIndexView

app_name = "helpdesk_tools"


def tool_paths(kind: str, action: str, name: str, pick_view, view) -> list:
    return [
        path(f"{kind}/{action}/", pick_view.as_view(), name=f"{name}_pick"),
        path(f"{kind}/<int:pk>/{action}/", view.as_view(), name=name),
    ]


urlpatterns = [
    path("", ToolsIndexView.as_view(), name="index"),
    *tool_paths(
        "professionals",
        "transfer",
        "professional_transfer",
        pro.ProfessionalTransferPickView,
        pro.ProfessionalTransferView,
    ),
    *tool_paths(
        "professionals",
        "password",
        "password_reset",
        pro.PasswordResetPickView,
        pro.PasswordResetView,
    ),
    *tool_paths(
        "expedients",
        "transfer",
        "expedient_transfer",
        exp.ExpedientTransferPickView,
        exp.ExpedientTransferView,
    ),
    *tool_paths(
        "expedients",
        "move-items",
        "items_move",
        items.ItemsMovePickView,
        items.ItemsMoveView,
    ),
    path(
        "expedients/unlink-person/",
        exp.PersonUnlinkPickView.as_view(),
        name="person_unlink_pick",
    ),
    *tool_paths(
        "expedients",
        "delete-items",
        "items_delete",
        deletion.ItemsDeletePickView,
        deletion.ItemsDeleteView,
    ),
    *tool_paths(
        "expedients",
        "restore-items",
        "items_restore",
        deletion.ItemsRestorePickView,
        deletion.ItemsRestoreView,
    ),
    *tool_paths(
        "persons",
        "recover",
        "person_recover",
        persons.PersonRecoverPickView,
        persons.PersonRecoverView,
    ),
]
