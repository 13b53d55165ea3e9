"""Support incidents (domain.md §6.2) and their message threads.

An incident holds only what the professional typed, the admin path it was
raised from (never a query string: searches put names there) and the product
version; the support desk sees nothing else of the area's records.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from configuration.bounds import FREE_TEXT
from configuration.models import Area
from configuration.models.base import TimeStampedModel
from configuration.uploads import validate_record_upload

from ..enums import (
    ACTIVE_INCIDENT_STATES,
    IncidentCategory,
    IncidentSide,
    IncidentState,
)
from ..incidents.categories import validate_details

WORK_QUEUE = "helpdesk.work_incident_queue"


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """The support desk sees every area's incidents; anyone else only their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.has_perm(WORK_QUEUE):
            return self
        return self.filter(author=user)

    def mine(self, user) -> models.QuerySet:
        return self.filter(author=user)

    def active(self) -> models.QuerySet:
        return self.filter(state__in=ACTIVE_INCIDENT_STATES)


class Incident(TimeStampedModel):
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="incidents",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    category = models.CharField(
        _("category"), max_length=30, choices=IncidentCategory.choices
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), **FREE_TEXT)
    details = models.JSONField(_("details"), default=dict, blank=True)
    screen_url = models.CharField(_("screen"), max_length=300, blank=True)
    product_version = models.CharField(_("product version"), max_length=60)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=IncidentState.choices,
        default=IncidentState.OPEN,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        related_name="assigned_incidents",
        null=True,
        blank=True,
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("support incident")
        verbose_name_plural = _("support incidents")
        ordering = ["-updated_at", "-pk"]
        permissions = [
            ("work_incident_queue", _("Can work the support desk's incident queue")),
        ]
        indexes = [
            models.Index(
                fields=["author", "state"], name="helpdesk_incident_author_state"
            ),
            models.Index(
                fields=["state", "updated_at"], name="helpdesk_incident_queue"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=IncidentState.values),
                name="helpdesk_incident_state_known",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=IncidentCategory.values),
                name="helpdesk_incident_category_known",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    def clean(self):
        super().clean()
        validate_details(self.category, self.details)

    def get_absolute_url(self) -> str:
        return reverse("helpdesk_incidents:detail", args=[self.pk])


class IncidentMessage(models.Model):
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="incident_messages",
    )
    side = models.CharField(_("side"), max_length=20, choices=IncidentSide.choices)
    text = models.TextField(_("text"), blank=True, **FREE_TEXT)
    internal = models.BooleanField(
        _("internal note"),
        default=False,
        help_text=_("Seen only by the support desk."),
    )
    state_from = models.CharField(
        _("state before"), max_length=20, choices=IncidentState.choices, blank=True
    )
    state_to = models.CharField(
        _("state after"), max_length=20, choices=IncidentState.choices, blank=True
    )
    attachment = models.FileField(
        _("attachment"),
        upload_to="helpdesk/incidents/%Y/%m/",
        blank=True,
        validators=[validate_record_upload],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident message")
        verbose_name_plural = _("incident messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(internal=False)
                | models.Q(side=IncidentSide.SUPPORT),
                name="helpdesk_incidentmessage_internal_by_support",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.incident_id}: {self.get_side_display()} {self.created_at:%Y-%m-%d}"
        )

    @property
    def state_changed(self) -> bool:
        return bool(self.state_to) and self.state_to != self.state_from
