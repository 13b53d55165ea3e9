from django.core.management.base import BaseCommand, CommandError

from bench.agenda import bench
from bench.agenda.load import APPOINTMENTS, bench_appointments, load_week, this_monday
from bench.alerts.bench import missed, run
from bench.alerts.load import MissingBenchData
from bench.people.bench import database_label, machine_label


class Command(BaseCommand):
    help = (
        "Time the calendar's week for a team of 16 (the coordinator and the "
        "front desk) and one worker's own week, on N bench appointments this "
        "week (added first when fewer), and print a markdown table; fails "
        "(exit status 1) when a p95 is over 300 ms."
    )

    def add_arguments(self, parser):
        parser.add_argument("--appointments", type=int, default=APPOINTMENTS)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeat", type=int, default=15)

    def handle(self, *args, appointments, seed, repeat, **options):
        if appointments < 1:
            raise CommandError("--appointments must be at least 1.")
        try:
            team, added = load_week(appointments, seed)
        except MissingBenchData as error:
            raise CommandError(str(error)) from None
        week = bench_appointments(this_monday()).count()
        items = run(bench.measures(team), max(1, repeat))
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"## Agenda benchmark: {database_label()}",
                    "",
                    f"- {week:,} bench appointments this week ({added:,} added now) "
                    f"for the {len(team.members)} agendas of {team.team.name}",
                    f"- machine: {machine_label()}",
                    f"- {max(1, repeat)} repetitions, round-robin after an untimed "
                    "warm-up that counts the queries; milliseconds for the events "
                    "and duty slots of the week, serialised as the endpoint does",
                    "",
                    *bench.report(items),
                    "",
                ]
            )
        )
        if over := missed(items):
            screens = ", ".join(f"{m.user} {m.screen}" for m in over)
            raise CommandError(f"Over target (p95): {screens}.")
