"""Fill the coordinators' likely-duplicates worklist after a bulk load or import.

Saving a record through the application checks it at once; rows written in bulk
(`generate_load`, future importers) are checked here, one area at a time.
"""

from django.core.management.base import BaseCommand, CommandError

from configuration.models import Area
from directory.services import duplicates_scan


class Command(BaseCommand):
    help = "Find likely duplicate person records (same birth date, similar names)."

    def add_arguments(self, parser):
        parser.add_argument("--area", help="area code (default: every area)")

    def handle(self, *args, **options):
        areas = Area.objects.all()
        if options["area"]:
            areas = areas.filter(code=options["area"])
            if not areas:
                raise CommandError(f"No area with code {options['area']!r}.")
        for area in areas:
            found = duplicates_scan(area=area)
            self.stdout.write(f"{area.code}: {found} likely duplicate pairs")
