"""Kinship between person records: the data a genogram is drawn from."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from configuration.bounds import validate_kinship_date
from configuration.models import Versioned
from configuration.scope import AreaScopedQuerySet

from ..enums import KinshipKind
from .person import Person


class Kinship(Versioned):
    """`person` is the `kind` of `relative` (a child is stored as the reverse parent),
    with dates so that a separation or a past relationship stays on record."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="kinships",
    )
    relative = models.ForeignKey(
        Person,
        verbose_name=_("relative"),
        on_delete=models.CASCADE,
        related_name="kinships_as_relative",
    )
    kind = models.CharField(
        _("relationship"), max_length=10, choices=KinshipKind.choices
    )
    starts_on = models.DateField(
        _("from"), null=True, blank=True, validators=[validate_kinship_date]
    )
    ends_on = models.DateField(
        _("until"), null=True, blank=True, validators=[validate_kinship_date]
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    area_lookup = "person__area"

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kinship")
        verbose_name_plural = _("kinships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=F("relative")),
                name="directory_kinship_not_self",
                violation_error_message=_("A person cannot be their own relative."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=KinshipKind.CHILD),
                name="directory_kinship_child_stored_as_parent",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="directory_kinship_ends_after_start",
                violation_error_message=_(
                    "A relationship cannot end before it starts."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.relative}"

    def get_additional_data(self) -> dict:
        """Both ends, stored by auditlog on every entry of this row, so that each
        person's Historial finds the entry, even once the row is deleted."""
        return {"person": self.person_id, "relative": self.relative_id}
