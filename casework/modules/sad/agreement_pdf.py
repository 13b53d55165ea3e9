"""The home-care service agreement, as a PDF to sign (fpdf2), generated from
the service's characteristics in force and the work plan in force
(domain.md §3.4). Built like the intervention plan's agreement
(casework/plan_pdf.py): built-in fonts, Latin-1 text.
"""

from django.utils.translation import gettext as _

from ...plan_pdf import AgreementPDF, _date, agreement_document
from . import rules
from .models import HomeCareCase, HomeCareDefinition


def _money(value) -> str:
    return f"{value:.2f} euros".replace(".", ",")


def _hours(value) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _service(pdf: AgreementPDF, definition: HomeCareDefinition) -> None:
    pdf.heading(_("The service"))
    tasks = ", ".join(task.label for task in definition.tasks.order_by("code"))
    lines = [
        _("Service type: %(type)s") % {"type": definition.get_service_type_display()},
        _("Tasks: %(tasks)s") % {"tasks": tasks or "—"},
        _("Hours a week: %(hours)s") % {"hours": _hours(definition.weekly_hours)},
        _("Funding: %(funding)s") % {"funding": definition.get_funding_display()},
        _("The person's co-payment: %(amount)s a month")
        % {"amount": _money(definition.copayment)},
        _("In force since %(date)s (%(event)s).")
        % {
            "date": _date(definition.event.date),
            "event": definition.event.get_kind_display(),
        },
    ]
    pdf.para("\n".join(lines))


def _work_plan(pdf: AgreementPDF, case: HomeCareCase) -> None:
    pdf.heading(_("Work plan"))
    plan = rules.active_work_plan(case)
    if plan is None:
        pdf.para(_("No work plan in force yet."))
        return
    lines = [
        _("From %(date)s: %(periodicity)s.")
        % {
            "date": _date(plan.starts_on),
            "periodicity": plan.get_periodicity_display().lower(),
        },
        _("Days: %(days)s.") % {"days": plan.weekday_labels},
        _("Hours a visit: %(hours)s") % {"hours": _hours(plan.hours)},
    ]
    if plan.notes:
        lines.append(plan.notes)
    pdf.para("\n".join(lines))


def render_home_care_agreement(
    case: HomeCareCase, definition: HomeCareDefinition, person
) -> bytes:
    """Return the agreement: who, which service, how, where to sign."""
    pdf = agreement_document(case.area, _("Home-care service agreement"))
    who = str(person) if person else "—"
    if person is not None and person.document_number:
        who = f"{who} ({person.document_number})"
    pdf.para(
        _("Expedient %(number)s. Person: %(person)s")
        % {"number": case.number, "person": who}
    )
    _service(pdf, definition)
    _work_plan(pdf, case)
    pdf.heading(_("Agreement"))
    pdf.para(
        _(
            "The person agrees to receive the home-care service as described "
            "above and to pay the co-payment stated; the service agrees to "
            "provide it as planned. Any change of the service is agreed again."
        )
    )
    pdf.heading(_("Signatures"))
    pdf.signature_box(who, _("the person served"))
    if case.reference_professional is not None:
        pdf.signature_box(str(case.reference_professional), _("reference professional"))
    decided_by = definition.event.decided_by
    if decided_by is not None:
        pdf.signature_box(str(decided_by), _("for the home-care service"))
    return bytes(pdf.output())
