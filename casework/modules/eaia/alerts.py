"""The EAIA alerts (domain.md §3.7, §4.8), computed in the database: the
priority's due date passed with no case synthesis generated, and a report to
DGAIA/SAIA prepared and still waiting for its resolution.

Each kind is a function of the expedients whose alerts are wanted (a queryset
of expedient pks or a list of them, as helpdesk's `AlertScope` holds them) and
of today, returning a queryset of open EAIA expedients, so the home panel
counts and lists them like its own kinds.
"""

from datetime import date

from django.db.models import Case, DateField, F, QuerySet, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from configuration.enums import ExpedientState

from .models import ChildProtectionCase
from .permissions import EAIA_CHANGE_RIGHT


def _open_cases(expedients) -> QuerySet[ChildProtectionCase]:
    return ChildProtectionCase.objects.filter(
        pk__in=expedients, state=ExpedientState.OPEN
    )


def priority_overdue(expedients, *, today: date) -> QuerySet[ChildProtectionCase]:
    """Open EAIA expedients with no case synthesis generated whose priority's
    due date is before today, longest overdue first.

    The due date of each priority is its day plus its term; a row is overdue
    when its day is before today minus that term (the months' terms are
    compared as the calendar gives them: `priority_due`)."""
    from .enums import PRIORITY_TERMS

    overdue_since = {
        priority: today - term for priority, term in PRIORITY_TERMS.items()
    }
    waiting = _open_cases(expedients).filter(synthesis_generated_on__isnull=True)
    # The latest day a priority set then is overdue today, per priority.
    latest = Case(
        *(
            When(priority=priority, then=Value(day))
            for priority, day in overdue_since.items()
        ),
        output_field=DateField(),
    )
    return (
        waiting.annotate(overdue_before=latest)
        .filter(priority_since__lt=F("overdue_before"))
        .order_by("priority_since", "pk")
    )


def report_pending(expedients, *, today: date) -> QuerySet[ChildProtectionCase]:
    """Open EAIA expedients whose report to DGAIA/SAIA was prepared and has no
    resolution yet, oldest report first."""
    return (
        _open_cases(expedients)
        .filter(report_prepared_on__isnull=False, report_resolved_on__isnull=True)
        .order_by("report_prepared_on", "pk")
    )


def eaia_expedients(user) -> QuerySet:
    """The EAIA expedients whose alerts `user` gets: every one they see when
    they work the module (EAIA technicians, coordinators), else none."""
    if not (user.is_superuser or user.has_perm(EAIA_CHANGE_RIGHT)):
        return ChildProtectionCase.objects.none().values("pk")
    return ChildProtectionCase.objects.visible_to(user).values("pk")


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def describe_priority_overdue(case: ChildProtectionCase) -> str:
    return _("%(priority)s: due on %(date)s, no case synthesis yet") % {
        "priority": case.get_priority_display(),
        "date": _day(case.priority_due_on),
    }


def describe_report_pending(case: ChildProtectionCase) -> str:
    return _("Report prepared on %(date)s, no resolution yet") % {
        "date": _day(case.report_prepared_on)
    }
