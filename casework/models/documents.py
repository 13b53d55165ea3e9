"""Documents filed in an expedient (domain.md §3.3.10): a signed consent, a
report from another service, a tràmit's form…

A document belongs to one expedient and is scoped through it (a confidential
expedient's documents follow its rule); it may concern some of the
expedient's linked persons and hang off one of its items (an actuació, a
resource, a tràmit or a plan). The file is kept in the private storage
(configuration.storage), under a name that says nothing about its content,
and is served only by the download view. Deleting one marks it, like the
other items, and the coordinators' tool restores it.
"""

import uuid
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from configuration.bounds import validate_record_date
from configuration.models import DocumentKind, DocumentTemplate
from configuration.storage import private_storage
from directory.models import Person

from .items import Actuacio, DeletableItem, Resource, Tramit, expedient_fk
from .plans import InterventionPlan


def document_path(document: "Document", filename: str) -> str:
    """documents/<year>/<random>.<extension of the content>: the stored name
    carries no personal data (the original name is kept in `original_name`)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{date.today():%Y}/{uuid.uuid4().hex}.{extension}"


# The items a document may hang off: (field, model, the expedient tab it opens).
DOCUMENT_ITEMS = (
    ("actuacio", "actuacions"),
    ("resource", "resources"),
    ("tramit", "tramits"),
    ("plan", "plans"),
)


def item_fk(model, verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        related_name="documents",
        null=True,
        blank=True,
    )


class Document(DeletableItem):
    expedient = expedient_fk("documents")

    title = models.CharField(_("title"), max_length=200)
    kind = models.ForeignKey(
        DocumentKind,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(
        _("date"), default=date.today, validators=[validate_record_date]
    )
    persons = models.ManyToManyField(
        Person,
        verbose_name=_("persons concerned"),
        related_name="documents",
        blank=True,
    )
    file = models.FileField(
        _("file"), upload_to=document_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(
        _("file name"), max_length=200, blank=True, editable=False
    )
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    # The area's template it was generated from (casework.services.templates);
    # none: a file the professional attached.
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name=_("generated from template"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    actuacio = item_fk(Actuacio, _("actuació"))
    resource = item_fk(Resource, _("resource"))
    tramit = item_fk(Tramit, _("tràmit"))
    plan = item_fk(InterventionPlan, _("intervention plan"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(
                fields=["expedient", "-date"],
                condition=Q(deleted_at__isnull=True),
                name="casework_document_live_date",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(actuacio__isnull=True, resource__isnull=True, tramit__isnull=True)
                    | Q(actuacio__isnull=True, resource__isnull=True, plan__isnull=True)
                    | Q(actuacio__isnull=True, tramit__isnull=True, plan__isnull=True)
                    | Q(resource__isnull=True, tramit__isnull=True, plan__isnull=True)
                ),
                name="casework_document_one_item",
                violation_error_message=_("A document hangs off one item at most."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title}"

    @property
    def item(self):
        """The item the document hangs off, or None."""
        for name, _tab in DOCUMENT_ITEMS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None
