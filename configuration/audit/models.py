"""`AuditEntry`: the audit trail as the Registres screens read it.

A proxy of auditlog's LogEntry (no table of its own) that carries the screen's
permission, `configuration.view_auditentry`, held by coordinators and
administrators (roles.py), and the area scope of the entries.
"""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..scope import AreaScopedQuerySet
from .details import details_sentence
from .events import event_of, user_type_id
from .labels import label_own_fields


def field_label(model, name: str) -> str:
    """A stored field's label ("Municipality of residence"); the name itself
    for a field the model no longer has."""
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return name
    if field is None or field.auto_created:  # reverse relations, the id
        return ""
    return str(capfirst(field.verbose_name))


class AuditEntryQuerySet(AreaScopedQuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """Return the entries of the user's area: what its professionals did
        (`area_lookup`), and the failed sign-ins on their accounts. Entries with
        no area behind them (the support desk's and superusers' actions, attempts
        on unknown usernames) are for superusers only."""
        scoped = super().visible_to(user)
        if scoped.query.is_empty() or user.is_superuser:
            return scoped
        accounts = get_user_model()._default_manager.filter(area_id=user.area_id)
        return scoped | self.filter(
            actor__isnull=True,
            content_type_id=user_type_id(),
            object_id__in=accounts.values("pk"),
        )


class AuditEntry(LogEntry):
    area_lookup = "actor__area"

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        proxy = True
        default_permissions = ("view",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-timestamp", "-pk"]

    def __str__(self) -> str:
        return self.object_repr

    @property
    def event(self):
        return event_of(self)

    @property
    def event_label(self) -> str:
        event = self.event
        return str(event.label) if event else str(self.get_action_display())

    @property
    def professional(self) -> str:
        return str(self.actor) if self.actor_id else ""

    @property
    def changed_fields(self) -> str:
        """The labels of the changed fields, as their forms name them, never
        their values (the record's own history shows those to whom may see)."""
        changes = self.changes if isinstance(self.changes, dict) else {}
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        labels = [
            field_label(model, name) for name in changes if name not in ("id", "extra")
        ]
        if "extra" in changes:  # the area's own fields, each by its label
            if not hasattr(self, "own_field_labels"):
                label_own_fields([self])
            labels += self.own_field_labels
        return ", ".join(sorted(label for label in labels if label))

    @property
    def details(self) -> str:
        """What a summary entry was about, as a sentence in the reader's language
        (details.py), never its internal keys."""
        return details_sentence(self.additional_data, self.object_repr)
