from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from auditlog.registry import auditlog

        from configuration.holdings import register_holding

        from .models import Kinship, Person, PersonExtended

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
