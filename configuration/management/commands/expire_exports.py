from django.core.management.base import BaseCommand

from configuration.export_jobs import export_jobs_expire


class Command(BaseCommand):
    help = (
        "Delete the files of background exports kept longer than "
        "LLAR_EXPORT_KEEP_HOURS and mark them expired. The exports worker "
        "also does it when each file is due; run this from cron or a timer "
        "as well (docs/operations.md)."
    )

    def handle(self, *args, **options):
        expired = export_jobs_expire()
        self.stdout.write(f"{expired} export(s) expired.")
