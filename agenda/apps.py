from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from auditlog.registry import auditlog

        from configuration.holdings import register_holding
        from directory.links import register_person_link

        from . import details
        from .models import (
            Appointment,
            AppointmentPerson,
            CalendarFeed,
            DutySlot,
            Series,
        )
        from .permissions import register_policies
        from .services.transfers import appointments_transfer, future_appointment_count

        register_policies()
        from configuration.explotacio import register_listings

        from .explotacio import LISTINGS

        register_listings(LISTINGS)  # its Explotació listings
        # One audit trail: every booking, change, outcome and attendance.
        auditlog.register(Appointment, m2m_fields={"professionals"})
        auditlog.register(AppointmentPerson)
        auditlog.register(Series)
        auditlog.register(DutySlot)
        # Making and revoking a calendar link, never its secret's digest.
        auditlog.register(CalendarFeed, exclude_fields=["token_hash"])
        register_audit_subjects()
        details.register()  # the Registres' sentence for a confirmed clash

        # A merge moves the persons' attendances to the surviving record.
        register_person_link(
            "agenda.AppointmentPerson",
            "person",
            label=_("appointments"),
            unique_with=("appointment",),
        )
        # Deregistering waits until their future appointments are moved; the
        # coordinators' transfer tool moves them (domain.md §2.3, §4.5).
        register_holding(
            "agenda.appointments",
            label=_("future appointments"),
            count=future_appointment_count,
            transfer=appointments_transfer,
        )


def register_audit_subjects():
    """An appointment belongs to each attending person's record and to its
    expedient in the Registres (configuration/audit)."""
    from configuration.audit.subjects import (
        EXPEDIENT,
        PERSON,
        register_audit_part,
    )

    register_audit_part(PERSON, "agenda.Appointment", "attendances__person")
    register_audit_part(PERSON, "agenda.AppointmentPerson", "person")
    register_audit_part(EXPEDIENT, "agenda.Appointment", "expedient")
    register_audit_part(EXPEDIENT, "agenda.AppointmentPerson", "appointment__expedient")
