from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from configuration.holdings import register_holding

        from .models import Person

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
