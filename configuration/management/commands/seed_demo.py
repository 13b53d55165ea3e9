from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from configuration.demo import DEMO_PASSWORD
from configuration.demo_registry import DemoContext, registered_steps
from configuration.services import roles_sync


class Command(BaseCommand):
    help = "Load the demo data every app contributes (idempotent) and list the logins."

    def handle(self, *args, **options):
        if not settings.LLAR_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is refused by these settings (LLAR_DEMO_ALLOWED is off): "
                "demo logins share a public password."
            )
        autodiscover_modules("demo")
        ctx = DemoContext()
        with transaction.atomic():
            roles_sync()
            for step in registered_steps():
                step.func(ctx)
        self.stdout.write(
            f"Demo data: created {ctx.counts['created']}, updated "
            f"{ctx.counts['updated']}, unchanged {ctx.counts['unchanged']}"
        )
        self._print_logins(ctx)

    def _print_logins(self, ctx: DemoContext) -> None:
        self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}):")
        for login in ctx.logins:
            self.stdout.write(f"  {login.username:<18} {login.role:<38} {login.area}")
