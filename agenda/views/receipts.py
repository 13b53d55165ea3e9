"""The printable reminder and attendance receipt of an appointment (PDF).

They name the persons, so they open only for a user who sees the appointment
and its persons (agenda/feed.py's rule); for anyone else, and for an
appointment a paper does not fit (a reminder of a past or cancelled one, a
receipt of one not held or of a reservation), the answer is 404. Each print
is an access entry in the audit trail.
"""

from auditlog.signals import accessed
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..enums import AppointmentState
from ..feed import disclosed_ids
from ..models import Appointment, AppointmentPerson
from ..pdf import render_receipt, render_reminder


def printable(request, pk: int) -> Appointment:
    """The appointment `pk`, if `request.user` may print it; else 404."""
    attendances = AppointmentPerson.objects.select_related("person").order_by("pk")
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user)
        .select_related("area", "sector__municipality", "subsector", "place")
        .prefetch_related(
            Prefetch("attendances", queryset=attendances), "professionals"
        ),
        pk=pk,
    )
    if not appointment.attendances.all():  # a reservation has no one to hand it
        raise Http404
    if appointment.pk not in disclosed_ids(request.user, [appointment]):
        raise Http404
    return appointment


def _pdf(appointment: Appointment, body: bytes, stem: str) -> HttpResponse:
    accessed.send(sender=Appointment, instance=appointment)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"{stem}-{appointment.date:%Y%m%d}-{appointment.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def appointment_reminder(request, pk: int) -> HttpResponse:
    appointment = printable(request, pk)
    if (
        appointment.state != AppointmentState.PENDING
        or appointment.date < timezone.localdate()
    ):
        raise Http404
    return _pdf(appointment, render_reminder(appointment), "recordatori")


def appointment_receipt(request, pk: int) -> HttpResponse:
    appointment = printable(request, pk)
    attended = any(row.attended is not False for row in appointment.attendances.all())
    if appointment.state != AppointmentState.HELD or not attended:
        raise Http404
    return _pdf(appointment, render_receipt(appointment), "justificant")
