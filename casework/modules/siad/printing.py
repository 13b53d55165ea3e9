"""The women's service expedient's own tabs in the printed expedient
(casework.expedient_pdf; ModuleSpec.print_sections): its actuacions and the
training resources assigned, with their sessions."""

from django.utils.translation import gettext as _

from ...expedient_pdf import print_actuacio_rows, print_table
from ...plan_pdf import _date
from .models import SiadActuacio, SiadTrainingAssignment


def _details(actuacio) -> list[str]:
    consultation = actuacio.consultation_area.name if actuacio.consultation_area else ""
    if actuacio.consultation_type:
        consultation += f" / {actuacio.consultation_type.name}"
    entry = lambda row: row.name if row else "—"  # noqa: E731
    return [
        _("Urgent") if actuacio.urgent else "",
        _("Attending service: %(name)s") % {"name": entry(actuacio.attending_service)},
        _("Consultation: %(name)s") % {"name": consultation or "—"},
        _("Violence situation detected: %(name)s")
        % {"name": entry(actuacio.violence_situation)},
        _("Channel: %(name)s") % {"name": entry(actuacio.channel)},
        _("Referred from: %(name)s") % {"name": entry(actuacio.referral_source)},
    ]


def print_actuacions(pdf, *, expedient, user) -> None:
    actuacions = (
        SiadActuacio.objects.filter(expedient_id=expedient.pk)
        .select_related("responsible", *SiadActuacio.ENTRY_FIELDS)
        .order_by("-date", "-time", "-pk")
    )
    print_actuacio_rows(
        pdf,
        actuacions,
        details=_details,
        empty=_("No SIAD actuacions recorded yet."),
        expedient=expedient,
    )


def print_training(pdf, *, expedient, user) -> None:
    assignments = (
        SiadTrainingAssignment.objects.filter(expedient_id=expedient.pk)
        .select_related("resource", "person")
        .prefetch_related("sessions")
    )
    rows = []
    for row in assignments:
        sessions = sorted(row.sessions.all(), key=lambda s: s.date)
        attended = sum(1 for s in sessions if s.attended)
        rows.append(
            (
                row.resource.name,
                str(row.person or "—"),
                _date(row.assigned_on),
                _("%(attended)s attended of %(total)s")
                % {"attended": attended, "total": len(sessions)},
                row.notes or "",
            )
        )
    columns = (
        (_("Training resource"), 45),
        (_("Person"), 40),
        (_("Assigned on"), 25),
        (_("Sessions"), 30),
        (_("Notes"), 40),
    )
    print_table(pdf, columns, rows, _("No training resource assigned yet."))
