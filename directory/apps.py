from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from configuration.holdings import register_holding

        from .links import register_person_link
        from .models import (
            DistinctPersons,
            Kinship,
            Person,
            PersonExtended,
            PersonMerge,
        )

        # Every create, change and delete of personal data is in the one audit
        # trail; identifiers are masked in the stored diffs.
        auditlog.register(
            Person,
            mask_fields=[
                "document_number",
                "document_norm",
                "health_card",
                "social_security_number",
            ],
        )
        auditlog.register(PersonExtended)
        auditlog.register(Kinship)
        auditlog.register(DistinctPersons)
        auditlog.register(PersonMerge, exclude_fields=["snapshot"])
        post_migrate.connect(ensure_search_index, sender=self)

        # Kinship points at two records; a merge moves both ends.
        register_person_link("directory.Kinship", "person", label=_("kinship"))
        register_person_link("directory.Kinship", "relative", label=_("kinship"))

        # Deregistering a professional is refused while they are the reference
        # professional of any person record, deceased ones included: no record may
        # be left without one (the transfer tool can move deceased records too).
        register_holding(
            "directory.person_records",
            label=_("person records"),
            count=lambda professional: Person.objects.filter(
                reference_professional=professional
            ).count(),
        )


def ensure_search_index(sender, using, **kwargs):
    """Re-create the name index if a migration rebuilt the person table (SQLite)."""
    from django.db import connections

    from . import search_index

    search_index.install(connections[using])
