from django.core.management.base import BaseCommand, CommandError

from bench.alerts import bench
from bench.alerts.home_care import bench_home_care, load_home_care
from bench.alerts.load import (
    MissingBenchData,
    analyze,
    bench_expedients,
    load_casework,
)
from bench.people.bench import database_label, machine_label
from casework.models import (
    Actuacio,
    InterventionPlan,
    LinkedPerson,
    ProblemRecord,
    Resource,
)


class Command(BaseCommand):
    help = (
        "Time the home screen's alerts panel and each alert page for a social "
        "worker and their coordinator, on N generated expedients (created first, "
        "on the bench persons, if the database holds fewer) and print a markdown "
        "table. Every row is checked against its target (PASS/MISS); the command "
        "fails (exit status 1) when one misses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--expedients", type=int, default=100_000, metavar="N")
        parser.add_argument("--seed", type=int, default=1, metavar="S")
        parser.add_argument("--repeat", type=int, default=15, metavar="R")
        parser.add_argument(
            "--baseline",
            action="store_true",
            help="Also time each screen the plain way (the scope as a plain "
            "subquery), interleaved with the optimised one, for comparison.",
        )

    def handle(self, *args, expedients, seed, repeat, baseline, **options):
        if expedients < 1:
            raise CommandError("--expedients must be at least 1.")
        present = bench_expedients().count()
        if present < expedients:
            self.stdout.write(
                f"Generating {expedients - present:,} expedients (seed {seed})..."
            )
        try:
            result = load_casework(expedients, seed, report=self.stdout.write)
        except MissingBenchData as error:
            raise CommandError(
                f"{error} Run `manage.py seed_demo` and `manage.py bench_search "
                "--persons N` first."
            ) from None
        if result.created:
            rows = ", ".join(f"{n:,} {name}" for name, n in result.rows.items())
            self.stdout.write(f"Created {rows} in {result.seconds:.1f} s.")
        else:
            self.stdout.write(f"Reusing the {result.present:,} bench expedients.")
        added = load_home_care(seed)
        if added:
            analyze()
            self.stdout.write(f"Created {added:,} home-care expedients.")
        worker = bench.typical_worker()
        coordinator = worker and bench.coordinator_of(worker)
        if worker is None or coordinator is None:
            raise CommandError("No bench team found.")
        users = {"worker": worker, "coordinator": coordinator}
        items = bench.run(bench.measures(users, baseline=baseline), max(1, repeat))
        self._header(users, max(1, repeat))
        self.stdout.write("\n".join(bench.report(items)))
        missed = bench.missed(items)
        if missed:
            screens = ", ".join(f"{m.user} {m.screen}" for m in missed)
            raise CommandError(f"Over target (p95): {screens}.")

    def _header(self, users, repeat: int) -> None:
        expedients = bench_expedients()
        counts = ", ".join(
            f"{model.objects.filter(expedient__in=expedients).count():,} {name}"
            for name, model in (
                ("linked persons", LinkedPerson),
                ("actuacions", Actuacio),
                ("problems", ProblemRecord),
                ("resources", Resource),
                ("plans", InterventionPlan),
            )
        )
        lines = [
            "",
            f"## Alerts benchmark: {database_label()}",
            "",
            f"- expedients: {expedients.count():,} generated "
            f"({expedients.filter(state=1).count():,} open); {counts}; "
            f"{bench_home_care().count():,} home-care expedients",
            *(
                f"- {label} `{user.username}`: {bench.scope_label(user)}"
                for label, user in users.items()
            ),
            f"- machine: {machine_label()}",
            f"- {repeat} repetitions, round-robin after an untimed warm-up that "
            "counts the queries; milliseconds through the ORM (the panel's "
            "selector; each page's count and first 50 rows), no template rendering",
            "",
            "",
        ]
        self.stdout.write("\n".join(lines))
