from django.core.management.base import BaseCommand

from configuration.services import roles_sync


class Command(BaseCommand):
    help = "Create or update the role groups defined in configuration/roles.py."

    def handle(self, *args, **options):
        result = roles_sync()
        self.stdout.write(
            f"Roles: created {len(result.created)}, updated {len(result.updated)}, "
            f"unchanged {len(result.unchanged)}"
        )
