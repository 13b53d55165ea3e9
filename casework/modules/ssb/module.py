"""The basic social services module, as the rest of Llar reads it."""

from django.utils.translation import gettext_lazy as _

from ...enums import Module
from .. import ModuleSpec

MODULE = ModuleSpec(
    key=Module.SSB,
    model="casework.BasicCase",
    related_name="basic_case",
    new_label=_("New basic social services expedient"),
    open_permission="casework.add_basiccase",
    view_permission="casework.view_basiccase",
    change_permission="casework.change_basiccase",
    reopen_permission="casework.reopen_basiccase",
    add_url_name="casework_expedients:add",
    edit_url_name="casework_expedients:edit",
    explotacio="casework.modules.ssb.explotacio.LISTINGS",
    listings=("casework_expedients:index",),
    screens="casework.modules.ssb.viewsets",
    tabs=(
        "cover",
        "persons",
        "actuacions",
        "demands",
        "problems",
        "resources",
        "tramits",
        "plans",
        "housing",
        "genogram",
        "documents",
        "history",
    ),
    cover_panels="casework.modules.ssb.viewsets.cover_panels",
    cover_rows="casework/ssb/cover_rows.html",
    on_desk=True,
    title_field="family_name",
    title_search_field="family_search",
    follows={"stage": "casework.InterventionPlan"},
    audit_exclude=("family_search",),
    family_transfer=True,
    transfer_fields=("family_name",),
    primary=True,
    # The home panel's alerts (helpdesk.alerts.kinds) are all of this module's
    # items today.
    alert_kinds=(),
)
