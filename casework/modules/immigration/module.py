"""The immigration and citizenship module, as the rest of Llar reads it
(domain.md §3.6).

Opened from the person's Traçabilitat tab by immigration technicians and
coordinators (the add view, offered under "Nou expedient"). Its expedient
screen shows the first-reception process (start, two-year end, expired or
not) with the person's country of birth and mother tongue, and adds the
module's actuacions and its tràmits (screens.py); its listings are the
immigration expedients and actuacions with filters and export.
"""

from django.utils.translation import gettext_lazy as _

from ...enums import Module
from .. import ModuleSpec

PRINTING = "casework.modules.immigration.printing"

MODULE = ModuleSpec(
    key=Module.IMMIGRATION,
    model="casework.ImmigrationCase",
    related_name="immigration_case",
    new_label=_("New immigration expedient"),
    open_permission="casework.add_immigrationcase",
    view_permission="casework.view_immigrationcase",
    change_permission="casework.change_immigrationcase",
    reopen_permission="casework.reopen_immigrationcase",
    # Its technicians and coordinators close it (domain.md §2.4: C R U in own
    # module), not the basic social services' direct-care right.
    close_permission="casework.close_immigrationcase",
    add_url_name="casework_immigration_add",
    edit_url_name="casework_immigration_edit",
    explotacio="casework.modules.immigration.explotacio.LISTINGS",
    listings=(
        "casework_immigration_expedients:index",
        "casework_immigration_actuacions:index",
    ),
    screens="casework.modules.immigration.screens",
    tabs=(
        "cover",
        "persons",
        "immigration_actuacions",
        "immigration_training",
        "tramits",
        "documents",
        "history",
    ),
    # The module's own tabs in the printed expedient.
    print_sections={
        "immigration_actuacions": f"{PRINTING}.print_actuacions",
        "immigration_training": f"{PRINTING}.print_training",
    },
    cover_rows="casework/immigration/cover_rows.html",
    # Tràmits are recorded here (domain.md §3.6) by its professionals, who
    # record none in the basic social services expedients they read.
    tramit_permission="casework.record_immigration_tramits",
    # Its professionals file and generate documents in its expedients only.
    document_permission="casework.file_immigration_documents",
)
