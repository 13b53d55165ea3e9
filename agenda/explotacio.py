"""The agenda's listing in Explotació (domain.md §5.1: appointments by state,
no-shows included, type, place and professional): the appointments listing's
rows, columns and export; registered from `AgendaConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from configuration.enums import AppointmentState
from configuration.explotacio import Listing


def attended_by(queryset, professional):
    return queryset.attended_by([professional.pk])


LISTINGS = (
    Listing(
        key="agenda-appointments",
        label=_("Appointments"),
        group="agenda",
        permission="agenda.view_appointment",
        source="agenda.views.listing.AppointmentIndexView",
        filters={
            "area": "area",
            "sector": "sector",
            "subsector": "subsector",
            "team": "team",
            "professional": attended_by,
            "period": "date",
            "state": "state",
        },
        period_label=_("Date"),
        states=AppointmentState.choices,
        description=_(
            "The appointments of the agendas you see, with who attended them "
            "counted, not named."
        ),
    ),
)
