from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Abstract base that stamps creation and last change (HackSoft BaseModel)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CodeListEntry(models.Model):
    """Abstract base of an editable, orderable, activable list entry with a code."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    sort_order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive entries stay on old records but cannot be chosen."),
    )

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        # With the code: exports, imports and the data exchange write this.
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def label(self) -> str:
        """How people read the entry on screens and in drop-downs (no code)."""
        return self.name


class Versioned(models.Model):
    """A row two people may edit at once: saves compare and bump `version`.

    The edit form carries the version it was loaded with; the one save path
    (`configuration.versioning.save_versioned`) refuses a save whose version is
    no longer current, so a stale form never silently reverts a newer save.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
