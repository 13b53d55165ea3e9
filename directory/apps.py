from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from configuration.holdings import register_holding
        from configuration.imports import catalogue_imported

        from . import details
        from .custom_forms import register_directory_forms
        from .links import register_person_link
        from .models import (
            DistinctPersons,
            Kinship,
            Person,
            PersonExtended,
            PersonMerge,
        )
        from .permissions import register_policies
        from .services.typed_values import on_catalogue_imported

        register_policies()
        register_directory_forms()
        from configuration.explotacio import register_listings

        from .explotacio import LISTINGS

        register_listings(LISTINGS)  # its Explotació listings

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
        register_audit_subjects()
        details.register()  # the Registres' sentences for merges and their undo
        post_migrate.connect(ensure_search_index, sender=self)
        catalogue_imported.connect(
            on_catalogue_imported, dispatch_uid="directory.typed_values"
        )

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


def register_audit_subjects():
    """What the Registres count as one person record (configuration/audit)."""
    from configuration.audit.subjects import (
        PERSON,
        register_audit_family,
        register_audit_part,
    )

    from .choosers import person_chooser_viewset

    register_audit_family(
        PERSON,
        label=_("Person"),
        record="directory.Person",
        widget=person_chooser_viewset.widget_class,
    )
    register_audit_part(PERSON, "directory.PersonExtended", "person")
    register_audit_part(PERSON, "directory.Kinship", "person", "relative")


def ensure_search_index(sender, using, **kwargs):
    """Re-create the name index if a migration rebuilt the person table (SQLite)."""
    from django.db import connections

    from . import search_index

    search_index.install(connections[using])
