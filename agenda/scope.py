"""Who sees which appointments (architecture.md, "Tenancy and scope").

An appointment is visible to a professional of its area whose roles read the
agenda (`agenda.view_appointment`) when:
- they book for the whole area (front desk, technical administration), or
- one of its attending professionals is themselves or shares an active team
  with them (technicians see their teams' availability, "D'altres";
  coordinators their teams'), or they booked it.

Another area sees nothing. Seeing an appointment is not seeing who attends:
the persons' names show only to those who may read them (agenda/feed.py).
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from configuration.scope import AreaScopedQuerySet

from .enums import OCCUPYING_STATES
from .permissions import AREA_RIGHT, teammate_ids

VIEW_RIGHT = "agenda.view_appointment"


class AppointmentQuerySet(AreaScopedQuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """Return the appointments `user` may see (see the module docstring)."""
        rows = super().visible_to(user)
        if not getattr(user, "is_active", False) or user.is_superuser:
            return rows
        if not user.has_perm(VIEW_RIGHT):
            return self.none()
        if user.has_perm(AREA_RIGHT):
            return rows
        attending = self.model.professionals.through.objects.filter(
            appointment_id=OuterRef("pk"), user_id__in=teammate_ids(user)
        )
        return rows.filter(Exists(attending) | Q(created_by=user))

    def occupying(self) -> models.QuerySet:
        """Appointments that take up their professionals' time (not cancelled)."""
        return self.filter(state__in=OCCUPYING_STATES)

    def attended_by(self, professional_ids) -> models.QuerySet:
        """Appointments at least one of `professional_ids` attends."""
        attending = self.model.professionals.through.objects.filter(
            appointment_id=OuterRef("pk"), user_id__in=list(professional_ids)
        )
        return self.filter(Exists(attending))
