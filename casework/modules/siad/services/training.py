"""Training resources given to the woman and her attendance (domain.md §3.5)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from configuration.models import User
from configuration.versioning import save_versioned

from ....models import Expedient
from ....services.common import ensure_open, item_lock_reason
from ....services.records import apply_values
from ..models import SiadTrainingAssignment, SiadTrainingSession
from ..permissions import (
    SESSION_ADD_RIGHT,
    SESSION_CHANGE_RIGHT,
    TRAINING_ADD_RIGHT,
    TRAINING_CHANGE_RIGHT,
)
from .common import ensure_right, main_person


def _check_resource(expedient: Expedient, resource, stored_id: int | None) -> None:
    if resource.area_id != expedient.area_id:
        raise ValidationError(
            {"resource": _("Choose a training resource of this area.")}
        )
    if not resource.is_active and resource.pk != stored_id:
        raise ValidationError(
            {"resource": _("This training resource is no longer offered.")}
        )


def _check_not_assigned(assignment: SiadTrainingAssignment) -> None:
    others = SiadTrainingAssignment.objects.filter(
        expedient_id=assignment.expedient_id,
        person_id=assignment.person_id,
        resource_id=assignment.resource_id,
    ).exclude(pk=assignment.pk)
    if others.exists():
        raise ValidationError(
            {
                "resource": _(
                    "%(resource)s is already assigned to %(person)s in this "
                    "expedient: record its sessions there."
                )
                % {"resource": assignment.resource.name, "person": assignment.person}
            }
        )


def _ensure_changeable(assignment: SiadTrainingAssignment) -> None:
    if reason := item_lock_reason(assignment):
        raise ValidationError(reason, code="locked")


@transaction.atomic
def siad_training_assign(
    *,
    by: User,
    expedient: Expedient,
    resource,
    on: date | None = None,
    notes: str = "",
) -> SiadTrainingAssignment:
    """Assign a resource of the area's SIAD training catalogue to the woman.

    The woman is the expedient's main person; the resource must be the area's
    and still offered, and is given to her once per expedient (her sessions
    are then recorded on it).
    """
    ensure_right(
        by,
        expedient,
        TRAINING_ADD_RIGHT,
        _("Only the SIAD professionals of this expedient may assign training."),
    )
    ensure_open(expedient)
    _check_resource(expedient, resource, None)
    assignment = SiadTrainingAssignment(
        expedient=expedient,
        person=main_person(expedient),
        resource=resource,
        assigned_on=on or date.today(),
        notes=notes.strip(),
        created_by=by,
    )
    _check_not_assigned(assignment)
    assignment.full_clean()
    return save_versioned(obj=assignment, expected_version=None, acting_user=by)


@transaction.atomic
def siad_training_update(
    *,
    by: User,
    assignment: SiadTrainingAssignment,
    expected_version: int | None = None,
    **values,
) -> SiadTrainingAssignment:
    """Change an assigned training resource (resource, assigned_on, notes)."""
    stored = SiadTrainingAssignment.objects.select_related("expedient").get(
        pk=assignment.pk
    )
    ensure_right(
        by,
        stored.expedient,
        TRAINING_CHANGE_RIGHT,
        _("Only the SIAD professionals of this expedient may change its training."),
    )
    _ensure_changeable(stored)
    unknown = set(values) - {"resource", "assigned_on", "notes"}
    if unknown:
        raise ValidationError(_("Only the resource, its date and notes change."))
    apply_values(assignment, values)
    assignment.notes = (assignment.notes or "").strip()
    _check_resource(stored.expedient, assignment.resource, stored.resource_id)
    _check_not_assigned(assignment)
    first = assignment.sessions.order_by("date").values_list("date", flat=True)
    if (first := first.first()) is not None and assignment.assigned_on > first:
        raise ValidationError(
            {
                "assigned_on": _(
                    "The first session was on %(date)s: the resource was assigned "
                    "by then."
                )
                % {"date": date_format(first, "SHORT_DATE_FORMAT")}
            }
        )
    assignment.full_clean()
    return save_versioned(
        obj=assignment, expected_version=expected_version, acting_user=by
    )


def _check_session(session: SiadTrainingSession) -> None:
    assignment = session.assignment
    if session.date is None:
        raise ValidationError({"date": _("Type the date of the session.")})
    if session.date > date.today():
        raise ValidationError({"date": _("Record a session once it has taken place.")})
    if session.date < assignment.assigned_on:
        raise ValidationError(
            {
                "date": _(
                    "The resource was assigned on %(date)s: a session cannot be "
                    "earlier."
                )
                % {"date": date_format(assignment.assigned_on, "SHORT_DATE_FORMAT")}
            }
        )
    if session.attended is None:
        raise ValidationError({"attended": _("Say whether she attended.")})
    session.full_clean()


@transaction.atomic
def siad_session_record(
    *,
    by: User,
    assignment: SiadTrainingAssignment,
    on: date,
    attended: bool,
) -> SiadTrainingSession:
    """Record a session of an assigned training resource and whether she came.

    One session per day and resource; not before the resource was assigned,
    nor in the future.
    """
    ensure_right(
        by,
        assignment.expedient,
        SESSION_ADD_RIGHT,
        _("Only the SIAD professionals of this expedient may record attendance."),
    )
    _ensure_changeable(assignment)
    session = SiadTrainingSession(
        assignment=assignment, date=on, attended=attended, created_by=by
    )
    _check_session(session)
    return save_versioned(obj=session, expected_version=None, acting_user=by)


@transaction.atomic
def siad_session_update(
    *,
    by: User,
    session: SiadTrainingSession,
    expected_version: int | None = None,
    on: date | None = None,
    attended: bool | None = None,
) -> SiadTrainingSession:
    """Correct a session's date or attendance (None: keep it)."""
    assignment = session.assignment
    ensure_right(
        by,
        assignment.expedient,
        SESSION_CHANGE_RIGHT,
        _("Only the SIAD professionals of this expedient may change attendance."),
    )
    _ensure_changeable(assignment)
    if on is not None:
        session.date = on
    if attended is not None:
        session.attended = attended
    _check_session(session)
    return save_versioned(
        obj=session, expected_version=expected_version, acting_user=by
    )
