from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Official returns")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import ReturnDefinition, ReturnVariable

        # Superusers edit the definitions: every change is in the audit trail.
        auditlog.register(ReturnDefinition)
        auditlog.register(ReturnVariable)
