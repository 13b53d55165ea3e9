"""Count every professional's alerts and notify the new ones (run it from cron).

    */30 7-20 * * 1-5  cd /srv/llar && .venv/bin/python manage.py refresh_alerts

The home panel counts live; this command only remembers what it found
(`AlertSnapshot`) and sends one notice to each professional with alerts that
were not there on the previous run. The first run notifies every alert.
"""

from django.core.management.base import BaseCommand

from helpdesk.alerts.services import alerts_refresh_all


class Command(BaseCommand):
    help = "Refresh every professional's alerts and notify the new ones."

    def handle(self, *args, **options):
        result = alerts_refresh_all()
        self.stdout.write(
            f"{result.professionals} professionals, {result.notified} notified, "
            f"{result.new_alerts} new alerts."
        )
