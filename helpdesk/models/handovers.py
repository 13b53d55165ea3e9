"""Handover summaries: what a professional receives when they become the
reference professional of an expedient (issue #7; domain.md §4.4, §4.8).

A handover is written once the change has committed (casework's
`reference_professional_changed` signal; helpdesk.handovers.services). Its
`summary` is a snapshot taken at that moment, so it says what was pending when
the expedient changed hands even after things move on:

    {"plans": [{"id", "title", "expires_on", "objectives": [{"id",
                "description", "ends_on"}]}],          # open plans, open objectives
     "resources": [{"id", "benefit", "since"}],         # pre-assigned resources
     "alerts": [{"kind", "tab", "text"}],               # the expedient's alerts
     "appointments": [{"id", "date", "starts_at", "ends_at", "type",
                       "professionals"}]}                # the next ones (agenda)

(Snapshots taken before the agenda existed hold {"recorded": false,
"reason": "no_agenda"} under "appointments".)

Dates are ISO strings; alert texts are written in the receiver's language.

Supersede rule. An expedient has at most one open handover (neither
acknowledged nor superseded), addressed to its current reference professional:
a new change before the last one was acknowledged marks every open handover of
the expedient as superseded (`superseded_at`, in the transaction that writes
the new one), whoever it was addressed to. A handover to someone who is no
longer the reference has nothing left to acknowledge; one to the same person
again is replaced by the newer summary. Superseded and acknowledged handovers
stay, readable, as the record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.models import Expedient
from casework.permissions import user_coordinates
from configuration.models import User

USER = settings.AUTH_USER_MODEL


class HandoverQuerySet(models.QuerySet):
    def pending(self) -> models.QuerySet:
        return self.filter(acknowledged_at__isnull=True, superseded_at__isnull=True)

    def acknowledged(self) -> models.QuerySet:
        return self.filter(acknowledged_at__isnull=False)

    def superseded(self) -> models.QuerySet:
        return self.filter(superseded_at__isnull=False)

    def addressed_to(self, user) -> models.QuerySet:
        return self.filter(to_professional=user)

    def visible_to(self, user) -> models.QuerySet:
        """The receiver, the previous professional and the coordinators of the
        receiver's teams see a handover, and only while they see its
        expedient (`Expedient.objects.visible_to`). Superusers (the support
        desk) see every row, as everywhere else."""
        if getattr(user, "is_active", False) and user.is_superuser:
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        concerned = Q(to_professional=user) | Q(from_professional=user)
        if user_coordinates(user):
            teams = user.teams.values("pk")
            concerned |= Exists(
                User.objects.filter(pk=OuterRef("to_professional_id"), teams__in=teams)
            )
        visible = Expedient.objects.visible_to(user).values("pk")
        return self.filter(concerned, expedient__in=visible)


class Handover(models.Model):
    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="handovers",
    )
    from_professional = models.ForeignKey(
        USER,
        verbose_name=_("previous professional"),
        on_delete=models.PROTECT,
        related_name="handovers_given",
        null=True,
        blank=True,
    )
    to_professional = models.ForeignKey(
        USER,
        verbose_name=_("receiving professional"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    changed_by = models.ForeignKey(
        USER,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    superseded_at = models.DateTimeField(
        _("superseded at"),
        null=True,
        blank=True,
        help_text=_("When a later change of reference professional replaced it."),
    )

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expedient"],
                condition=Q(acknowledged_at__isnull=True, superseded_at__isnull=True),
                name="helpdesk_handover_one_open_per_expedient",
                violation_error_message=_(
                    "This expedient already has a handover to acknowledge."
                ),
            )
        ]
        indexes = [
            models.Index(
                fields=["to_professional", "acknowledged_at"],
                name="helpdesk_handover_receiver",
            )
        ]

    def __str__(self) -> str:
        return str(_("Handover of %(number)s") % {"number": self.expedient.number})

    def get_absolute_url(self) -> str:
        return reverse("helpdesk_handovers:detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.acknowledged_at is None and self.superseded_at is None
