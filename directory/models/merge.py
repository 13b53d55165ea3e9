"""Merges of two person records, kept so that a merge can be undone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from configuration.scope import AreaScopedQuerySet

from .person import Person


class PersonMerge(models.Model):
    """`merged` was folded into `survivor`.

    `snapshot` holds what is needed to undo it: both records' field values before
    the merge, the links that moved (model label → ids) and the rows removed
    because they would have become meaningless (a kinship between the two).
    """

    survivor = models.ForeignKey(
        Person,
        verbose_name=_("surviving record"),
        on_delete=models.PROTECT,
        related_name="merges_received",
    )
    merged = models.ForeignKey(
        Person,
        verbose_name=_("merged record"),
        on_delete=models.PROTECT,
        related_name="merges_given",
    )
    fields_taken = models.JSONField(
        _("fields taken from the merged record"), default=list, blank=True
    )
    snapshot = models.JSONField(_("snapshot"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    area_lookup = "survivor__area"

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("merge of person records")
        verbose_name_plural = _("merges of person records")
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
