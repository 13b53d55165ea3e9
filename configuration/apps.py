from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class LlarUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with Llar's professionals screen and scoped policy.

    Wagtail registers a plain policy for the user model in its ready(); this one
    replaces it, so every view that asks about professionals gets the scope rule.
    """

    user_viewset = "configuration.viewsets.organisation.ProfessionalViewSet"

    def ready(self):
        super().ready()
        from wagtail.permissions import register_permission_policy

        from .models import User
        from .scope import ScopedPermissionPolicy

        register_permission_policy(User, ScopedPermissionPolicy(User))


class ConfigurationConfig(AppConfig):
    default = True  # apps.py holds two configs; INSTALLED_APPS names this one
    name = "configuration"
    verbose_name = _("Configuration")

    def ready(self):
        from . import collation, form_definitions  # noqa: F401 (audit sentence)
        from .audit.registration import register_audited_models
        from .audit.signins import connect_sign_in_signals
        from .dates import register_date_fields
        from .numbers import register_decimal_fields
        from .permissions import register_policies

        collation.connect()  # SQLite's Catalan collation, on every connection

        register_policies()
        register_audited_models()
        connect_sign_in_signals()
        register_date_fields()
        register_decimal_fields()
