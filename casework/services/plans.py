"""Intervention plans and their objectives (domain.md §3.3.9).

Several plans may coexist in one expedient; the first open one moves a basic
social services expedient to the treatment stage. A closed plan is read-only,
objectives included.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.enums import ExpedientStage
from configuration.models import User
from configuration.versioning import save_versioned
from directory.models import Person

from ..enums import PlanClosingReason, PlanState
from ..models import Expedient, InterventionPlan, PlanObjective
from ..modules import get_module
from .common import (
    UNKNOWN,
    ensure_linked,
    ensure_open,
    item_lock_reason,
    transfer_lock_reason,
)


def plan_lock_reason(plan: InterventionPlan, *, transferred_at=UNKNOWN) -> str:
    """Why nobody may change `plan` or its objectives now ("" when they may):
    a closed expedient, a plan recorded before an information transfer, or a
    closed plan."""
    if reason := item_lock_reason(plan, transferred_at=transferred_at):
        return reason
    if not plan.is_open:
        return _("The plan “%(title)s” is closed: it can be read but not changed.") % {
            "title": plan.title
        }
    return ""


def objective_lock_reason(objective: PlanObjective) -> str:
    """Why nobody may change `objective` now: its plan's lock, told of the
    objective when it comes from an information transfer."""
    return transfer_lock_reason(objective) or plan_lock_reason(objective.plan)


def ensure_plan_open(plan: InterventionPlan) -> None:
    """Refuse any change to the plan or its objectives (see plan_lock_reason)."""
    if reason := plan_lock_reason(plan):
        raise ValidationError(reason, code="locked")


def _check_people(
    *, expedient: Expedient, referents: Iterable[User], affected: Iterable[Person]
) -> None:
    strangers = [
        user
        for user in referents
        if user.area_id != expedient.area_id or not user.is_active
    ]
    if strangers:
        raise ValidationError(
            _("%(names)s is not an active professional of this area.")
            % {"names": ", ".join(str(user) for user in strangers)}
        )
    if not referents:
        raise ValidationError(_("Name at least one referent professional of the plan."))
    if not affected:
        raise ValidationError(_("Choose the persons the plan affects."))
    ensure_linked(expedient, affected)


def _enter_treatment(expedient: Expedient, acting_user) -> None:
    """The first open plan puts the expedient in treatment, in the modules
    whose stage follows the plans (ModuleSpec.follows).

    Saved through `save_versioned`, so the cover's version moves too and a cover
    form open elsewhere cannot put the old stage back silently.
    """
    module = get_module(expedient.module)
    if module is None or "stage" not in module.follows:
        return
    case = (
        module.get_model()
        .objects.select_for_update()
        .filter(pk=expedient.pk)
        .exclude(stage=ExpedientStage.TREATMENT)
        .first()
    )
    if case is not None:
        case.stage = ExpedientStage.TREATMENT
        save_versioned(obj=case, expected_version=None, acting_user=acting_user)


@transaction.atomic
def plan_create(
    *,
    plan: InterventionPlan,
    referents: Iterable[User],
    affected_persons: Iterable[Person],
    acting_user,
) -> InterventionPlan:
    """Open `plan` (unsaved, fields filled) in its expedient."""
    referents, affected_persons = list(referents), list(affected_persons)
    ensure_open(plan.expedient)
    _check_people(
        expedient=plan.expedient, referents=referents, affected=affected_persons
    )
    plan.state = PlanState.OPEN
    plan.created_by = acting_user
    plan.full_clean()
    save_versioned(obj=plan, expected_version=None, acting_user=acting_user)
    plan.referents.set(referents)
    plan.affected_persons.set(affected_persons)
    _enter_treatment(plan.expedient, acting_user)
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: InterventionPlan,
    referents: Iterable[User],
    affected_persons: Iterable[Person],
    expected_version: int | None,
    acting_user,
    close_reason: str = "",
    close_on: date | None = None,
) -> InterventionPlan:
    """Save the changes to an open plan (versioned); a closing reason given
    with them closes it too (on `close_on`, today by default)."""
    referents, affected_persons = list(referents), list(affected_persons)
    ensure_plan_open(InterventionPlan.objects.get(pk=plan.pk))
    _check_people(
        expedient=plan.expedient, referents=referents, affected=affected_persons
    )
    plan.full_clean()
    save_versioned(obj=plan, expected_version=expected_version, acting_user=acting_user)
    plan.referents.set(referents)
    plan.affected_persons.set(affected_persons)
    if close_reason:
        plan_close(plan=plan, reason=close_reason, on=close_on, acting_user=acting_user)
    return plan


@transaction.atomic
def plan_close(
    *,
    plan: InterventionPlan,
    reason: str,
    acting_user,
    on: date | None = None,
    expected_version: int | None = None,
) -> InterventionPlan:
    """Close an open plan with a reason (PlanClosingReason) on `on` (today)."""
    ensure_plan_open(InterventionPlan.objects.get(pk=plan.pk))
    if reason not in PlanClosingReason.values:
        raise ValidationError(_("Choose why the plan is closed."))
    on = on or date.today()
    if on < plan.starts_on:
        raise ValidationError(_("A plan cannot close before it starts."))
    plan.state = PlanState.CLOSED
    plan.closing_reason = reason
    plan.closed_on = on
    save_versioned(obj=plan, expected_version=expected_version, acting_user=acting_user)
    return plan


# --- objectives ----------------------------------------------------------------------


def _save_objective(
    objective: PlanObjective,
    *,
    target_persons: Iterable[Person],
    expected_version: int | None,
    acting_user,
) -> PlanObjective:
    plan = InterventionPlan.objects.select_related("expedient").get(
        pk=objective.plan_id
    )
    ensure_plan_open(plan)
    target_persons = list(target_persons)
    affected = set(plan.affected_persons.values_list("pk", flat=True))
    strangers = [person for person in target_persons if person.pk not in affected]
    if strangers:
        raise ValidationError(
            _("%(names)s is not among the persons the plan affects.")
            % {"names": ", ".join(str(person) for person in strangers)}
        )
    if (
        objective.starts_on
        and objective.ends_on
        and objective.ends_on < objective.starts_on
    ):
        raise ValidationError(_("The end date cannot be before the start date."))
    objective.full_clean()
    save_versioned(
        obj=objective, expected_version=expected_version, acting_user=acting_user
    )
    objective.target_persons.set(target_persons)
    return objective


@transaction.atomic
def objective_add(
    *, objective: PlanObjective, target_persons: Iterable[Person] = (), acting_user
) -> PlanObjective:
    """Add `objective` (unsaved, fields filled) to its open plan."""
    return _save_objective(
        objective,
        target_persons=target_persons,
        expected_version=None,
        acting_user=acting_user,
    )


@transaction.atomic
def objective_update(
    *,
    objective: PlanObjective,
    target_persons: Iterable[Person],
    expected_version: int | None,
    acting_user,
) -> PlanObjective:
    """Save the changes to an objective of an open plan (versioned)."""
    return _save_objective(
        objective,
        target_persons=target_persons,
        expected_version=expected_version,
        acting_user=acting_user,
    )


@transaction.atomic
def objective_evaluate(
    *, objective: PlanObjective, result: str, acting_user
) -> PlanObjective:
    """Record whether the objective was achieved, partly achieved or not achieved."""
    objective.result = result
    return objective_update(
        objective=objective,
        target_persons=objective.target_persons.all(),
        expected_version=None,
        acting_user=acting_user,
    )
