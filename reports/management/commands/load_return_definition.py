"""Load the shipped definition of a return for a year (RUDEL Fitxa 1 by default)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.definitions import SHIPPED, load_definition
from reports.enums import ReturnKind
from reports.models import ReturnDefinition, ReturnVariable


class Command(BaseCommand):
    help = "Load the shipped definition of an official return for a year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument(
            "--kind",
            choices=[str(kind) for kind in SHIPPED],
            default=ReturnKind.RUDEL_FITXA1,
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Put the shipped variables back over any changes made on screen.",
        )

    def handle(self, *args, year, kind, refresh, **options):
        definition, created = load_definition(
            ReturnDefinition, ReturnVariable, kind=kind, year=year, refresh=refresh
        )
        state = "created" if created else ("refreshed" if refresh else "unchanged")
        self.stdout.write(
            f"{definition}: {state}, {definition.variables.count()} variables."
        )
