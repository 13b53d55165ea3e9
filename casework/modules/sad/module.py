"""The home-care (SAD) module, as the rest of Llar reads it (domain.md §3.4).

Opened from the SSB expedient's pre-assigned 1.1.2.1 resource (the add view,
offered under "Nou expedient"); its expedient screen adds the state events
with their decisions (screens.py).
"""

from django.utils.translation import gettext_lazy as _

from ...enums import Module
from .. import ModuleAlert, ModuleSpec

ALERTS = "casework.modules.sad.alerts"

PRINTING = "casework.modules.sad.printing"

MODULE = ModuleSpec(
    key=Module.SAD,
    model="casework.HomeCareCase",
    related_name="home_care_case",
    new_label=_("New home-care (SAD) expedient"),
    open_permission="casework.add_homecarecase",
    view_permission="casework.view_homecarecase",
    change_permission="casework.change_homecarecase",
    approve_permission="casework.decide_homecareevent",
    add_url_name="casework_sad_add",
    edit_url_name="casework_sad_edit",
    screens="casework.modules.sad.screens",
    explotacio="casework.modules.sad.explotacio.LISTINGS",
    listings=("casework_sad_services:index", "casework_sad_events:index"),
    tabs=("cover", "persons", "sad_events", "sad_work_plans", "documents", "history"),
    # The module's own tabs in the printed expedient.
    print_sections={
        "sad_events": f"{PRINTING}.print_events",
        "sad_work_plans": f"{PRINTING}.print_work_plans",
    },
    # Events waiting for a decision over 7 days and services suspended over
    # 90 days (casework.modules.sad.alerts): the SAD manager's and the
    # coordinators' (who decide events), of every home-care expedient they see.
    alert_kinds=(
        ModuleAlert(
            key="sad_event_waiting",
            label=_("Home-care events waiting for a decision over 7 days"),
            rows=f"{ALERTS}.events_waiting_too_long",
            expedients=f"{ALERTS}.deciders_expedients",
            permission="casework.decide_homecareevent",
            describe=f"{ALERTS}.describe_waiting_event",
            tab="sad_events",
            expedient="case",
        ),
        ModuleAlert(
            key="sad_service_suspended",
            label=_("Home-care services suspended over 90 days"),
            rows=f"{ALERTS}.services_suspended_too_long",
            expedients=f"{ALERTS}.deciders_expedients",
            permission="casework.decide_homecareevent",
            describe=f"{ALERTS}.describe_suspended_service",
            tab="sad_events",
        ),
    ),
    # The SAD manager files and generates its documents (the signed service
    # agreement…) in home-care expedients only (domain.md §3.4).
    document_permission="casework.file_sad_documents",
)
