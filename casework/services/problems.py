"""Recording problemàtiques in an expedient (domain.md §3.3.6, §4.1).

A problem is recorded once per person and catalogue problem, then extended
(a later end date while it runs) or reopened (a new end date once it has
ended) rather than recorded again. The admin screens are in
casework/viewsets/records.py.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from configuration.versioning import save_versioned
from directory.models import Person

from ..enums import ProblemScope
from ..models import Expedient, ProblemRecord
from ..models.items import end_of_year
from .common import (
    ensure_item_changeable,
    ensure_linked,
    ensure_open,
    information_transfer_at,
    residence_gate,
)
from .records import (
    apply_values,
    check_catalogue,
    listed_or_current,
    require_persons,
)


def problem_clash(
    *, record: ProblemRecord, persons: Iterable[Person]
) -> ProblemRecord | None:
    """Return a record of the same catalogue problem for any of `persons` in the
    same expedient, other than `record` itself.

    The catalogue is renewed each year, so "the same problem" is the same code
    in the same catalogue (shared or the area's), whatever its year. Records
    made before the expedient's last information transfer are left out: they
    are read-only (they cannot be extended or reopened), so the new sector
    records the problem again (domain.md §4.5: earlier content locked and
    expired where needed).
    """
    problem = record.problem
    rows = ProblemRecord.objects.filter(
        expedient_id=record.expedient_id,
        problem__code=problem.code,
        problem__area_id=problem.area_id,
        beneficiaries__in=[person.pk for person in persons],
    )
    if transferred_at := information_transfer_at(record.expedient_id):
        rows = rows.filter(created_at__gte=transferred_at)
    return (
        rows.exclude(pk=record.pk)
        .select_related("problem")
        .order_by("-ends_on")
        .first()
    )


def _clash_message(clash: ProblemRecord) -> str:
    values = {
        "problem": clash.problem.name,
        "start": date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
        "end": date_format(clash.ends_on, "SHORT_DATE_FORMAT"),
    }
    if clash.ends_on >= date.today():
        return (
            _(
                "“%(problem)s” is already recorded in this expedient for these persons "
                "(%(start)s – %(end)s) and is still running: use “Extend” on the "
                "Problems tab to give it a later end date instead of recording it "
                "again."
            )
            % values
        )
    return (
        _(
            "“%(problem)s” is already recorded in this expedient for these persons "
            "(%(start)s – %(end)s) and has ended: use “Reopen” on the Problems tab "
            "to give it a new end date instead of recording it again."
        )
        % values
    )


def _check_problem(record: ProblemRecord, persons: list[Person], changed: bool) -> None:
    expedient = record.expedient
    require_persons(persons, "beneficiaries")
    if record.scope == ProblemScope.INDIVIDUAL and len(persons) != 1:
        raise ValidationError(
            {"beneficiaries": _("An individual problem concerns exactly one person.")}
        )
    check_catalogue(expedient, problem=record.problem)
    if changed and record.problem.year != date.today().year:
        raise ValidationError(
            {"problem": _("Choose a problem from this year's catalogue.")}
        )
    ensure_linked(expedient, persons)
    residence_gate(expedient=expedient, persons=persons)
    if clash := problem_clash(record=record, persons=persons):
        raise ValidationError(_clash_message(clash), code="duplicate")


def _problem_write(
    record: ProblemRecord,
    *,
    acting_user,
    expected_version: int | None,
    beneficiaries: Iterable[Person] | None,
) -> ProblemRecord:
    ensure_open(record.expedient)
    if record.pk is None:
        record.created_by = acting_user
        changed = True
    else:
        ensure_item_changeable(record)
        stored_problem = (
            ProblemRecord.objects.filter(pk=record.pk)
            .values_list("problem_id", flat=True)
            .first()
        )
        changed = stored_problem != record.problem_id
    persons = list(listed_or_current(record, "beneficiaries", beneficiaries))
    _check_problem(record, persons, changed)
    record.full_clean()
    save_versioned(
        obj=record, expected_version=expected_version, acting_user=acting_user
    )
    record.beneficiaries.set(persons)
    return record


@transaction.atomic
def problem_create(
    *,
    expedient: Expedient,
    acting_user,
    beneficiaries: Iterable[Person],
    **values,
) -> ProblemRecord:
    """Record a problem from this year's catalogue (problem, scope, dates).

    The start defaults to today and the end to 31 December. A problem the
    expedient already has for any of the same persons is refused: extend or
    reopen that one instead (domain.md §3.3.6).
    """
    record = ProblemRecord(expedient=expedient, **values)
    return _problem_write(
        record,
        acting_user=acting_user,
        expected_version=None,
        beneficiaries=beneficiaries,
    )


@transaction.atomic
def problem_update(
    *,
    record: ProblemRecord,
    acting_user,
    expected_version: int | None = None,
    beneficiaries: Iterable[Person] | None = None,
    **values,
) -> ProblemRecord:
    """Change a problem record (beneficiaries None: keep them)."""
    apply_values(record, values)
    return problem_save(
        record=record,
        acting_user=acting_user,
        expected_version=expected_version,
        beneficiaries=beneficiaries,
    )


@transaction.atomic
def problem_save(
    *,
    record: ProblemRecord,
    acting_user,
    expected_version: int | None = None,
    beneficiaries: Iterable[Person] | None = None,
) -> ProblemRecord:
    """Record `record` (unsaved) or save the changes made to it (versioned);
    beneficiaries None keeps a stored record's."""
    return _problem_write(
        record,
        acting_user=acting_user,
        expected_version=expected_version,
        beneficiaries=()
        if record.pk is None and beneficiaries is None
        else beneficiaries,
    )


def next_end_date(record: ProblemRecord) -> date:
    """The end date offered when extending or reopening: 31 December, a year on
    when the record already ends then or later."""
    end = end_of_year()
    if record.ends_on >= end:
        return date(record.ends_on.year + 1, 12, 31)
    return end


def _problem_new_end(
    record: ProblemRecord, *, ends_on: date, acting_user, expected_version
) -> ProblemRecord:
    residence_gate(expedient=record.expedient, persons=record.beneficiaries.all())
    record.ends_on = ends_on
    record.full_clean()
    return save_versioned(
        obj=record, expected_version=expected_version, acting_user=acting_user
    )


@transaction.atomic
def problem_extend(
    *,
    record: ProblemRecord,
    ends_on: date,
    acting_user,
    expected_version: int | None = None,
) -> ProblemRecord:
    """Give a running problem a later end date (prorrogar).

    Like any change, refused in a closed expedient and for a problem recorded
    before an information transfer (record it again instead).
    """
    ensure_item_changeable(record)
    if record.ends_on < date.today():
        raise ValidationError(_("This problem has ended: reopen it instead."))
    if ends_on <= record.ends_on:
        raise ValidationError(
            {"ends_on": _("Choose an end date later than the current one.")}
        )
    return _problem_new_end(
        record,
        ends_on=ends_on,
        acting_user=acting_user,
        expected_version=expected_version,
    )


@transaction.atomic
def problem_reopen(
    *,
    record: ProblemRecord,
    ends_on: date | None = None,
    acting_user,
    expected_version: int | None = None,
) -> ProblemRecord:
    """Give a finished problem a new end date, today or later (default 31
    December); refused like `problem_extend`."""
    ensure_item_changeable(record)
    if record.ends_on >= date.today():
        raise ValidationError(_("This problem is still running: extend it instead."))
    ends_on = ends_on or end_of_year()
    if ends_on < date.today():
        raise ValidationError({"ends_on": _("Choose an end date from today on.")})
    return _problem_new_end(
        record,
        ends_on=ends_on,
        acting_user=acting_user,
        expected_version=expected_version,
    )
