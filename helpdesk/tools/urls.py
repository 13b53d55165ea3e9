"""URLs of the coordinators' tools, under /admin/eines/ (namespace helpdesk_tools).

A tool about one row starts with a screen to choose it (`<tool>_pick`) and
works at `<kind>/<pk>/<tool>/`, which answers 404 outside the coordinator's scope.
"""

from django.urls import path

from .views import professionals as pro
from .views.index import ToolsIndexView

app_name = "helpdesk_tools"

urlpatterns = [
    path("", ToolsIndexView.as_view(), name="index"),
    path(
        "professionals/transfer/",
        pro.ProfessionalTransferPickView.as_view(),
        name="professional_transfer_pick",
    ),
    path(
        "professionals/<int:pk>/transfer/",
        pro.ProfessionalTransferView.as_view(),
        name="professional_transfer",
    ),
    path(
        "professionals/password/",
        pro.PasswordResetPickView.as_view(),
        name="password_reset_pick",
    ),
    path(
        "professionals/<int:pk>/password/",
        pro.PasswordResetView.as_view(),
        name="password_reset",
    ),
]
