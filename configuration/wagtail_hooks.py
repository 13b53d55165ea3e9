"""Register the configuration app's viewsets and menus (hooks only register).

Policies are registered earlier, in ConfigurationConfig.ready
(configuration.permissions.register_policies): a viewset registered before its
policy makes Wagtail create a fallback policy (wagtail-notes §2b).
"""

from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static

from .viewsets.organisation import (
    PROFESSIONAL_BULK_ACTIONS,
    OrganisationGroup,
    ProfessionalChooserViewSet,
)

organisation_group = OrganisationGroup()
professional_chooser = ProfessionalChooserViewSet(
    "professional_chooser", url_prefix="configuration/choose-professional"
)


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return [organisation_group, professional_chooser]


# Later than wagtail.users' own (order 0), so these replace its unscoped actions.
for _action in PROFESSIONAL_BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=10)


@hooks.register("construct_reports_menu")
def hide_unscoped_reports(request, menu_items):
    """Site history is not scoped by area (see middleware.py): superusers only."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


# Catalogue viewsets are registered below.
# Catalogues: shared official entries plus each area's own (permissions.py).
from django.urls import path  # noqa: E402

from .views import CatalogueImportConfirmView, CatalogueImportView  # noqa: E402
from .viewsets.catalogues import CatalogueGroup  # noqa: E402

catalogue_group = CatalogueGroup()


@hooks.register("register_admin_viewset")
def register_catalogue_viewsets():
    return catalogue_group


@hooks.register("register_admin_urls")
def register_catalogue_import_urls():
    return [
        path(
            "configuration/catalogues/import/<slug:catalogue>/",
            CatalogueImportView.as_view(),
            name="configuration_catalogue_import",
        ),
        path(
            "configuration/catalogues/import/<slug:catalogue>/confirm/",
            CatalogueImportConfirmView.as_view(),
            name="configuration_catalogue_import_confirm",
        ),
    ]


# Configurable forms (issue #22): "Camps dels formularis" beside the catalogues.
from .viewsets.forms import FormFieldViewSet, form_field_urls  # noqa: E402

form_field_viewset = FormFieldViewSet("customfield")


@hooks.register("register_admin_viewset")
def register_form_field_viewset():
    return form_field_viewset


@hooks.register("register_admin_urls")
def register_form_field_urls():
    return form_field_urls()


# The Registres: the area's audit trail (configuration/audit/views.py).
from .audit.views import registres_viewset  # noqa: E402


@hooks.register("register_admin_viewset")
def register_registres_viewset():
    return registres_viewset


@hooks.register("insert_global_admin_js")
def date_picker_defaults():
    """Wagtail's date pickers keep typed dates and close once a day is chosen."""
    return format_html(
        '<script src="{}"></script>', versioned_static("llar/date-pickers.js")
    )


# Background exports: "My exports", their progress and downloads, the home notice.
from django.urls import reverse  # noqa: E402
from django.utils.translation import pgettext_lazy  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402

from .export_job_views import (  # noqa: E402
    ExportProgressView,
    MyExportsView,
    ReadyExportsPanel,
    export_download,
)


@hooks.register("register_admin_urls")
def register_export_job_urls():
    return [
        path("exportacions/", MyExportsView.as_view(), name="llar_exports"),
        path(
            "exportacions/progress/",
            ExportProgressView.as_view(),
            name="llar_export_progress",
        ),
        path(
            "exportacions/<int:pk>/download/",
            export_download,
            name="llar_export_download",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_my_exports_menu_item():
    # The screen's title is "My exports"; the menu's line has room for less.
    return MenuItem(
        pgettext_lazy("menu", "Exports"),
        reverse("llar_exports"),
        icon_name="download",
        order=780,
    )


@hooks.register("construct_homepage_panels")
def add_ready_exports_panel(request, panels):
    panels.append(ReadyExportsPanel(request.user))
