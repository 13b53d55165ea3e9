"""First-reception training (Decree 150/2014, domain.md §3.6): modules
recorded as completed in an own course (marked automatically once the attended
classes reach 75% of the course's hours) or accredited with external evidence;
the course classes and their attendance register; the reception certificate
and the signed application."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from configuration.models import ImmigrationCourse, User
from configuration.versioning import save_versioned

from ....models import Expedient
from ....services.common import ensure_open, item_lock_reason
from ....services.expedients import ActionNotAllowed
from ..enums import TrainingWay
from ..models import (
    ImmigrationAttendance,
    ImmigrationCase,
    ImmigrationCourseClass,
    ImmigrationTrainingModule,
)
from ..permissions import IMMIGRATION_CHANGE_RIGHT, IMMIGRATION_VIEW_RIGHT
from ..scope import visible_immigration_cases
from .common import ensure_right

TRAINING_RIGHT = "casework.add_immigrationtrainingmodule"
CLASS_RIGHT = "casework.add_immigrationcourseclass"
ATTENDANCE_RIGHT = "casework.add_immigrationattendance"


def _not_future(on: date | None, field: str, message: str) -> None:
    if on is None:
        raise ValidationError({field: _("Type the date.")})
    if on > date.today():
        raise ValidationError({field: message})


def _ensure_course(course: ImmigrationCourse, area_id: int, stored_id=None) -> None:
    if course.area_id != area_id:
        raise ValidationError({"course": _("Choose a course of this area.")})
    if not course.is_active and course.pk != stored_id:
        raise ValidationError({"course": _("This course is no longer offered.")})


def _ensure_changeable(module: ImmigrationTrainingModule) -> None:
    if reason := item_lock_reason(module):
        raise ValidationError(reason, code="locked")


@transaction.atomic
def immigration_enrol(
    *, by: User, expedient: Expedient, course: ImmigrationCourse, on: date | None = None
) -> ImmigrationTrainingModule:
    """Enrol the person in an own course of the area: the module is completed
    once the attendance register reaches 75% of the course's hours."""
    ensure_right(
        by,
        expedient,
        TRAINING_RIGHT,
        _("Only the immigration professionals of this expedient may record training."),
    )
    ensure_open(expedient)
    _ensure_course(course, expedient.area_id)
    on = on or date.today()
    _not_future(on, "on", _("Record an enrolment once it is made."))
    if ImmigrationTrainingModule.objects.filter(
        expedient=expedient, course=course
    ).exists():
        raise ValidationError(
            {"course": _("The person is already enrolled in this course.")}
        )
    module = ImmigrationTrainingModule(
        expedient=expedient,
        way=TrainingWay.OWN_COURSE,
        level=course.level,
        course=course,
        enrolled_on=on,
        created_by=by,
    )
    module.full_clean()
    return save_versioned(obj=module, expected_version=None, acting_user=by)


@transaction.atomic
def immigration_accredit(
    *,
    by: User,
    expedient: Expedient,
    level: str,
    on: date,
    evidence,
    notes: str = "",
) -> ImmigrationTrainingModule:
    """Record a module as accredited with external evidence (the document is
    required): the typology and the day it was accredited."""
    ensure_right(
        by,
        expedient,
        TRAINING_RIGHT,
        _("Only the immigration professionals of this expedient may record training."),
    )
    ensure_open(expedient)
    if not level:
        raise ValidationError({"level": _("Choose the typology accredited.")})
    _not_future(on, "on", _("A module cannot be accredited in the future."))
    if not evidence:
        raise ValidationError(
            {"evidence": _("Upload the document that accredits the module.")}
        )
    module = ImmigrationTrainingModule(
        expedient=expedient,
        way=TrainingWay.ACCREDITED,
        level=level,
        completed_on=on,
        evidence=evidence,
        notes=(notes or "").strip(),
        created_by=by,
    )
    module.full_clean()
    return save_versioned(obj=module, expected_version=None, acting_user=by)


def attended_hours(module: ImmigrationTrainingModule) -> Decimal:
    total = module.attendance.filter(attended=True).aggregate(
        total=Sum("course_class__hours")
    )["total"]
    return total or Decimal(0)


def refresh_completion(module: ImmigrationTrainingModule, *, by: User) -> None:
    """Mark an own-course module completed on the day its attended classes
    reach 75% of the course's hours (and unmark it when a correction takes it
    below)."""
    if module.way != TrainingWay.OWN_COURSE:
        return
    needed = module.course.completion_hours
    reached_on = None
    running = Decimal(0)
    rows = module.attendance.filter(attended=True).select_related("course_class")
    for row in rows.order_by("course_class__date", "course_class__pk"):
        running += row.course_class.hours
        if needed and running >= needed:
            reached_on = row.course_class.date
            break
    if module.completed_on != reached_on:
        module.completed_on = reached_on
        module.updated_by = by
        save_versioned(obj=module, expected_version=None, acting_user=by)


def _may_keep_register(by: User) -> bool:
    return bool(
        by.is_active
        and by.area_id is not None
        and by.has_perm(IMMIGRATION_VIEW_RIGHT)
        and by.has_perm(CLASS_RIGHT)
    )


@transaction.atomic
def immigration_class_record(
    *, by: User, course: ImmigrationCourse, on: date, hours: Decimal
) -> ImmigrationCourseClass:
    """Record a class of an own course of the area (its date and hours)."""
    if not _may_keep_register(by):
        raise ActionNotAllowed(
            _("Only immigration professionals keep the courses' registers.")
        )
    _ensure_course(course, by.area_id)
    _not_future(on, "on", _("Record a class once it has taken place."))
    if hours is None or hours <= 0:
        raise ValidationError({"hours": _("Type how many hours the class lasted.")})
    if ImmigrationCourseClass.objects.filter(course=course, date=on).exists():
        raise ValidationError(
            {"on": _("A class of this course is already recorded on this date.")}
        )
    course_class = ImmigrationCourseClass(
        course=course, date=on, hours=hours, created_by=by
    )
    course_class.full_clean()
    return save_versioned(obj=course_class, expected_version=None, acting_user=by)


def enrolled_modules(course_class: ImmigrationCourseClass, user: User):
    """The modules enrolled in the class's course, of the expedients `user`
    reads, open or closed, with the person's main link."""
    return (
        ImmigrationTrainingModule.objects.filter(
            course_id=course_class.course_id,
            expedient__in=visible_immigration_cases(user).values("pk"),
        )
        .select_related("expedient")
        .order_by("expedient__number", "pk")
    )


@transaction.atomic
def immigration_attendance_register(
    *,
    by: User,
    course_class: ImmigrationCourseClass,
    attended: Mapping[int, bool],
) -> list[ImmigrationTrainingModule]:
    """Record who attended `course_class` ({module pk: attended}) among the
    persons enrolled in its course whose expedients `by` reads; each module's
    completion follows (75% of the course's hours). Returns the modules
    touched."""
    if not _may_keep_register(by) or not by.has_perm(ATTENDANCE_RIGHT):
        raise ActionNotAllowed(
            _("Only immigration professionals keep the courses' registers.")
        )
    if course_class.course.area_id != by.area_id:
        raise ActionNotAllowed(_("This course is of another area."))
    modules = {m.pk: m for m in enrolled_modules(course_class, by)}
    unknown = set(attended) - set(modules)
    if unknown:
        raise ValidationError(
            _("Record attendance only for persons enrolled in this course.")
        )
    touched = []
    for pk, came in attended.items():
        module = modules[pk]
        if module.enrolled_on and course_class.date < module.enrolled_on:
            if came:
                raise ValidationError(
                    _("%(person)s enrolled after this class.")
                    % {"person": module.expedient}
                )
            continue
        _ensure_changeable(module)
        ImmigrationAttendance.objects.update_or_create(
            course_class=course_class,
            module=module,
            defaults={"attended": bool(came), "updated_by": by},
            create_defaults={"attended": bool(came), "created_by": by},
        )
        refresh_completion(module, by=by)
        touched.append(module)
    return touched


@transaction.atomic
def immigration_reception_update(
    *,
    by: User,
    case: ImmigrationCase,
    reception_certificate_on: date | None,
    signed_application=None,
    expected_version: int | None = None,
) -> ImmigrationCase:
    """Record the day the reception certificate was obtained (None: not yet)
    and, when given, the signed application's upload."""
    ensure_right(
        by,
        case,
        IMMIGRATION_CHANGE_RIGHT,
        _("Only the immigration professionals of this expedient may change it."),
    )
    ensure_open(case)
    if reception_certificate_on is not None:
        _not_future(
            reception_certificate_on,
            "reception_certificate_on",
            _("Record the certificate once it is obtained."),
        )
    case.reception_certificate_on = reception_certificate_on
    if signed_application:
        case.signed_application = signed_application
    case.updated_by = by
    case.full_clean()
    return save_versioned(obj=case, expected_version=expected_version, acting_user=by)


__all__ = [
    "attended_hours",
    "enrolled_modules",
    "immigration_accredit",
    "immigration_attendance_register",
    "immigration_class_record",
    "immigration_enrol",
    "immigration_reception_update",
    "refresh_completion",
]
