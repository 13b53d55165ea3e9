"""Register the directory's admin screens (its policies: DirectoryConfig.ready)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.search import SearchArea

from configuration.scope import policy_for

from .choosers import person_chooser_viewset  # noqa: E402
from .models import Person
from .permissions import user_can_merge_persons
from .search_desk import SearchDeskView  # noqa: E402 - after the policies
from .views import (  # noqa: E402
    DuplicateListView,
    HistorialView,
    MergeStartView,
    MergeView,
    UnmergeView,
)
from .viewsets import DirectoryGroup, KinshipViewSet, PersonViewSet  # noqa: E402


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return [
        PersonViewSet("person"),
        KinshipViewSet("kinship"),
        person_chooser_viewset,
        DirectoryGroup(),
    ]


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


def uses_the_desk(user) -> bool:
    return policy_for(Person).user_has_any_permission(user, ["view", "change", "add"])


class PersonSearchArea(SearchArea):
    """The sidebar's search box (Wagtail's first search area, at the top of the
    menu) is the search desk: it searches persons rather than the site's pages,
    and an empty search opens the desk with its filters. There is no separate
    "Search desk" menu item, which read as a second search right under it."""

    def is_shown(self, request):
        return uses_the_desk(request.user)


@hooks.register("register_admin_search_area")
def register_person_search_area():
    return PersonSearchArea(
        _("Persons"),
        reverse("directory_search"),
        name="persons",
        icon_name="group",
        order=1,  # before Wagtail's pages (100)
    )


@hooks.register("register_admin_urls")
def register_merge_and_history_urls():
    return [
        path(
            "directory/duplicates/",
            DuplicateListView.as_view(),
            name="directory_duplicates",
        ),
        path(
            "directory/merge/<int:a>/",
            MergeStartView.as_view(),
            name="directory_merge_start",
        ),
        path(
            "directory/merge/<int:a>/<int:b>/",
            MergeView.as_view(),
            name="directory_merge",
        ),
        path(
            "directory/merges/<int:pk>/undo/",
            UnmergeView.as_view(),
            name="directory_unmerge",
        ),
        path(
            "directory/persons/<int:pk>/historial/",
            HistorialView.as_view(),
            name="person_historial",
        ),
    ]


class DuplicatesMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_merge_persons(request.user)


@hooks.register("register_directory_menu_item")
def register_duplicates_menu_item():
    # In the Persons group, for those who may merge: the coordinators' worklist.
    return DuplicatesMenuItem(
        _("Likely duplicates"),
        reverse("directory_duplicates"),
        icon_name="resubmit",
        order=50,
    )
