"""The women's service (SIAD) module, as the rest of Llar reads it (domain.md §3.5).

Opened from the person's Traçabilitat tab by SIAD technicians and coordinators
(the add view, offered under "Nou expedient"); always confidential. Its
expedient screen adds the SIAD actuacions and the training assigned to the
woman (screens.py); its listings are the SIAD actuacions and expedients with
filters and export.
"""

from django.utils.translation import gettext_lazy as _

from ...enums import Module
from .. import ModuleSpec

PRINTING = "casework.modules.siad.printing"

MODULE = ModuleSpec(
    key=Module.SIAD,
    model="casework.WomensServiceCase",
    related_name="womens_service_case",
    new_label=_("New women's service (SIAD) expedient"),
    open_permission="casework.add_womensservicecase",
    view_permission="casework.view_womensservicecase",
    change_permission="casework.change_womensservicecase",
    reopen_permission="casework.reopen_womensservicecase",
    # Its technicians and coordinators close it (domain.md §2.4: C R U in own
    # module), not the basic social services' direct-care right.
    close_permission="casework.close_womensservicecase",
    add_url_name="casework_siad_add",
    edit_url_name="casework_siad_edit",
    explotacio="casework.modules.siad.explotacio.LISTINGS",
    listings=("casework_siad_actuacions:index", "casework_siad_expedients:index"),
    screens="casework.modules.siad.screens",
    tabs=(
        "cover",
        "persons",
        "siad_actuacions",
        "siad_training",
        "documents",
        "history",
    ),
    # The module's own tabs in the printed expedient.
    print_sections={
        "siad_actuacions": f"{PRINTING}.print_actuacions",
        "siad_training": f"{PRINTING}.print_training",
    },
    # Its professionals file and generate documents in its expedients only.
    document_permission="casework.file_siad_documents",
)
