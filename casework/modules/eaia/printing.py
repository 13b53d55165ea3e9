"""The child protection expedient's own tabs in the printed expedient
(casework.expedient_pdf; ModuleSpec.print_sections): its Evolució periods and
its EAIA actuacions."""

from django.utils.translation import gettext as _

from ...expedient_pdf import print_actuacio_rows, print_table
from ...plan_pdf import _date
from .models import EaiaActuacio, EaiaEvolution
from .screens import period_teams


def print_evolution(pdf, *, expedient, user) -> None:
    periods = EaiaEvolution.objects.filter(expedient_id=expedient.pk)
    rows = [
        (
            _date(period.starts_on),
            _date(period.ends_on) if period.ends_on else _("Current"),
            period.get_expedient_type_display(),
            period.get_territoriality_display(),
            str(period.administrative_situation or "—"),
            period_teams(period) or "—",
        )
        for period in periods
    ]
    columns = (
        (_("Start date"), 22),
        (_("End date"), 22),
        (_("Expedient type"), 32),
        (_("Territoriality criterion"), 32),
        (_("Administrative situation"), 36),
        (_("Other EAIA teams"), 36),
    )
    print_table(pdf, columns, rows, _("No period recorded yet."))


def print_actuacions(pdf, *, expedient, user) -> None:
    actuacions = (
        EaiaActuacio.objects.filter(expedient_id=expedient.pk)
        .select_related("type", "place", "responsible")
        .order_by("-date", "-time", "-pk")
    )
    print_actuacio_rows(
        pdf,
        actuacions,
        details=lambda actuacio: [
            _("Thematic scope: %(name)s")
            % {"name": actuacio.get_thematic_scope_display() or "—"},
            _("Place: %(place)s")
            % {"place": actuacio.place.name if actuacio.place_id else "—"},
        ],
        empty=_("No EAIA actuacions recorded yet."),
        expedient=expedient,
    )
