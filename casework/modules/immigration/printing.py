"""The immigration expedient's own tabs in the printed expedient
(casework.expedient_pdf; ModuleSpec.print_sections): its actuacions and the
first-reception training (modules, reception certificate)."""

from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ...expedient_pdf import print_actuacio_rows, print_table
from ...plan_pdf import _date
from .. import get_module
from .enums import TrainingWay
from .models import (
    ImmigrationActuacio,
    ImmigrationAttendance,
    ImmigrationTrainingModule,
)


def _details(actuacio) -> list[str]:
    return [
        _("Project: %(name)s")
        % {"name": actuacio.project.name if actuacio.project_id else "—"},
        _("Action or course: %(name)s")
        % {"name": actuacio.course.name if actuacio.course_id else "—"},
    ]


def print_actuacions(pdf, *, expedient, user) -> None:
    actuacions = (
        ImmigrationActuacio.objects.filter(expedient_id=expedient.pk)
        .select_related("responsible", "type", *ImmigrationActuacio.ENTRY_FIELDS)
        .order_by("-date", "-time", "-pk")
    )
    print_actuacio_rows(
        pdf,
        actuacions,
        details=_details,
        empty=_("No immigration actuacions recorded yet."),
        expedient=expedient,
    )


def _attendance(module) -> str:
    if module.way != TrainingWay.OWN_COURSE or module.course_id is None:
        return "—"
    attended = sum(
        (row.course_class.hours for row in module.attendance.all() if row.attended),
        start=0,
    )
    return _("%(attended)s h attended of %(total)s h") % {
        "attended": number_format(attended),
        "total": module.course.hours,
    }


def print_training(pdf, *, expedient, user) -> None:
    attendance = ImmigrationAttendance.objects.select_related("course_class")
    modules = (
        ImmigrationTrainingModule.objects.filter(expedient_id=expedient.pk)
        .select_related("course")
        .prefetch_related(Prefetch("attendance", queryset=attendance))
    )
    rows = []
    for module in modules:
        if module.completed_on:
            done = (
                _("Accredited")
                if module.way == TrainingWay.ACCREDITED
                else _("Completed")
            )
            state = f"{done} {_date(module.completed_on)}"
        else:
            state = _("In progress")
        rows.append(
            (
                module.get_level_display() or "—",
                module.get_way_display(),
                module.course.name if module.course_id else (module.notes or "—"),
                _attendance(module),
                state,
            )
        )
    columns = (
        (_("Typology"), 25),
        (_("Recorded as"), 30),
        (_("Course"), 55),
        (_("Attendance"), 35),
        (_("State"), 35),
    )
    print_table(pdf, columns, rows, _("No first-reception module recorded yet."))
    case = get_module(expedient.module).case_of(expedient) or expedient
    pdf.ln(2)
    pdf.lines(
        (
            (
                _("Reception certificate obtained on"),
                _date(getattr(case, "reception_certificate_on", None)),
            ),
            (
                _("Signed application"),
                _("On file")
                if getattr(case, "signed_application", None)
                else _("Not on file yet"),
            ),
        )
    )
