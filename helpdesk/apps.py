from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("Helpdesk")

    def ready(self):
        from casework.signals import break_glass_opened, reference_professional_changed

        from . import details
        from .receivers import on_break_glass_opened, on_reference_professional_changed
        from .tools import details as tool_details

        # The Registres' sentences: handovers, incidents, dismissals, the tools.
        details.register()
        tool_details.register()

        break_glass_opened.connect(
            on_break_glass_opened, dispatch_uid="helpdesk.break_glass_opened"
        )
        reference_professional_changed.connect(
            on_reference_professional_changed,
            dispatch_uid="helpdesk.reference_professional_changed",
        )
