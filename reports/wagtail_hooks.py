"""Register the Memòries screens, their menu item, and the superusers' screen
that edits the returns' definitions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .urls import URLS
from .views import user_produces_returns
from .viewsets import definitions


@hooks.register("register_admin_urls")
def register_reports_urls():
    return URLS


@hooks.register("register_admin_viewset")
def register_reports_viewsets():
    return [definitions]


class ReturnsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_produces_returns(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReturnsMenuItem(
        _("Memòries"), reverse("reports_return"), icon_name="table", order=770
    )
