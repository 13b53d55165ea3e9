"""Every write of the home-care module (domain.md §3.4, §4.2): keyword-only,
atomic, audited (the models are registered with auditlog in setup.py; each
row keeps who proposed and who decided, with the reason of a denial).

- `open_home_care_expedient`: from the person's open SSB expedient holding
  resource 1.1.2.1 pre-assigned; one open home-care expedient per person;
  writes the approved "Recollida d'informació".
- `propose_home_care_event`, `approve_home_care_event`,
  `deny_home_care_event`: the state events (rules.py says which may follow
  which); approving the end of service closes the expedient.
- `add_work_plan`, `update_work_plan`: how the service is delivered.
- `home_care_cover_update`: the cover's external reference and the area's
  own fields.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from configuration.enums import ExpedientState, ResourceState
from configuration.models import Benefit, ClosingReason, HomeCareTask
from configuration.versioning import save_versioned
from directory.models import Person

from ...enums import Module
from ...models import Expedient, Resource
from ...services.benefits import ensure_catalogue_entry
from ...services.common import ensure_open
from ...services.expedients import (
    ActionNotAllowed,
    _change_state,
    _check_closing_date,
    expedient_open,
    open_expedients_of,
)
from . import rules
from .enums import DEFINING_KINDS, HomeCareEventKind, HomeCareEventStatus
from .models import HomeCareCase, HomeCareDefinition, HomeCareEvent, HomeCareWorkPlan
from .permissions import (
    OPEN_RIGHT,
    user_can_change_cover,
    user_can_decide,
    user_can_open_home_care,
    user_can_plan,
    user_can_propose,
)

# The portfolio item a home-care expedient needs pre-assigned (domain.md §3.4).
HOME_CARE_BENEFIT_CODE = "1.1.2.1"
HOME_CARE_BENEFIT_NAME = "Servei d'ajuda a domicili"


@dataclass(frozen=True)
class Characteristics:
    """The service as a start or a modification defines it (plain data: a
    screen passes its form's cleaned data)."""

    service_type: int
    tasks: Sequence[HomeCareTask]
    weekly_hours: Decimal
    funding: int
    copayment: Decimal = Decimal(0)


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# --- opening ------------------------------------------------------------------------


def home_care_resource_label(area_id: int) -> str:
    """How refusals name the resource: the catalogue's entry (the area's own
    first), or the official code and name when the catalogue lacks it."""
    entries = Benefit.objects.filter(
        Q(area_id=area_id) | Q(area__isnull=True), code=HOME_CARE_BENEFIT_CODE
    )
    best = min(entries, key=lambda b: b.area_id is None, default=None)
    return str(best) if best else f"{HOME_CARE_BENEFIT_CODE} {HOME_CARE_BENEFIT_NAME}"


def _origin(*, by, person: Person, ssb_expedient: Expedient | None):
    """The open SSB expedient of `person` (visible to `by`) holding the
    home-care resource pre-assigned, and that resource; refused otherwise."""
    candidates = Expedient.objects.visible_to(by).filter(
        module=Module.SSB, state=ExpedientState.OPEN, links__person=person
    )
    if ssb_expedient is not None:
        candidates = candidates.filter(pk=ssb_expedient.pk)
    candidates = list(candidates.order_by("-created_at", "-pk"))
    resource_label = home_care_resource_label(person.area_id)
    if not candidates:
        raise ValidationError(
            _(
                "%(person)s has no open basic social services expedient of yours: "
                "a home-care expedient is opened from the one where resource "
                "%(resource)s is pre-assigned."
            )
            % {"person": person, "resource": resource_label}
        )
    resources = Resource.objects.filter(
        expedient__in=candidates,
        benefit__code=HOME_CARE_BENEFIT_CODE,
        state=ResourceState.PRE_ASSIGNED,
    ).order_by("-created_at", "-pk")
    by_expedient = {r.expedient_id: r for r in reversed(list(resources))}
    for expedient in candidates:
        if expedient.pk in by_expedient:
            return expedient, by_expedient[expedient.pk]
    raise ValidationError(
        _(
            "Resource %(resource)s is not pre-assigned in expedient %(number)s: "
            "pre-assign it there before opening a home-care expedient."
        )
        % {
            "resource": resource_label,
            "number": ", ".join(e.number for e in candidates),
        }
    )


def _only_one_open(*, by, person: Person) -> None:
    # Locked: two professionals opening one at the same moment get one each
    # in turn, and the second is refused here (PostgreSQL; SQLite serialises).
    list(Person.objects.select_for_update().filter(pk=person.pk).values("pk"))
    existing = open_expedients_of(person=person, module=Module.SAD).first()
    if existing is None:
        return
    if Expedient.objects.disclosable_to(by).filter(pk=existing.pk).exists():
        message = _(
            "%(person)s already has an open home-care expedient, %(number)s: "
            "only one at a time."
        ) % {"person": person, "number": existing.number}
    else:
        message = _(
            "%(person)s already has an open home-care expedient: only one at a time."
        ) % {"person": person}
    raise ValidationError(message)


@transaction.atomic
def open_home_care_expedient(
    *,
    by,
    person: Person,
    ssb_expedient: Expedient | None = None,
    reference_professional=None,
    on: date | None = None,
) -> HomeCareCase:
    """Open a home-care expedient for `person` (domain.md §3.4, §4.2).

    It comes from the person's open SSB expedient (`ssb_expedient`, or the
    newest one `by` sees that holds the resource) where resource 1.1.2.1 is
    pre-assigned, and takes its area, sector, subsector, reference team and
    reference professional (unless another is given) and the shared
    numbering. Writes the automatic opening actuació and the approved
    "Recollida d'informació" event.
    """
    if not (by.is_superuser or by.has_perm(OPEN_RIGHT)):
        raise ActionNotAllowed(_("Your role does not open home-care expedients."))
    on = on or date.today()
    _only_one_open(by=by, person=person)
    origin, resource = _origin(by=by, person=person, ssb_expedient=ssb_expedient)
    if not user_can_open_home_care(by, origin):
        raise ActionNotAllowed(_("Your role does not open home-care expedients."))
    case = HomeCareCase(
        area_id=origin.area_id,
        module=Module.SAD,
        sector_id=origin.sector_id,
        subsector_id=origin.subsector_id,
        reference_team_id=origin.reference_team_id,
        reference_professional=reference_professional or origin.reference_professional,
        origin=origin,
        origin_resource=resource,
    )
    expedient_open(case=case, main_person=person, acting_user=by, on=on)
    now = timezone.now()
    event = HomeCareEvent(
        case=case,
        kind=HomeCareEventKind.INFORMATION,
        status=HomeCareEventStatus.APPROVED,
        date=on,
        proposed_by=by,
        proposed_at=now,
        decided_by=by,
        decided_at=now,
    )
    event.full_clean()
    event.save()
    case.event_in_force = event
    return save_versioned(obj=case, expected_version=None, acting_user=by)


# --- state events ---------------------------------------------------------------------


def _locked_case(case: HomeCareCase) -> HomeCareCase:
    return HomeCareCase.objects.select_for_update().get(pk=case.pk)


def _check_details(*, case, kind, closing_reason, characteristics) -> None:
    """The end of service needs its reason; a start or a modification its
    characteristics; no other event carries either."""
    if kind == HomeCareEventKind.END:
        if closing_reason is None:
            raise ValidationError(
                {"closing_reason": _("Choose the reason for the end of service.")}
            )
        ensure_catalogue_entry(
            closing_reason, expedient=case, label=ClosingReason._meta.verbose_name
        )
    elif closing_reason is not None:
        raise ValidationError(
            {"closing_reason": _("Only the end of service has a closing reason.")}
        )
    if kind in DEFINING_KINDS and characteristics is None:
        raise ValidationError(_("Define the service: its type, tasks and hours."))
    if kind not in DEFINING_KINDS and characteristics is not None:
        raise ValidationError(_("Only a start or a modification defines the service."))


def _save_definition(*, event: HomeCareEvent, data: Characteristics) -> None:
    tasks = list(data.tasks)
    if not tasks:
        raise ValidationError({"tasks": _("Choose at least one task.")})
    for task in tasks:
        ensure_catalogue_entry(
            task, expedient=event.case, label=HomeCareTask._meta.verbose_name
        )
    definition = HomeCareDefinition(
        event=event,
        service_type=data.service_type,
        weekly_hours=data.weekly_hours,
        funding=data.funding,
        copayment=data.copayment,
    )
    definition.full_clean()
    definition.save()
    definition.tasks.set(tasks)


@transaction.atomic
def propose_home_care_event(
    *,
    by,
    case: HomeCareCase,
    kind: str,
    on: date,
    notes: str = "",
    closing_reason: ClosingReason | None = None,
    characteristics: Characteristics | None = None,
) -> HomeCareEvent:
    """Propose a state event dated `on`, to be approved or denied.

    A start or a modification carries the service's characteristics; an end
    of service its closing reason. Refused (with a sentence) when the event
    cannot follow the state in force, or while another waits for a decision.
    """
    case = _locked_case(case)
    if not user_can_propose(by, case):
        raise ActionNotAllowed(
            _(
                "Only a professional who may change the person's basic social "
                "services expedient proposes home-care events."
            )
        )
    if reason := rules.pending_refusal(case) or rules.refusal(case, kind, on):
        raise ValidationError(reason)
    _check_details(
        case=case,
        kind=kind,
        closing_reason=closing_reason,
        characteristics=characteristics,
    )
    event = HomeCareEvent(
        case=case,
        kind=kind,
        date=on,
        notes=notes.strip(),
        closing_reason=closing_reason,
        proposed_by=by,
    )
    event.full_clean()
    event.save()
    if characteristics is not None:
        _save_definition(event=event, data=characteristics)
    return event


def _locked_pending(*, by, event: HomeCareEvent) -> tuple[HomeCareEvent, HomeCareCase]:
    event = HomeCareEvent.objects.select_for_update().get(pk=event.pk)
    case = _locked_case(event.case)
    if not user_can_decide(by, case):
        raise ActionNotAllowed(
            _(
                "Only the SAD manager or a coordinator of the area approves or "
                "denies home-care events."
            )
        )
    if not event.is_pending:
        raise ValidationError(
            _("This event was already decided: %(status)s.")
            % {"status": event.get_status_display().lower()}
        )
    return event, case


def _decide(event: HomeCareEvent, *, by, status: str, reason: str = "") -> None:
    event.status, event.denial_reason = status, reason
    event.decided_by, event.decided_at = by, timezone.now()
    event.full_clean()
    event.save()


@transaction.atomic
def approve_home_care_event(*, by, event: HomeCareEvent) -> HomeCareEvent:
    """Approve a proposed event: it becomes the state in force (and a start
    or modification the characteristics in force). Checked again against the
    state in force now. Approving the end of service closes the expedient on
    its date with its reason (writing the automatic closing actuació)."""
    event, case = _locked_pending(by=by, event=event)
    if reason := rules.refusal(case, event.kind, event.date):
        raise ValidationError(reason)
    _decide(event, by=by, status=HomeCareEventStatus.APPROVED)
    case.event_in_force = event
    if event.kind in DEFINING_KINDS:
        case.definition_in_force = event.definition
    if event.kind != HomeCareEventKind.END:
        save_versioned(obj=case, expected_version=None, acting_user=by)
        return event
    _check_closing_date(case, event.date)
    text = " ".join(p for p in (str(event.closing_reason), event.notes) if p)
    _change_state(case, by, on=event.date, reason=event.closing_reason, text=text)
    return event


@transaction.atomic
def deny_home_care_event(*, by, event: HomeCareEvent, reason: str) -> HomeCareEvent:
    """Deny a proposed event, saying why: the state in force stays as it was."""
    reason = (reason or "").strip()
    event, _case = _locked_pending(by=by, event=event)
    if not reason:
        raise ValidationError({"denial_reason": _("Say why the event is denied.")})
    _decide(event, by=by, status=HomeCareEventStatus.DENIED, reason=reason)
    return event


# --- work plans -----------------------------------------------------------------------


def _check_plan(*, by, case: HomeCareCase, starts_on: date) -> None:
    if not user_can_plan(by, case):
        raise ActionNotAllowed(
            _("Only the SAD manager or a coordinator of the area sets work plans.")
        )
    ensure_open(case)
    opened = case.events.filter(kind=HomeCareEventKind.INFORMATION).first()
    opened_on = opened.date if opened else case.state_date
    if starts_on < opened_on:
        raise ValidationError(
            {
                "starts_on": _(
                    "A work plan cannot start before %(date)s, when the expedient "
                    "opened."
                )
                % {"date": _day(opened_on)}
            }
        )


@transaction.atomic
def add_work_plan(
    *,
    by,
    case: HomeCareCase,
    starts_on: date,
    weekdays: Sequence[int],
    hours: Decimal,
    periodicity: str,
    notes: str = "",
) -> HomeCareWorkPlan:
    """Add a work plan from `starts_on`; the plan in force is the one with the
    latest start not in the future."""
    _check_plan(by=by, case=case, starts_on=starts_on)
    plan = HomeCareWorkPlan(
        case=case,
        starts_on=starts_on,
        periodicity=periodicity,
        weekdays=list(weekdays),
        hours=hours,
        notes=notes.strip(),
        created_by=by,
    )
    plan.full_clean()
    return save_versioned(obj=plan, expected_version=None, acting_user=by)


@transaction.atomic
def update_work_plan(
    *,
    by,
    plan: HomeCareWorkPlan,
    expected_version: int | None,
    starts_on: date,
    weekdays: Sequence[int],
    hours: Decimal,
    periodicity: str,
    notes: str = "",
) -> HomeCareWorkPlan:
    """Change a work plan that has not started yet. One in force, or past,
    stays as it was (each stage of the service shows it): add a new one."""
    stored = HomeCareWorkPlan.objects.get(pk=plan.pk)
    if stored.starts_on <= date.today():
        raise ValidationError(
            _(
                "This work plan has applied since %(date)s: add a new plan rather "
                "than changing it."
            )
            % {"date": _day(stored.starts_on)}
        )
    _check_plan(by=by, case=stored.case, starts_on=starts_on)
    plan.starts_on, plan.periodicity, plan.hours = starts_on, periodicity, hours
    plan.weekdays, plan.notes = list(weekdays), notes.strip()
    plan.full_clean()
    return save_versioned(obj=plan, expected_version=expected_version, acting_user=by)


@transaction.atomic
def home_care_cover_update(
    *,
    by,
    case: HomeCareCase,
    expected_version: int | None,
    external_reference: str = "",
    extra: dict | None = None,
) -> HomeCareCase:
    """Change the external reference of an open home-care expedient; `extra`,
    the area's own fields of its cover (None keeps them). The SAD manager's
    and the coordinators'; a stale save (`expected_version`) is refused with
    `EditConflict`."""
    if not user_can_change_cover(by, case):
        raise ActionNotAllowed(
            _("Only the SAD manager and the coordinators change a home-care cover.")
        )
    ensure_open(case)
    case.external_reference = (external_reference or "").strip()
    if extra is not None:
        case.extra = extra
    case.full_clean()
    return save_versioned(obj=case, expected_version=expected_version, acting_user=by)
