"""The home-care expedient's own tabs in the printed expedient
(casework.expedient_pdf; ModuleSpec.print_sections): its state events with
their decisions, and its work plans."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ...expedient_pdf import print_table
from ...plan_pdf import _date
from . import rules
from .models import HomeCareEvent, HomeCareWorkPlan


def print_events(pdf, *, expedient, user) -> None:
    pdf.para(
        _("State in force: %(state)s")
        % {"state": rules.service_state_label(expedient) or "—"}
    )
    events = (
        HomeCareEvent.objects.filter(case_id=expedient.pk)
        .select_related("proposed_by", "decided_by", "closing_reason")
        .order_by("-date", "-proposed_at", "-pk")
    )
    rows = []
    for event in events:
        kind = event.get_kind_display()
        if event.closing_reason_id:
            kind += f" ({event.closing_reason})"
        status = event.get_status_display()
        if event.denial_reason:
            status += f": {event.denial_reason}"
        decided = (
            f"{event.decided_by}, {_date(event.decided_at.date())}"
            if event.decided_by_id and event.decided_at
            else "—"
        )
        rows.append(
            (_date(event.date), kind, status, str(event.proposed_by or "—"), decided)
        )
    columns = (
        (_("Date"), 22),
        (_("Event"), 40),
        (_("Status"), 45),
        (_("Proposed by"), 33),
        (_("Decided by"), 40),
    )
    print_table(pdf, columns, rows, _("No events yet."))


def print_work_plans(pdf, *, expedient, user) -> None:
    in_force = rules.active_work_plan(expedient)
    plans = HomeCareWorkPlan.objects.filter(case_id=expedient.pk).order_by(
        "-starts_on", "-pk"
    )
    rows = [
        (
            _date(plan.starts_on)
            + (f" ({_('In force')})" if in_force and plan.pk == in_force.pk else ""),
            plan.get_periodicity_display(),
            plan.weekday_labels,
            "—" if plan.hours is None else number_format(plan.hours),
            plan.notes or "",
        )
        for plan in plans
    ]
    columns = (
        (_("Start date"), 32),
        (_("Periodicity"), 30),
        (_("Days of the week"), 40),
        (_("Hours a visit"), 22),
        (_("Notes"), 56),
    )
    print_table(pdf, columns, rows, _("No work plan yet."))
