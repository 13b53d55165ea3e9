"""Opening, numbering, editing, closing and reopening expedients (domain.md
§3.3, §4.3, §4.4). Linked persons and housing: services/household.py."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from configuration.enums import ExpedientState
from configuration.models import ClosingReason, Sector, User
from configuration.versioning import save_versioned
from directory.models import Person

from ..enums import AutomaticEvent, PlanClosingReason, PlanState
from ..models import (
    Expedient,
    ExpedientSequence,
    InterventionPlan,
    LinkedPerson,
    ProblemRecord,
)
from ..modules import module_of_model
from ..permissions import user_can_change_reference, user_can_close, user_can_reopen
from ..signals import ReferenceChange, reference_professional_changed
from .common import automatic_actuacio, ensure_open


def next_number(*, area_id: int, year: int) -> str:
    """Return the area's next expedient number for `year`, e.g. ``2026/00042``.

    The sequence row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite
    serialises writers), so two professionals opening expedients at the same
    moment get two numbers. Must run inside the caller's transaction.
    """
    ExpedientSequence.objects.get_or_create(area_id=area_id, year=year)
    sequence = ExpedientSequence.objects.select_for_update().get(
        area_id=area_id, year=year
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{year}/{sequence.last_number:05d}"


@transaction.atomic
def expedient_open(
    *, case: Expedient, main_person: Person, acting_user, on: date | None = None
) -> Expedient:
    """Open a new expedient (any module) with its main person.

    Numbers it, stamps who opened it, links the main person and writes the
    automatic opening actuació. `case` is an unsaved row of a module's table
    (casework.modules) with its cover fields filled in.
    """
    on = on or date.today()
    if case.pk is not None:
        raise ValidationError(_("This expedient is already open."))
    if module := module_of_model(type(case)):
        case.module = module.key
    if not case.module:
        raise ValidationError(_("Choose the module of the expedient."))
    if main_person.area_id != case.area_id:
        raise ValidationError(_("The person belongs to another area."))
    if main_person.merged_into_id is not None:
        raise ValidationError(_("This person record was merged into another one."))
    case.state = ExpedientState.OPEN
    case.state_date = on
    case.created_by = case.updated_by = acting_user
    case.number = "-"  # validated below, numbered last so errors waste no number
    case.full_clean(exclude=["number"])
    case.number = next_number(area_id=case.area_id, year=on.year)
    case.save()
    LinkedPerson.objects.create(expedient=case, person=main_person, is_main=True)
    automatic_actuacio(
        expedient=case,
        event=AutomaticEvent.OPENED,
        acting_user=acting_user,
        on=on,
        persons=[main_person],
    )
    return case


def opening_sector(*, person: Person, area_id: int, sector: Sector | None) -> Sector:
    """The sector a module's expedient opens in: the one chosen, else the
    area's active sector of the person's municipality of residence; refused
    with a sentence naming the person when there is neither."""
    sector = (
        sector
        or Sector.objects.filter(
            area_id=area_id,
            municipality_id=person.residence_municipality_id,
            is_active=True,
        ).first()
    )
    if sector is None:
        raise ValidationError(
            {
                "sector": _(
                    "Choose the sector of the expedient: %(person)s does not live "
                    "in a municipality of the area."
                )
                % {"person": person}
            }
        )
    return sector


def open_expedients_of(*, person: Person, module: str, exclude=None):
    """Open expedients of `module` that `person` is linked to (for the warning)."""
    queryset = Expedient.objects.filter(
        links__person=person, module=module, state=ExpedientState.OPEN
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset


# --- the cover, its reference professional, closing and reopening -----------------

# An expedient closed longer ago than this is better replaced by a new one than
# reopened (domain.md §4.3): the screen suggests it.
REOPEN_SUGGEST_NEW_AFTER_DAYS = 365


class ActionNotAllowed(PermissionDenied):
    """The acting professional's role or territory does not allow this action."""


def reference_candidates(expedient: Expedient):
    """The professionals an expedient may be referred to: its area's active ones."""
    return User.objects.filter(area_id=expedient.area_id, is_active=True)


def check_reference_change(*, expedient: Expedient, professional, acting_user) -> None:
    if not user_can_change_reference(acting_user, expedient):
        raise ActionNotAllowed(
            _(
                "Only a coordinator, or a professional of a team working in sector "
                "%(sector)s, may change the reference professional."
            )
            % {"sector": expedient.sector}
        )
    if not reference_candidates(expedient).filter(pk=professional.pk).exists():
        raise ValidationError(
            {
                "reference_professional": _(
                    "Choose an active professional of the expedient's area."
                )
            }
        )


def reference_changes_announce(*, changes: list[ReferenceChange], acting_user) -> None:
    """Tell the apps above casework, once the caller's transaction commits,
    which expedients changed reference professional (helpdesk writes the
    handover summaries). Changes to the same professional are no change."""
    changes = [c for c in changes if c.from_professional_id != c.to_professional_id]
    if changes:
        # robust: the change is saved whatever a listener does with it, so a
        # failing summary is logged rather than turned into an error page.
        transaction.on_commit(
            lambda: reference_professional_changed.send(
                sender=Expedient, changes=changes, acting_user=acting_user
            ),
            robust=True,
        )


@transaction.atomic
def expedient_update(
    *, case: Expedient, acting_user, expected_version: int | None = None
) -> Expedient:
    """Save the cover: refused on a closed expedient, when someone else saved it
    since `expected_version` (EditConflict), and when the reference professional
    changes against the rule. A new reference professional is announced after
    commit (`reference_changes_announce`)."""
    stored = Expedient.objects.select_for_update().get(pk=case.pk)
    ensure_open(stored)
    if (case.sector_id, case.subsector_id) != (stored.sector_id, stored.subsector_id):
        raise ValidationError(
            {
                "sector": _(
                    "The sector and subsector change only by transferring the "
                    "expedient, which records the move and locks what was "
                    "recorded before."
                )
            }
        )
    change = ReferenceChange(
        case.pk, stored.reference_professional_id, case.reference_professional_id
    )
    if change.from_professional_id != change.to_professional_id:
        check_reference_change(
            expedient=stored,
            professional=case.reference_professional,
            acting_user=acting_user,
        )
    case.full_clean()
    saved = save_versioned(
        obj=case, expected_version=expected_version, acting_user=acting_user
    )
    reference_changes_announce(changes=[change], acting_user=acting_user)
    return saved


@transaction.atomic
def expedient_reference_change(
    *, case: Expedient, professional: User, acting_user, expected_version=None
) -> Expedient:
    """Make `professional` the expedient's reference professional, and nothing
    else (the action of those who may change it but not the whole cover, such
    as family workers). Refused as the cover's change is."""
    stored = Expedient.objects.select_for_update().get(pk=case.pk)
    ensure_open(stored)
    check_reference_change(
        expedient=stored, professional=professional, acting_user=acting_user
    )
    change = ReferenceChange(
        stored.pk, stored.reference_professional_id, professional.pk
    )
    stored.reference_professional = professional
    if stored.co_reference_professional_id == professional.pk:
        stored.co_reference_professional = None
    stored.full_clean()
    saved = save_versioned(
        obj=stored, expected_version=expected_version, acting_user=acting_user
    )
    reference_changes_announce(changes=[change], acting_user=acting_user)
    return saved


def _check_closing_date(case: Expedient, on: date) -> None:
    if on > date.today():
        raise ValidationError({"on": _("The closing date cannot be in the future.")})
    if on < case.state_date:
        raise ValidationError(
            {
                "on": _(
                    "The expedient cannot be closed before %(date)s, when it opened."
                )
                % {"date": formats.date_format(case.state_date, "SHORT_DATE_FORMAT")}
            }
        )


def _close_items(case: Expedient, on: date, *, plans: bool, problems: bool, user):
    if plans:
        for plan in InterventionPlan.objects.filter(
            expedient=case, state=PlanState.OPEN
        ):
            plan.state, plan.closed_on = PlanState.CLOSED, on
            plan.closing_reason = PlanClosingReason.EXPEDIENT_CLOSED
            plan.updated_by = user
            plan.save()
    if problems:
        running = ProblemRecord.objects.filter(
            expedient=case, starts_on__lte=on, ends_on__gt=on
        )
        for problem in running:
            problem.ends_on, problem.updated_by = on, user
            problem.save()


def _lock_for_state_change(case: Expedient) -> Expedient:
    stored = Expedient.objects.select_for_update().get(pk=case.pk)
    case.state, case.version = stored.state, stored.version
    return stored


@transaction.atomic
def expedient_close(
    *,
    case: Expedient,
    reason: ClosingReason,
    acting_user,
    on: date | None = None,
    close_open_plans: bool = False,
    end_open_problems: bool = False,
    note: str = "",
) -> Expedient:
    """Close the expedient for `reason` on `on` (today by default).

    Optionally closes its open plans (reason "the expedient was closed") and ends
    its running problems on that date; writes the automatic closing actuació.
    Closing a closed expedient is refused.
    """
    if not user_can_close(acting_user, case):
        raise ActionNotAllowed(
            _("Only technical roles and coordinators close an expedient.")
        )
    on = on or date.today()
    _lock_for_state_change(case)
    if not case.is_open:
        raise ValidationError(_("This expedient is already closed."))
    if reason is None or reason.area_id not in (None, case.area_id):
        raise ValidationError({"reason": _("Choose the reason for closing.")})
    _check_closing_date(case, on)
    _close_items(
        case, on, plans=close_open_plans, problems=end_open_problems, user=acting_user
    )
    text = " ".join(part for part in (str(reason), note.strip()) if part)
    return _change_state(case, acting_user, on=on, reason=reason, text=text)


def _change_state(case: Expedient, acting_user, *, on: date, reason, text: str):
    """Open (no reason) or close the expedient and write the automatic actuació."""
    closing = reason is not None
    case.state = ExpedientState.CLOSED if closing else ExpedientState.OPEN
    case.state_date, case.closing_reason = on, reason
    # Versioned: a cover form loaded before this is now out of date.
    save_versioned(obj=case, expected_version=None, acting_user=acting_user)
    automatic_actuacio(
        expedient=case,
        event=AutomaticEvent.CLOSED if closing else AutomaticEvent.REOPENED,
        acting_user=acting_user,
        on=on,
        text=text,
    )
    return case


def closed_long_ago(expedient: Expedient, today: date | None = None) -> bool:
    """Whether the screen should suggest a new expedient rather than reopening."""
    today = today or date.today()
    return not expedient.is_open and (
        (today - expedient.state_date).days > REOPEN_SUGGEST_NEW_AFTER_DAYS
    )


@transaction.atomic
def expedient_reopen(
    *, case: Expedient, reason: str, acting_user, on: date | None = None
) -> Expedient:
    """Reopen a closed expedient: a coordinator's decision with a reason, kept in
    the automatic reopening actuació (domain.md §4.3)."""
    if not user_can_reopen(acting_user, case):
        raise ActionNotAllowed(_("Only a coordinator may reopen an expedient."))
    _lock_for_state_change(case)
    if case.is_open:
        raise ValidationError(_("This expedient is open."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the expedient is reopened.")})
    return _change_state(
        case, acting_user, on=on or date.today(), reason=None, text=reason
    )
