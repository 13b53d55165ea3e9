from django.core.management.base import BaseCommand, CommandError

from bench.people.population import MissingDemoData, load_population
from bench.people.writer import WRITE_METHODS


class Command(BaseCommand):
    help = (
        "Create N generated people (Catalan name frequencies, about 2% near-"
        "duplicates) in the demo areas, with bulk inserts. Needs `seed_demo` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1, metavar="S")
        parser.add_argument(
            "--batch", type=int, default=10_000, help="Rows per transaction."
        )
        parser.add_argument(
            "--method",
            choices=("auto", *WRITE_METHODS),
            default="auto",
            help="How rows are inserted (auto: COPY on PostgreSQL, INSERT elsewhere).",
        )

    def handle(self, *args, persons, seed, batch, method, **options):
        if persons < 1:
            raise CommandError("--persons must be at least 1.")
        try:
            result = load_population(
                persons, seed, batch=batch, method=method, report=self.stdout.write
            )
        except MissingDemoData as error:
            raise CommandError(
                f"{error} Run `manage.py seed_demo` first: generated people go to "
                "the demo areas, followed by their professionals."
            ) from None
        self.stdout.write(
            f"Created {result.created:,} persons in {result.seconds:.1f} s "
            f"({result.near_duplicates:,} near-duplicates, {result.planted} planted, "
            f"{result.words:,} name words)."
        )
