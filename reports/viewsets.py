"""The superusers' screen that edits the returns' definitions: RUDEL changes
from year to year, so its variables are data (no role holds these rights;
superusers hold every right)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ReturnDefinition


class ReturnDefinitionViewSet(ModelViewSet):
    model = ReturnDefinition
    icon = "table"
    menu_label = _("Return definitions")
    add_to_settings_menu = True
    url_prefix = "reports/definitions"
    list_display = ["title", "year", "kind", "updated_at"]
    list_filter = ["kind", "year"]
    search_fields = ["title"]
    inspect_view_enabled = True


definitions = ReturnDefinitionViewSet("return_definitions")
