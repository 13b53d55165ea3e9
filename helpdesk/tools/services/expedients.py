"""Transfer an expedient to another sector or subsector (domain.md §4.5).

- Information transfer (traspàs d'informació): the same expedient gets its new
  sector, subsector and reference team; what was recorded in it before stays
  readable but read-only (casework.services.common.information_transfer_at
  reads the date from this tool's summary entry in the audit trail).
- Family transfer (traspàs familiar): this expedient is closed (open plans
  closed, running problems ended) and a new one opens in the destination with
  the same family name, main person and living linked persons; nothing else is
  copied. Both automatic actuacions say where the family went or came from.
Both are in the expedient's history: auditlog's entry for the cover change (or
the closing) and the tool's summary entry.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework.enums import AutomaticEvent, PlanClosingReason, PlanState
from casework.models import Actuacio, Expedient
from casework.modules import get_module
from casework.permissions import transfer_sectors
from casework.services.common import INFORMATION_TRANSFER_TOOL, ensure_open
from casework.services.expedients import (
    ActionNotAllowed,
    expedient_close,
    expedient_open,
)
from casework.services.household import person_link
from casework.services.plans import plan_close
from configuration.models import ClosingReason, Sector, Subsector, Team
from configuration.versioning import save_versioned

from .common import log_tool

FAMILY_TRANSFER_TOOL = "family_transfer"


def _check_destination(
    expedient: Expedient, sector, subsector, team, acting_user
) -> None:
    errors = {}
    allowed = transfer_sectors(acting_user, expedient)
    if sector is None or sector.area_id != expedient.area_id:
        errors["sector"] = _("Choose a sector of the expedient's area.")
    elif not allowed.filter(pk=sector.pk).exists():
        errors["sector"] = _(
            "You may move an expedient only to the sectors of your teams."
        )
    elif subsector is not None and subsector.sector_id != sector.pk:
        errors["subsector"] = _("Choose a subsector of the chosen sector.")
    elif (sector.pk, getattr(subsector, "pk", None)) == (
        expedient.sector_id,
        expedient.subsector_id,
    ):
        errors["sector"] = _("The expedient is already in this sector and subsector.")
    if team is not None and team.area_id != expedient.area_id:
        errors["reference_team"] = _("Choose a team of the expedient's area.")
    if errors:
        raise ValidationError(errors)


def _locked(expedient: Expedient, acting_user) -> Expedient:
    """The expedient, locked, if `acting_user` may transfer it: a coordinator
    of its area, or a technician holding the transfer right in their own
    teams' sectors (domain.md §4.5)."""
    stored = Expedient.objects.select_for_update().get(pk=expedient.pk)
    if not transfer_sectors(acting_user, stored).exists():
        raise ActionNotAllowed(
            _(
                "Only a coordinator of the area, or a technician of a team "
                "working in its sector, may transfer this expedient."
            )
        )
    ensure_open(stored)
    return stored


def recorded_counts(expedient: Expedient) -> dict[str, int]:
    """How many items the expedient holds, by kind (what a transfer locks)."""
    return {
        "actuacions": expedient.actuacions.count(),
        "demands": expedient.demands.count(),
        "problems": expedient.problems.count(),
        "resources": expedient.resources.count(),
        "tramits": expedient.tramits.count(),
    }


@transaction.atomic
def expedient_information_transfer(
    *,
    expedient: Expedient,
    sector: Sector,
    acting_user,
    subsector: Subsector | None = None,
    reference_team: Team | None = None,
) -> Expedient:
    """Move the expedient itself to `sector` / `subsector` (and reference team).

    What was recorded before becomes read-only, so its open intervention plans
    are closed first ("Other"): a plan nobody may change or close would stay
    open, and alert as expired, for good. The new sector starts its own plan.
    """
    stored = _locked(expedient, acting_user)
    _check_destination(stored, sector, subsector, reference_team, acting_user)
    plans_closed = 0
    for plan in stored.plans.filter(state=PlanState.OPEN).order_by("pk"):
        plan_close(plan=plan, reason=PlanClosingReason.OTHER, acting_user=acting_user)
        plans_closed += 1
    origin = {"from_sector": stored.sector_id, "from_subsector": stored.subsector_id}
    stored.sector, stored.subsector = sector, subsector
    stored.reference_team = reference_team
    stored.full_clean()
    # Versioned: a cover form loaded before this is now out of date.
    save_versioned(obj=stored, expected_version=None, acting_user=acting_user)
    log_tool(
        instance=stored,
        tool=INFORMATION_TRANSFER_TOOL,
        acting_user=acting_user,
        to_sector=sector.pk,
        to_subsector=getattr(subsector, "pk", None),
        plans_closed=plans_closed,
        **origin,
        **recorded_counts(stored),
    )
    return stored


def family_links(expedient: Expedient):
    """(main link, other links of living persons) of the expedient."""
    links = list(expedient.links.select_related("person", "relationship"))
    main = next((link for link in links if link.is_main), None)
    if main is None or main.person.is_deceased:
        raise ValidationError(
            _(
                "The main person is deceased (or missing): make a living linked "
                "person the main one before a family transfer."
            )
        )
    others = [
        link for link in links if not link.is_main and not link.person.is_deceased
    ]
    return main, others


def _new_case(module, case: Expedient, sector, subsector, team) -> Expedient:
    """The family's new expedient: the cover's professionals and the module's
    `transfer_fields` (the family name) come along, nothing else."""
    return module.get_model()(
        area_id=case.area_id,
        sector=sector,
        subsector=subsector,
        reference_team=team,
        reference_professional=case.reference_professional,
        co_reference_professional=case.co_reference_professional,
        confidential=case.confidential,
        **{name: getattr(case, name) for name in module.transfer_fields},
    )


def _note_origin(new: Expedient, origin: Expedient, acting_user) -> None:
    opening = Actuacio.objects.get(expedient=new, event=AutomaticEvent.OPENED)
    opening.text = _("Family transfer from expedient %(number)s (%(sector)s).") % {
        "number": origin.number,
        "sector": origin.sector,
    }
    opening.updated_by = acting_user
    opening.save()


@transaction.atomic
def expedient_family_transfer(
    *,
    expedient: Expedient,
    sector: Sector,
    reason: ClosingReason,
    acting_user,
    subsector: Subsector | None = None,
    reference_team: Team | None = None,
) -> Expedient:
    """Close the expedient and open a new one for the family in `sector`;
    return the new expedient."""
    stored = _locked(expedient, acting_user)
    _check_destination(stored, sector, subsector, reference_team, acting_user)
    module = get_module(stored.module)
    transferable = module is not None and module.family_transfer
    case = (
        module.get_model().objects.filter(pk=stored.pk).first()
        if transferable
        else None
    )
    if case is None:
        raise ValidationError(
            _("Only basic social services expedients can be transferred this way.")
        )
    main, others = family_links(stored)
    new = expedient_open(
        case=_new_case(module, case, sector, subsector, reference_team),
        main_person=main.person,
        acting_user=acting_user,
    )
    for link in others:
        person_link(
            expedient=new,
            person=link.person,
            relationship=link.relationship,
            acting_user=acting_user,
        )
    _note_origin(new, stored, acting_user)
    note = _("Family transfer to expedient %(number)s (%(sector)s).") % {
        "number": new.number,
        "sector": sector,
    }
    expedient_close(
        case=case,
        reason=reason,
        acting_user=acting_user,
        on=date.today(),
        close_open_plans=True,
        end_open_problems=True,
        note=note,
    )
    log_tool(
        instance=stored,
        tool=FAMILY_TRANSFER_TOOL,
        acting_user=acting_user,
        to_expedient=new.pk,
        to_sector=sector.pk,
        persons=1 + len(others),
    )
    return new
