"""The child and adolescent protection (EAIA) module, as the rest of Llar
reads it (domain.md §3.7).

Opened from the child's Traçabilitat tab by EAIA technicians and coordinators
(the cover's add view, offered under "Nou expedient"); the cover has the
priority and its due date, the DGAIA/SAIA report and the case synthesis. Its
expedient screen adds Evolució (the contiguous periods of the child's
protection situation) and the EAIA actuacions (screens.py). Only the
information transfer applies (no family transfer).
"""

from django.utils.translation import gettext_lazy as _

from ...enums import Module
from .. import ModuleAlert, ModuleSpec

ALERTS = "casework.modules.eaia.alerts"

PRINTING = "casework.modules.eaia.printing"

MODULE = ModuleSpec(
    key=Module.EAIA,
    model="casework.ChildProtectionCase",
    related_name="child_protection_case",
    new_label=_("New child protection (EAIA) expedient"),
    open_permission="casework.add_childprotectioncase",
    view_permission="casework.view_childprotectioncase",
    change_permission="casework.change_childprotectioncase",
    reopen_permission="casework.reopen_childprotectioncase",
    # Its technicians and coordinators close it (domain.md §2.4: C R U in
    # their own module), not the basic social services' direct-care right.
    close_permission="casework.close_childprotectioncase",
    add_url_name="casework_eaia_expedients:add",
    edit_url_name="casework_eaia_expedients:edit",
    explotacio="casework.modules.eaia.explotacio.LISTINGS",
    listings=("casework_eaia_expedients:index", "casework_eaia_actuacions:index"),
    screens="casework.modules.eaia.screens",
    tabs=(
        "cover",
        "persons",
        "eaia_evolution",
        "eaia_actuacions",
        "documents",
        "history",
    ),
    # The module's own tabs in the printed expedient.
    print_sections={
        "eaia_evolution": f"{PRINTING}.print_evolution",
        "eaia_actuacions": f"{PRINTING}.print_actuacions",
    },
    cover_panels="casework.modules.eaia.screens.cover_panels",
    cover_rows="casework/eaia/cover_rows.html",
    # The priority's due date passed with no case synthesis, and a report to
    # DGAIA/SAIA prepared and still waiting for its resolution (alerts.py):
    # the EAIA professionals' and coordinators' of every EAIA expedient they see.
    alert_kinds=(
        ModuleAlert(
            key="eaia_priority_overdue",
            label=_("EAIA priority due date passed without a case synthesis"),
            rows=f"{ALERTS}.priority_overdue",
            expedients=f"{ALERTS}.eaia_expedients",
            permission="casework.change_childprotectioncase",
            describe=f"{ALERTS}.describe_priority_overdue",
            tab="cover",
        ),
        ModuleAlert(
            key="eaia_report_pending",
            label=_("Reports to DGAIA/SAIA waiting for a resolution"),
            rows=f"{ALERTS}.report_pending",
            expedients=f"{ALERTS}.eaia_expedients",
            permission="casework.change_childprotectioncase",
            describe=f"{ALERTS}.describe_report_pending",
            tab="cover",
        ),
    ),
    # Its professionals file and generate documents in its expedients only.
    document_permission="casework.file_eaia_documents",
)
