"""Register the directory's policies (first) and its admin screens."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from configuration.scope import ScopedPermissionPolicy, policy_for

from .models import Kinship, Person, PersonExtended

for _model in (Person, PersonExtended, Kinship):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))

from .search_desk import SearchDeskView  # noqa: E402 - after the policies
from .viewsets import DirectoryGroup, PersonViewSet  # noqa: E402


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return [PersonViewSet("person"), DirectoryGroup()]


@hooks.register("register_admin_urls")
def register_search_desk_urls():
    return [
        path("cercador/", SearchDeskView.as_view(), name="directory_search"),
        path(
            "cercador/results/",
            SearchDeskView.as_view(results_only=True),
            name="directory_search_results",
        ),
    ]


class SearchDeskMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_for(Person).user_has_any_permission(
            request.user, ["view", "change", "add"]
        )


@hooks.register("register_admin_menu_item")
def register_search_desk_menu_item():
    # First in the menu: finding the person is where every visit starts.
    return SearchDeskMenuItem(
        _("Search desk"), reverse("directory_search"), icon_name="search", order=1
    )
