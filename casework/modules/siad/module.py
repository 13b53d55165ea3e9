"""The women's service (SIAD) module, as the rest of Llar reads it (domain.md §3.5).

Its domain layer (always-confidential expedients, the SIAD actuació with its
dependent consultation lists, training resources with attendance) is built;
its screens are not yet: without an add view it is not offered under "Nou
expedient", and its expedients show the shared tabs only.
"""

from django.utils.translation import gettext_lazy as _

from ...enums import Module
from .. import ModuleSpec

MODULE = ModuleSpec(
    key=Module.SIAD,
    model="casework.WomensServiceCase",
    related_name="womens_service_case",
    new_label=_("New women's service (SIAD) expedient"),
    open_permission="casework.add_womensservicecase",
    view_permission="casework.view_womensservicecase",
    change_permission="casework.change_womensservicecase",
    reopen_permission="casework.reopen_womensservicecase",
    tabs=("cover", "persons", "history"),
)
