from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Signing in: throttling, password expiry, the second factor, protected files."""

    name = "website.security"
    label = "security"
    verbose_name = _("Sign-in security")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import details
        from .steps import plan_sign_in_steps

        details.register()  # the Registres' sentences for the account changes

        user_logged_in.connect(plan_sign_in_steps, dispatch_uid="llar_sign_in_steps")
