"""Register the Explotació and Memòries screens, their menu items, and the
superusers' screen that edits the returns' definitions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .explotacio import user_runs_listings
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


class ExplotacioMenuItem(MenuItem):
    def is_shown(self, request):
        return user_runs_listings(request.user)


@hooks.register("register_admin_menu_item")
def register_explotacio_menu_item():
    # Beside Memòries: the listings before the returns.
    return ExplotacioMenuItem(
        _("Explotació"), reverse("reports_explotacio"), icon_name="list-ul", order=769
    )


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReturnsMenuItem(
        _("Memòries"), reverse("reports_return"), icon_name="table", order=770
    )
